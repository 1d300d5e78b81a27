"""The year's rankings as the year-end page shows them, for tests that name a year by its number."""

from awards.selectors import year_tallies
from awards.years import resolve_year


def unit_rows(year: int):
    return year_tallies(resolve_year(year), people=False).units


def people_rows(year: int):
    return year_tallies(resolve_year(year), units=False).people
