"""An assignment's state, as annotations: it follows the pieces that answer it.

待交稿 (nothing submitted yet) → 已交稿 (a piece answering it reached the office) → 已录用 / 已刊发 (that
piece was accepted / placed); 逾期 when the due date has passed with nothing submitted. Delivered on
time when the first answer reached the office on or before the due date. The rules with a name
(overdue, waiting, delivered) are the Assignment QuerySet's (planning.models); these annotations
apply them to a computed level instead of a second subquery."""

import datetime

from django.db import connection, connections
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, TruncDate

from contributions.models import State, Transition
from contributions.states import ACCEPTED_OR_PLACED, DELIVERED, PLACED

from .models import Answer, Assignment, AssignmentQuerySet

# How far an answer has got: 0 a draft (or nothing), 1 delivered, 2 accepted, 3 placed.
LEVEL_OF_STATE = {state: 3 if state in PLACED else 2 if state in ACCEPTED_OR_PLACED else 1 for state in DELIVERED}
LABELS = {3: "已刊发", 2: "已录用", 1: "已交稿"}
WAITING, OVERDUE = "待交稿", "逾期"
NOTHING_DELIVERED = Q(level=0)  # on with_progress's annotation
# What 约稿完成情况 counts each assignment as (with_progress's `timeliness`).
ON_TIME, LATE, MISSING, NOT_YET_DUE = "on_time", "late", "missing", "waiting"


def _level_of_answers():
    answers = Answer.objects.filter(assignment=OuterRef("pk")).annotate(level=Case(
        *[When(contribution__state=state, then=Value(level)) for state, level in LEVEL_OF_STATE.items()],
        default=Value(0), output_field=IntegerField(),
    )).order_by("-level").values("level")[:1]
    return Coalesce(Subquery(answers, output_field=IntegerField()), Value(0))


def _first_delivered_on():
    """The local day the first answer reached the office: its first 报送, or, for a piece the office
    entered itself (never submitted), the day it was linked. Each answer's day is looked up through
    the transitions' (contribution, created_at) index, then the earliest is taken."""
    # The piece's own transitions (the (contribution, created_at) index), the first 报送. On PostgreSQL
    # the state is compared as text: given "to_state = 'submitted' ORDER BY created_at LIMIT 1" it
    # walked the (to_state, created_at) index from the first transition ever until it met this
    # piece's (20 s for a year of this year's pieces); SQLite picks the right index by itself.
    transitions = Transition.objects.filter(contribution_id=OuterRef("contribution_id"))
    if connection.vendor == "postgresql":
        transitions = transitions.alias(move=Lower("to_state")).filter(move=State.SUBMITTED)
    else:
        transitions = transitions.filter(to_state=State.SUBMITTED)
    submitted = transitions.order_by("created_at").values("created_at")[:1]
    reached = (Answer.objects.filter(assignment=OuterRef("pk"), contribution__state__in=DELIVERED)
               .annotate(at=Coalesce(Subquery(submitted), F("linked_at")))
               .order_by("at").annotate(day=TruncDate("at")).values("day")[:1])
    return Subquery(reached)


def with_progress(assignments, today: datetime.date):
    """Assignments annotated with `level` (0–3), `delivered_on`, `overdue` (nothing delivered and the
    due date passed; overdue ones first when ordered by `-overdue`) and `timeliness` (on time, late,
    missing or not yet due)."""
    overdue = AssignmentQuerySet.overdue_when(NOTHING_DELIVERED, today)
    return assignments.annotate(level=_level_of_answers(), delivered_on=_first_delivered_on()).annotate(
        overdue=Case(When(overdue, then=Value(1)), default=Value(0), output_field=IntegerField()),
        timeliness=Case(
            When(overdue, then=Value(MISSING)),
            When(NOTHING_DELIVERED, then=Value(NOT_YET_DUE)),
            When(delivered_on__lte=F("due_on"), then=Value(ON_TIME)),
            default=Value(LATE), output_field=CharField()),
    )


def status_label(assignment) -> str:
    """The state's name, from the annotations of with_progress."""
    if assignment.level:
        return LABELS[assignment.level]
    return OVERDUE if assignment.overdue else WAITING


def labelled(assignments, today: datetime.date):
    """Give each annotated assignment its `status` (status_label) and `days_left`, for display."""
    for assignment in assignments:
        assignment.status = status_label(assignment)
        assignment.days_left = (assignment.due_on - today).days
    return assignments


def open_assignments(assignments, today: datetime.date):
    """Nothing delivered yet (waiting or overdue), overdue first, then by due date; annotated like
    with_progress (level 0, overdue) with a plain filter, cheap enough for the portal's home."""
    return assignments.undelivered().annotate(
        level=Value(0, output_field=IntegerField()),
        overdue=Case(When(AssignmentQuerySet.overdue_when(Q(), today), then=Value(1)), default=Value(0),
                     output_field=IntegerField()),
    ).order_by("due_on", "id")  # the overdue are the earliest due


COUNTS = ("assigned", "on_time", "late", "missing", "waiting")


def _counted(annotated, groups: tuple[str, ...]) -> list[dict]:
    """Count with_progress's states per group in the database, over the annotated rows taken as a
    table of their own: each assignment's level and delivery day are looked up once (inlined into
    five filtered counts, the lookups ran once per count)."""
    inner = annotated.values(*groups, "timeliness").order_by()
    connection = connections[inner.db]
    sql, params = inner.query.get_compiler(using=inner.db).as_sql()
    name = connection.ops.quote_name
    columns = ", ".join(name(group) for group in groups)
    # One count per value of with_progress's `timeliness` (the values are our own constants).
    counts = "COUNT(*), " + ", ".join(f"SUM(CASE WHEN {name('timeliness')} = '{value}' THEN 1 ELSE 0 END)"
                                      for value in (ON_TIME, LATE, MISSING, NOT_YET_DUE))
    # Materialized: PostgreSQL would otherwise pull the rows' query up into the counts and run every
    # lookup once per count (a year took 0.9–40 s); SQLite materializes such a CTE by itself.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    query = (f"WITH progress AS {materialized}({sql}) SELECT {columns + ', ' if columns else ''}{counts} FROM progress"
             + (f" GROUP BY {columns} ORDER BY {columns}" if columns else ""))
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [{**dict(zip(groups, row)), **{key: int(value or 0) for key, value in zip(COUNTS, row[len(groups):])}}
            for row in rows]


def completion(assignments, today: datetime.date) -> dict[str, int]:
    """Assigned / delivered on time / late / missing (overdue) / still waiting, counted by the database."""
    return _counted(with_progress(assignments, today), ())[0]


def completion_by_assignee(assignments, today: datetime.date) -> list[dict]:
    """The same counts per unit (a correspondent's assignments count for their unit) and per team."""
    annotated = with_progress(assignments, today).annotate(
        group_unit=Coalesce("unit__name", "correspondent__unit__name"), group_team=F("team__name"))
    rows = _counted(annotated, ("group_unit", "group_team"))
    result = []
    for row in rows:
        name = row["group_unit"] or f"小组：{row['group_team']}"
        due = row["assigned"] - row["waiting"]
        result.append({**row, "name": name, "rate": f"{row['on_time'] / due:.0%}" if due else "—"})
    return sorted(result, key=lambda r: (-r["assigned"], r["name"]))


def completion_in(start: datetime.date, end: datetime.date, today: datetime.date, *, office: int) -> list[dict]:
    """约稿完成情况 of an office's assignments due in a period (an appraisal year's), by unit and team."""
    return completion_by_assignee(Assignment.objects.filter(office_id=office).due_between(start, end), today)


def overdue_count(today: datetime.date, *, office: int | None = None) -> int:
    """An office's overdue assignments of the last year (what the desk's navigation shows): a plain
    filter, an index lookup per assignment, cheap enough for every desk page."""
    assignments = Assignment.objects.recent(today).overdue(today)
    return (assignments if office is None else assignments.filter(office_id=office)).count()
