"""What is still open in a year when an administrator is about to close it, and what closing does to it."""

import datetime
from dataclasses import dataclass, field

from contributions.models import Contribution, PlacementClaim, State
from journal.models import JournalIssue

from ..years import Year

SHOWN = 10  # rows of each kind listed on the confirmation page


@dataclass
class PendingWork:
    days_left: int  # days of the period after today (0 once it has ended)
    claims: int = 0  # reports of placements dated in the year, waiting to be checked
    claim_rows: list = field(default_factory=list)
    waiting: int = 0  # pieces waiting for review (sent to the office, not decided)
    waiting_rows: list = field(default_factory=list)
    unplaced: int = 0  # accepted pieces with no placement yet (待刊用)
    issues: list = field(default_factory=list)  # journal issues dated in the year, not yet published

    @property
    def anything(self) -> bool:
        return bool(self.days_left or self.claims or self.waiting or self.unplaced or self.issues)


def pending_before_closing(year: Year, today: datetime.date) -> PendingWork:
    """A few counting queries and the first rows of each kind, whatever the year's size."""
    claims = PlacementClaim.objects.filter(state=PlacementClaim.ClaimState.PENDING,
                                           published_on__gte=year.start, published_on__lte=year.end)
    waiting = Contribution.objects.waiting_for_office()
    unplaced = Contribution.objects.in_state(State.ACCEPTED)  # a first placement publishes a piece
    return PendingWork(
        days_left=max(0, (year.end - today).days),
        claims=claims.count(),
        claim_rows=list(claims.select_related("contribution", "outlet").order_by("published_on", "id")[:SHOWN]),
        waiting=waiting.count(),
        waiting_rows=list(waiting.select_related("credited_unit").order_by("updated_at", "id")[:SHOWN]),
        unplaced=unplaced.count(),
        issues=list(JournalIssue.objects.filter(issue_date__gte=year.start, issue_date__lte=year.end)
                    .exclude(status=JournalIssue.Status.PUBLISHED).select_related("outlet")[:SHOWN]),
    )
