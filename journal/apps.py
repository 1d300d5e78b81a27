from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The committee's own journal and bulletins: issues planned, assembled and published."""

    name = "journal"
    verbose_name = "机关刊物期次"
