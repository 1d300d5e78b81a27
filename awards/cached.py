"""The numbers pages show, cached per data version (datacache). The rules stay in the selectors:
these only remember what the selectors computed for a given state of the database.

Pages ask for the small pieces they show (a person's row, one page of the people ranking, the top
candidates) so that a request never unpickles a whole ranking it does not display."""

from dataclasses import dataclass

from contributions.models import Authorship, Placement
from contributions.paging import KeysetPage, keyset_page_at
from correspondents.network import scope_of
from datacache.cache import cached

from .selectors import (
    TallyRow,
    YearTallies,
    award_rows,
    information_officers,
    points_of_placements,
    summed,
    work_candidates,
    year_tallies,
)
from .selectors.tallies import in_network
from .years import Year, resolve_year

PEOPLE_PER_PAGE = 50


def tallies(year: int, *, office: int | None = None, units: bool = True, people: bool = True) -> YearTallies:
    return cached("tallies", (office, year, units, people),
                  lambda: year_tallies(resolve_year(year, office=office), units=units, people=people),
                  scope=scope_of(office))


def candidates(year: int, *, office: int | None = None, papers_only: bool = False, order: str = "points"):
    return cached("candidates", (office, year, papers_only, order),
                  lambda: work_candidates(resolve_year(year, office=office), papers_only=papers_only, order=order),
                  scope=scope_of(office))


def awards(year: int, *, office: int | None = None):
    return cached("awards", (office, year), lambda: award_rows(resolve_year(year, office=office)),
                  scope=scope_of(office))


@dataclass
class YearPage:
    """What the year-end page shows of the rankings, without the whole people ranking."""

    tallies: YearTallies  # units and counties only
    people_count: int
    top_people: list[TallyRow]
    top_officers: list[TallyRow]

    @property
    def totals(self):
        return summed(self.tallies.units)


def year_page(year: int, *, office: int | None = None) -> YearPage:
    def compute() -> YearPage:
        full = tallies(year, office=office)
        units_only = YearTallies(full.year, full.period_start, full.period_end, units=full.units,
                                 counties=full.counties, frozen=full.frozen)
        return YearPage(units_only, len(full.people), full.people[:PEOPLE_PER_PAGE],
                        information_officers(full.people)[:PEOPLE_PER_PAGE])

    return cached("year-page", (office, year), compute, scope=scope_of(office))


def people_page(year: int, number: int, *, office: int | None = None) -> tuple[list[TallyRow], int]:
    """One page of the people ranking and the number of pages."""
    def compute():
        people = tallies(year, office=office).people
        pages = max(1, -(-len(people) // PEOPLE_PER_PAGE))
        page = min(max(1, number), pages)
        return people[(page - 1) * PEOPLE_PER_PAGE: page * PEOPLE_PER_PAGE], pages

    return cached("people-page", (office, year, number), compute, scope=scope_of(office))


def person(year: int, correspondent_id: int, *, office: int | None = None) -> tuple[TallyRow | None, int]:
    """A correspondent's row of an office's people ranking (with rank) and how many people it ranks."""
    def compute():
        people = tallies(year, office=office).people
        return next((row for row in people if row.id == correspondent_id), None), len(people)

    return cached("person", (office, year, correspondent_id), compute, scope=scope_of(office))


def person_placements(year: Year, correspondent_id: int, *, after: str = "", before: str = "",
                      count: int | None = None) -> KeysetPage:
    """A page of a correspondent's placements of the year that the office counts (its network's),
    newest first, each with its points and the person's share (the portal's home page)."""
    def compute() -> KeysetPage:
        mine = in_network(Placement.objects.in_period(year.start, year.end), year.scope).filter(
            contribution_id__in=Authorship.objects.filter(correspondent_id=correspondent_id).values("contribution_id")
        ).select_related("contribution", "outlet").only(
            # What the page shows, and only columns whose change bumps the data version.
            "published_on", "page", "prominence", "contribution__title", "outlet__name", "outlet__level")
        page = keyset_page_at(mine, after=after, before=before, count=count)
        points = points_of_placements(page.rows, office=year.scope.office_id)
        shares = dict(Authorship.objects.filter(correspondent_id=correspondent_id,
                                                contribution_id__in=[p.contribution_id for p in page.rows])
                      .order_by().values_list("contribution_id", "share"))
        for placement in page.rows:
            placement.points = points[placement.pk]
            placement.my_share = shares.get(placement.contribution_id)
        return page

    return cached("person-placements", (year.scope.office_id, year.number, correspondent_id, after, before), compute,
                  scope=year.scope)
