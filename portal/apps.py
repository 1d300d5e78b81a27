from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The correspondents' front door."""

    name = "portal"
    verbose_name = "通讯员门户"

    def ready(self) -> None:
        from django.urls import reverse

        from contributions.workflow import register_piece_link

        register_piece_link(lambda pk: reverse("portal:contribution-detail", args=[pk]))
