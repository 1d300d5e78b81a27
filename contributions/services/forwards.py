"""报送上级: an office sends a piece it accepted to the office above it; that office takes it (采用)
or declines it (不采用, with a reason). Each step is a Forward row, decided once."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from correspondents.network import office_tree, refuse_unless_staff_of
from correspondents.roles import recorded_user, refuse_unless_editor
from sheets.text import single_line

from ..forwards import Forward
from ..models import Contribution
from ..states import ACCEPTED_OR_PLACED

STAFF_ONLY = "只有编辑或管理员可以报送上级或处理上报的稿件。"


def holding_office(contribution: Contribution, office_id: int) -> bool:
    """Whether an office holds the piece: it is the home office of its credited unit, or it took the
    piece from the office below (and so may send it further up)."""
    if office_tree().home_office(contribution.credited_unit_id) == office_id:
        return True
    return Forward.objects.filter(contribution=contribution, to_office_id=office_id,
                                  state=Forward.ForwardState.TAKEN).exists()


def forward_send(*, contribution: Contribution, from_office: int, actor: User | None, note: str = "") -> Forward:
    """Send a piece the office accepted (or placed) to its parent office."""
    refuse_unless_editor(actor, STAFF_ONLY)
    refuse_unless_staff_of(actor, from_office, "只能以本机构的名义报送上级。")
    if contribution.state not in ACCEPTED_OR_PLACED:
        raise ValidationError(f"只有已录用或已刊发的稿件可以报送上级；这篇稿件是“{contribution.get_state_display()}”。")
    if not holding_office(contribution, from_office):
        raise ValidationError("这篇稿件不在本机构：只能报送本机构审核录用、或从下级采用的稿件。")
    parent = office_tree().parent(from_office)
    if parent is None:
        raise ValidationError("本机构是最高一级，没有上级可以报送。")
    try:
        with transaction.atomic():
            return Forward.objects.create(contribution=contribution, from_office_id=from_office, to_office_id=parent,
                                          sent_by=recorded_user(actor), note=note.strip())
    except IntegrityError:
        raise ValidationError("这篇稿件已经报送过上级了。") from None


def _decide(forward: Forward, state: str, actor: User | None, reason: str = "") -> Forward:
    refuse_unless_editor(actor, STAFF_ONLY)
    refuse_unless_staff_of(actor, forward.to_office_id, "只有收到报送的机构可以采用或不采用。")
    now = timezone.now()
    changed = Forward.objects.filter(pk=forward.pk, state=Forward.ForwardState.SENT).update(
        state=state, decided_by=recorded_user(actor), decided_at=now, reason=reason)
    if changed != 1:
        raise ValidationError("这篇上报的稿件已经处理过了。")
    forward.state, forward.decided_by, forward.decided_at, forward.reason = state, recorded_user(actor), now, reason
    return forward


def forward_take(*, forward: Forward, actor: User | None) -> Forward:
    """采用: the piece is now also the upper office's; it may place it and send it further up."""
    return _decide(forward, Forward.ForwardState.TAKEN, actor)


def forward_decline(*, forward: Forward, actor: User | None, reason: str) -> Forward:
    """不采用, with the reason the lower office and the author read."""
    reason = single_line(reason or "")
    if not reason:
        raise ValidationError("请写明不采用的原因。")
    return _decide(forward, Forward.ForwardState.DECLINED, actor, reason)


def forward_path(contribution: Contribution) -> list[str]:
    """What the author reads of the piece's way up, e.g. 枝江市人大常委会办公室已录用 → 已报送宜昌市… → 已采用."""
    tree = office_tree()
    home = tree.home_office(contribution.credited_unit_id)
    steps = []
    if home is not None and contribution.state in ACCEPTED_OR_PLACED:
        steps.append(f"{tree.offices[home][0]}已录用")
    for forward in contribution.forwards.select_related("to_office").order_by("sent_at", "id"):
        steps.append(f"已报送{forward.to_office.name}")
        if forward.state != Forward.ForwardState.SENT:
            steps.append(forward.get_state_display() + (f"（{forward.reason}）" if forward.reason else ""))
    return steps
