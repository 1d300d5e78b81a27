from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """培训: training sessions for correspondents, invited through a notice with sign-up, attendance,
    each person's training history and the year's count. Above planning (notices), below the front doors."""

    name = "training"
    verbose_name = "培训"
