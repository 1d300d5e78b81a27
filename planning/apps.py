from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Planning the publicity: topics followed through their stages, commissioned pieces with
    deadlines, notices to correspondents, calendar feeds. Above contributions, below awards."""

    name = "planning"
    verbose_name = "宣传计划"
