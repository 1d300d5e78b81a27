from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig


class OfficeAdminConfig(AdminConfig):
    """django.contrib.admin with the office's site (config.admin_site)."""

    default_site = "config.admin_site.OfficeAdminSite"


class LoginGuardConfig(AxesConfig):
    """django-axes, named in Chinese in the admin's sidebar."""

    verbose_name = "登录防护"
