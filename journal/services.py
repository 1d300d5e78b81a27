"""Assembling and publishing an issue of an office's own journal (an outlet the office owns), by that
office's staff, with pieces of its network."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from contributions.models import Contribution, Prominence
from contributions.services import placement_create
from correspondents.network import refuse_unless_staff_of, scope_of
from correspondents.roles import recorded_user, refuse_unless_editor
from outlets.models import Column

from .models import IssueItem, JournalIssue

STAFF_ONLY = "只有编辑可以编排和发布刊物期次。"


def _refuse_unless_owner(issue: JournalIssue, actor: User | None) -> None:
    refuse_unless_editor(actor, STAFF_ONLY)
    owner = issue.outlet.owner_id
    if owner is None:
        raise ValidationError(f"{issue.outlet.name}不是本机构自办的刊物，不能编排期次。")
    refuse_unless_staff_of(actor, owner, f"{issue.outlet.name}是{issue.outlet.owner.name}自办的刊物，只有该机构可以编排。")


def _refuse_if_published(issue: JournalIssue) -> None:
    if issue.is_published:
        raise ValidationError(f"{issue.number}已经出刊，不能再修改；如需更正，请在用稿记录中修改。")


def issue_save(*, issue: JournalIssue, actor: User | None) -> JournalIssue:
    """Create or change an issue's number, date and theme (while it is being planned)."""
    _refuse_unless_owner(issue, actor)
    if issue.pk:
        _refuse_if_published(JournalIssue.objects.get(pk=issue.pk))
    issue.full_clean()
    try:
        with transaction.atomic():
            issue.save()
    except IntegrityError as error:
        raise ValidationError("这个刊物已经有这一期了。") from error
    return issue


def item_add(*, issue: JournalIssue, contribution: Contribution, column: Column | None, actor: User | None) -> IssueItem:
    """Put a piece in the issue, last in its section."""
    _refuse_unless_owner(issue, actor)
    _refuse_if_published(issue)
    if not scope_of(issue.outlet.owner_id).holds(contribution.credited_unit_id):
        raise ValidationError(f"《{contribution.title}》不属于{issue.outlet.owner.name}的单位，不能编入本刊。")
    if not contribution.may_be_placed:
        raise ValidationError(f"《{contribution.title}》未被录用，不能编入刊物。")
    if column is not None and column.outlet_id != issue.outlet_id:
        raise ValidationError(f"栏目“{column.name}”不属于{issue.outlet.name}。")
    if issue.items.filter(contribution=contribution).exists():
        raise ValidationError(f"《{contribution.title}》已经编入本期。")
    last = issue.items.filter(column=column).aggregate(last=Max("position"))["last"] or 0
    return IssueItem.objects.create(issue=issue, contribution=contribution, column=column, position=last + 1)


def item_move(*, item: IssueItem, up: bool, actor: User | None) -> None:
    """Swap a piece with its neighbour in the section."""
    _refuse_unless_owner(item.issue, actor)
    _refuse_if_published(item.issue)
    siblings = list(item.issue.items.filter(column=item.column_id).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with transaction.atomic():
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                IssueItem.objects.filter(pk=sibling.pk).update(position=position)


def item_remove(*, item: IssueItem, actor: User | None) -> None:
    _refuse_unless_owner(item.issue, actor)
    _refuse_if_published(item.issue)
    item.delete()


def issue_publish(*, issue: JournalIssue, actor: User | None) -> JournalIssue:
    """Publish the issue: one placement per piece in the journal, dated the issue's date, through the
    placement service (so a closed year, a rejected piece or a duplicate refuses the whole issue)."""
    _refuse_unless_owner(issue, actor)
    with transaction.atomic():
        locked = JournalIssue.objects.select_for_update().select_related("outlet").get(pk=issue.pk)
        _refuse_if_published(locked)
        items = list(locked.items.select_related("contribution", "column").order_by("column__name", "position"))
        if not items:
            raise ValidationError("本期还没有编入稿件。")
        for item in items:
            try:
                item.placement = placement_create(
                    contribution=item.contribution, outlet=locked.outlet, column=item.column,
                    published_on=locked.issue_date, edition=locked.number,
                    prominence=Prominence.REGULAR, actor=actor)
            except ValidationError as error:
                raise ValidationError(f"《{item.contribution.title}》：{'；'.join(error.messages)}") from error
            item.save(update_fields=["placement"])
        locked.status = JournalIssue.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = recorded_user(actor)
        locked.save(update_fields=["status", "published_at", "published_by"])
    return locked
