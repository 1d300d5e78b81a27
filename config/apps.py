from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig


class OfficeAdminConfig(AdminConfig):
    """django.contrib.admin with the office's site (config.admin_site); connects the login records."""

    default_site = "config.admin_site.OfficeAdminSite"

    def ready(self):
        super().ready()
        from . import logins, two_factor  # noqa: F401 (connect their receivers)


class LoginGuardConfig(AxesConfig):
    """django-axes, named in Chinese in the admin's sidebar."""

    verbose_name = "登录防护"
