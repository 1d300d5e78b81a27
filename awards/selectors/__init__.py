"""Every read of the awards app with a rule in it, by subject; this package only gathers their names."""

from .candidates import AwardRow, WorkCandidate, award_rows, eligible_works, information_officers, work_candidates
from .details import INTERNAL_LABEL, PlacementDetail, placement_details, placement_details_in, points_of_placements
from .tallies import (
    COUNTED,
    LEVELS,
    LevelCounts,
    TallyRow,
    YearTallies,
    correspondent_tallies,
    county_rollup,
    level_counts,
    summed,
    total_row,
    unit_tallies,
    year_tallies,
)

__all__ = [
    "AwardRow", "COUNTED", "INTERNAL_LABEL", "LEVELS", "LevelCounts", "PlacementDetail", "TallyRow", "WorkCandidate",
    "YearTallies", "award_rows", "correspondent_tallies", "county_rollup", "eligible_works", "information_officers",
    "level_counts", "placement_details", "placement_details_in", "points_of_placements", "summed", "total_row", "unit_tallies",
    "work_candidates", "year_tallies",
]
