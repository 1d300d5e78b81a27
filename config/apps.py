from django.contrib.admin.apps import AdminConfig


class OfficeAdminConfig(AdminConfig):
    """django.contrib.admin with the office's site (config.admin_site)."""

    default_site = "config.admin_site.OfficeAdminSite"
