"""Which appraisal year holds a date, for the placement list's year filter, the admin and the import
checks. contributions may not import awards, where the one rule lives (awards/years.py): awards
registers its calendar here when it loads, and everything below asks through `appraisal_calendar()`."""

from collections.abc import Callable
from typing import Protocol


class AppraisalCalendar(Protocol):
    def period(self, number: int): ...

    def year_of(self, day): ...

    def this_year(self, today=None) -> int: ...

    def offered(self, today=None) -> list[int]: ...


_provider: list[Callable[[int | None], AppraisalCalendar]] = []


def register_calendar(provider: Callable[[int | None], AppraisalCalendar]) -> None:
    """Called once by the awards app when it loads: provider(office id) → that office's calendar."""
    _provider[:] = [provider]


def appraisal_calendar(office: int | None = None) -> AppraisalCalendar:
    """An office's calendar (each office has its own appraisal years; the root's when none is named)."""
    if not _provider:
        raise RuntimeError("awards has not registered the appraisal calendar (is it in INSTALLED_APPS?)")
    return _provider[0](office)
