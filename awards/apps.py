from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "评选与积分"

    def ready(self) -> None:
        # contributions may not import awards; awards tells it which dates are frozen.
        from contributions.calendar import register_calendar
        from contributions.services import register_placement_guard

        from .services import refuse_placements_in_closed_years
        from .years import year_calendar

        register_placement_guard(refuse_placements_in_closed_years)
        # contributions may not import awards either; awards tells it which year holds a date.
        register_calendar(year_calendar)
