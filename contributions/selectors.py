"""Reads with a rule in them: what the office's queue shows, near-duplicate titles, placement search."""

import datetime
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from correspondents.models import Unit
from outlets.models import Column, Outlet

from .models import Authorship, Contribution, Placement, PlacementClaim, State
from .states import StateGroup

# Brackets, punctuation and spaces say nothing about which article a title names.
TITLE_NOISE = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’《》〈〉「」『』【】（）()\[\]{}<>—\-_·.,;:!?'\"|/\\…]+")
DUPLICATE_SIMILARITY = 0.8


def with_byline(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.select_related("correspondent").order_by("position"))
    )


def review_queue(*, group: StateGroup | None = None) -> QuerySet:
    """Contributions waiting for the office (or those of one of the queue's groups), the longest-waiting first."""
    pieces = Contribution.objects.in_state(*group.states) if group else Contribution.objects.waiting_for_office()
    return with_byline(
        pieces.select_related("credited_unit")
        .annotate(
            attachment_count=Count("attachments", distinct=True),
            submitted_at=Max("transitions__created_at", filter=Q(transitions__to_state=State.SUBMITTED)),
        )
        .order_by("submitted_at", "created_at", "id")
    )


def normalised_title(title: str) -> str:
    return TITLE_NOISE.sub("", title).lower()


@dataclass
class PossibleDuplicate:
    contribution: Contribution
    similarity: float

    @property
    def reason(self) -> str:
        if self.similarity >= 0.999:
            return "去掉标点和空格后标题完全相同"
        return f"标题相似度 {self.similarity:.0%}"


DUPLICATE_WINDOW = datetime.timedelta(days=400)


def possible_duplicates(*, title: str, around: datetime.date, exclude_pk: int | None = None,
                        limit: int = 5, among: QuerySet | None = None) -> list[PossibleDuplicate]:
    """Contributions written within about a year of a day whose titles are the same or nearly so
    (among the pieces the reader may see: an office's network, a correspondent's home office's).

    One query narrows those contributions to the ones sharing a run of the title's characters;
    the few that remain are compared in full.
    """
    core = normalised_title(title)
    if len(core) < 4:
        return []
    probes = {core[:6], core[-6:], core[len(core) // 2 - 3: len(core) // 2 + 3]}
    match_any = Q()
    for probe in probes:
        if len(probe) >= 4:
            match_any |= Q(title__icontains=probe)
    # The window as moments (local midnights), not dates of moments: the index on created_at then
    # serves it, newest first (a province's 480,000 pieces took 1.8 s the other way).
    first = timezone.make_aware(datetime.datetime.combine(around - DUPLICATE_WINDOW, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(around + DUPLICATE_WINDOW + datetime.timedelta(days=1),
                                                          datetime.time.min))
    candidates = (
        (among if among is not None else Contribution.objects.all()).filter(
            match_any, created_at__gte=first, created_at__lt=after)
        .exclude(pk=exclude_pk)
        .select_related("credited_unit")
        .order_by("-created_at")[:50]
    )
    found = []
    for candidate in candidates:
        similarity = SequenceMatcher(None, core, normalised_title(candidate.title)).ratio()
        if similarity >= DUPLICATE_SIMILARITY:
            found.append(PossibleDuplicate(candidate, similarity))
    found.sort(key=lambda duplicate: -duplicate.similarity)
    return found[:limit]


def search_contributions(query: str, *, limit: int = 20, among: QuerySet | None = None) -> QuerySet:
    """Find a contribution (among those an office sees, when given) by part of its title or an
    author's name, placed-or-placeable first."""
    query = query.strip()
    if not query:
        return Contribution.objects.none()
    pieces = among if among is not None else Contribution.objects.all()
    matching = pieces.placeable().filter(
        Q(title__icontains=query) | Q(authorships__correspondent__name=query)
    )
    ids = matching.values("pk").distinct()
    return with_byline(
        Contribution.objects.filter(pk__in=ids).select_related("credited_unit").order_by("-created_at")[:limit]
    )


# --- what a correspondent may see ------------------------------------------------------------------

def contributions_of(correspondent) -> QuerySet:
    """A correspondent sees the contributions they (co-)authored and nothing else."""
    return Contribution.objects.filter(pk__in=Authorship.objects.filter(correspondent=correspondent).values("contribution"))


def claims_waiting() -> QuerySet:
    same_placement = Placement.objects.filter(contribution=OuterRef("contribution"), outlet=OuterRef("outlet"),
                                              published_on=OuterRef("published_on"))
    return (
        PlacementClaim.objects.filter(state=PlacementClaim.ClaimState.PENDING)
        .select_related("contribution__credited_unit", "claimed_by__unit", "outlet")
        .annotate(already_placed=Exists(same_placement))
        .order_by("created_at", "id")
    )


# --- how each number came to be ----------------------------------------------------------------------

@dataclass
class ChangeEntry:
    when: datetime.datetime
    who: str
    what: str
    changes: list[str]


HISTORY_KINDS = {"+": "新建", "~": "修改", "-": "删除"}


def change_history(contribution: Contribution) -> list[ChangeEntry]:
    """Every create, change and delete of the piece's fields and of its placements, newest first.

    A fixed number of queries: the two history tables, and the names of the outlets, columns and
    units the records point to.
    """
    pieces = list(Contribution.history.filter(id=contribution.pk).select_related("history_user").order_by("history_date", "history_id"))
    placements = list(
        Placement.history.filter(contribution_id=contribution.pk).select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    names = {
        "outlet_id": dict(Outlet.objects.filter(pk__in={p.outlet_id for p in placements}).values_list("pk", "name")),
        "column_id": dict(Column.objects.filter(pk__in={p.column_id for p in placements if p.column_id}).values_list("pk", "name")),
        "credited_unit_id": dict(Unit.objects.filter(pk__in={p.credited_unit_id for p in pieces}).values_list("pk", "name")),
    }

    def shown(record, field) -> str:
        value = getattr(record, field.attname)
        if field.attname in names:
            return names[field.attname].get(value, "") if value else "（无）"
        if field.choices:
            return dict(field.choices).get(value, value)
        return "" if value is None else str(value)

    def entries(records, tracked, label) -> list[ChangeEntry]:
        found, previous = [], {}
        for record in records:
            key = record.id
            fields = [f for f in record._meta.fields if f.name in tracked]
            if record.history_type == "~" and key in previous:
                before = previous[key]
                changes = [f"{f.verbose_name}：{shown(before, f)} → {shown(record, f)}"
                           for f in fields if getattr(before, f.attname) != getattr(record, f.attname)]
                if not changes:
                    previous[key] = record
                    continue
            else:
                changes = [f"{f.verbose_name}：{shown(record, f)}" for f in fields if getattr(record, f.attname) not in (None, "")] \
                    if record.history_type == "+" else []
            who = (record.history_user.get_full_name() or record.history_user.get_username()) if record.history_user else "系统"
            found.append(ChangeEntry(record.history_date, who, f"{HISTORY_KINDS[record.history_type]}{label(record)}", changes))
            previous[key] = record
        return found

    piece_fields = {"title", "body", "genre", "credited_unit"}
    placement_fields = {"outlet", "column", "published_on", "edition", "page", "prominence", "url"}
    result = entries(pieces, piece_fields, lambda r: "稿件") + entries(
        placements, placement_fields,
        lambda r: f"用稿记录（{names['outlet_id'].get(r.outlet_id, '')} {r.published_on:%Y-%m-%d}）",
    )
    result.sort(key=lambda entry: entry.when, reverse=True)
    return result
