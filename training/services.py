"""Every write of training: signing up (a correspondent the invitation reached) and the office's
attendance list. Materials are uploaded in the admin, checked as every attachment is (training.admin)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from correspondents.models import Correspondent
from correspondents.network import refuse_unless_staff_of
from correspondents.roles import refuse_unless_editor
from planning.selectors import notice_audience

from .models import Participant, Session

STAFF_ONLY = "只有编辑或管理员可以登记培训出席。"
OTHER_OFFICE = "这是其他宣传工作机构的培训。"


def sign_up(*, session: Session, correspondent: Correspondent) -> Participant:
    if not session.may_sign_up:
        raise ValidationError("这期培训已停止报名。")
    if session.notice_id is None or not notice_audience(session.notice).filter(pk=correspondent.pk).exists():
        raise ValidationError("这期培训的邀请没有发给您。")
    participant, _ = Participant.objects.get_or_create(session=session, correspondent=correspondent,
                                                       defaults={"signed_up_at": timezone.now()})
    if participant.signed_up_at is None:
        Participant.objects.filter(pk=participant.pk).update(signed_up_at=timezone.now())
    return participant


def withdraw(*, session: Session, correspondent: Correspondent) -> None:
    if not session.may_sign_up:
        raise ValidationError("这期培训已停止报名，不能取消。")
    Participant.objects.filter(session=session, correspondent=correspondent, attended=False).delete()


def attendance_set(*, session: Session, came: list[Correspondent], actor: User | None) -> int:
    """Who came: exactly these people are marked present (others who signed up stay, marked absent)."""
    refuse_unless_editor(actor, STAFF_ONLY)
    refuse_unless_staff_of(actor, session.office_id, OTHER_OFFICE)
    ids = {person.pk for person in came}
    with transaction.atomic():
        Participant.objects.filter(session=session).exclude(correspondent_id__in=ids).update(attended=False)
        for person in came:
            Participant.objects.update_or_create(session=session, correspondent=person, defaults={"attended": True})
    return len(ids)

