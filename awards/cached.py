"""The numbers pages show, cached per data version (datacache). The rules stay in the selectors:
these only remember what the selectors computed for a given state of the database."""

from datacache.cache import cached

from .selectors import award_rows, work_candidates, year_tallies
from .years import resolve_year


def tallies(year: int, *, units: bool = True, people: bool = True):
    return cached("tallies", (year, units, people),
                  lambda: year_tallies(resolve_year(year), units=units, people=people))


def candidates(year: int, *, papers_only: bool = False, order: str = "points"):
    return cached("candidates", (year, papers_only, order),
                  lambda: work_candidates(resolve_year(year), papers_only=papers_only, order=order))


def awards(year: int):
    return cached("awards", (year,), lambda: award_rows(resolve_year(year)))
