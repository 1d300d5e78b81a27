"""The numbers of the desk's statistics page, computed by the selectors and cached per data version."""

import datetime

from awards.selectors import summed, year_tallies
from awards.statistics import (
    flow,
    level_medium_table,
    monthly_counts,
    outlets_year_to_date,
    team_weeks,
    top_outlets,
    year_to_date,
    year_to_date_counts,
)
from awards.workbook import target_measure
from awards.years import resolve_year, this_year
from correspondents.network import scope_of
from datacache.cache import cached
from journal.selectors import journal_year
from planning.progress import completion_in


def statistics(year: int, today: datetime.date, *, office: int | None = None) -> dict:
    """Every number of an office's statistics page for a year, as of today (year to date, team weeks)."""

    def compute() -> dict:
        resolved = resolve_year(year, office=office)
        scope = resolved.scope
        tallies = year_tallies(resolved, people=False)
        totals = summed(tallies.units)
        ytd = year_to_date_counts(today, scope)
        ytd_rows, ytd_total = year_to_date(ytd)
        current = this_year(today, office=office)  # the weeks are this year's
        current_rules = (resolved if current == year else resolve_year(current, office=office)).rules
        mondays, teams = team_weeks(today, scope, by_pieces=current_rules.best_only)
        return {
            "units": tallies.units, "counties": tallies.counties, "unit_totals": totals,
            "flow": flow(resolved.start, resolved.end, totals, scope),
            "media": level_medium_table(resolved), "months": monthly_counts(resolved),
            "period_start": resolved.start, "period_end": resolved.end,
            "target_measure": target_measure(resolved.rules), "team_measure": target_measure(current_rules),
            "ytd_rows": ytd_rows, "ytd_total": ytd_total, "last_day": ytd.last_day, "ytd_year": ytd.year,
            "outlets_ytd": outlets_year_to_date(ytd)[:20], "mondays": mondays, "teams": teams,
            "top_outlets": top_outlets(resolved),
            "journal": journal_year(resolved.start, resolved.end, office=scope.office_id),
        }

    return cached("statistics", (office, year, today.isoformat()), compute, scope=scope_of(office))


def assignment_completion(year: int, today: datetime.date, *, office: int | None = None) -> list[dict]:
    """约稿完成情况 by unit and team for the office's assignments due in the appraisal year's period (as
    the year-end workbook counts them), as of today."""
    def compute() -> list[dict]:
        resolved = resolve_year(year, office=office)
        return completion_in(resolved.start, resolved.end, today, office=resolved.scope.office_id)

    return cached("completion", (office, year, today.isoformat()), compute, scope=scope_of(office))
