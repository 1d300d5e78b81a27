from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    """新闻单位联络: the office's standing relationship with the news organisations — contacts,
    cooperation agreements with their delivery, coordination meetings. Above planning (meetings lead to
    topics of the plan), below the front doors."""

    name = "liaison"
    verbose_name = "新闻单位联络"
