from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The correspondents' front door."""

    name = "portal"
    verbose_name = "通讯员门户"
