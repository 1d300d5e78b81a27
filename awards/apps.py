from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "评选与积分"

    def ready(self) -> None:
        # contributions may not import awards; awards tells it which dates are frozen.
        from contributions.services import register_placement_guard

        from .services import refuse_placements_in_closed_years

        register_placement_guard(refuse_placements_in_closed_years)
