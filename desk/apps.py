from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The office's front door: every page editors and administrators work in, outside the admin."""

    name = "desk"
    verbose_name = "工作台"
