import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from contributions.models import Authorship, Genre

from .models import IssueItem, JournalIssue


@dataclass
class JournalYear:
    """What the committee's own outlets printed in a year: issues, pieces and photos."""

    outlet: str
    issues: int
    pieces: int
    photos: int


def journal_year(start: datetime.date, end: datetime.date, *, office: int) -> list[JournalYear]:
    """The published issues of the office's own outlets in a period."""
    published = Q(issue__status=JournalIssue.Status.PUBLISHED, issue__issue_date__gte=start,
                  issue__issue_date__lte=end, issue__outlet__owner_id=office)
    rows = (IssueItem.objects.filter(published).values("issue__outlet__name")
            .annotate(issues=Count("issue", distinct=True), pieces=Count("pk"),
                      photos=Count("pk", filter=Q(contribution__genre=Genre.PHOTO)))
            .order_by("issue__outlet__name"))
    return [JournalYear(row["issue__outlet__name"], row["issues"], row["pieces"], row["photos"]) for row in rows]


def table_of_contents(issue: JournalIssue) -> list[tuple[str, list[IssueItem]]]:
    """The issue's pieces by section (the outlet's column), in order; pieces without a section last."""
    sections: dict[str, list[IssueItem]] = {}
    items = (issue.items.select_related("contribution__credited_unit", "column")
             .prefetch_related(Prefetch("contribution__authorships",
                                        queryset=Authorship.objects.select_related("correspondent").order_by("position")))
             .order_by("column__name", "position", "id"))
    for item in items:
        sections.setdefault(item.column.name if item.column else "", []).append(item)
    ordered = [(name, entries) for name, entries in sections.items() if name]
    if "" in sections:
        ordered.append(("其他", sections[""]))
    return ordered
