"""培训: invited through a notice, correspondents sign up on the portal; the office marks who came;
each person's history on the portal and the desk; the year counts sessions and people trained."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.years import year_of
from correspondents import roles
from correspondents.network import root_office
from planning.models import Notice
from planning.services import notice_publish
from tests.conftest import page_text
from tests.factories import CorrespondentFactory, UnitFactory, UserFactory
from training.models import Participant, Session
from training.selectors import year_training
from training.services import attendance_set, sign_up

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=10)


@pytest.fixture
def invited(editor, correspondent):
    notice = notice_publish(notice=Notice(title="关于举办通讯员培训班的通知", body="请报名。", to_everyone=False),
                            units=[correspondent.unit], actor=editor)
    return Session.objects.create(office=root_office(), title="2026年人大新闻写作培训班", starts_on=SOON, ends_on=SOON,
                                  place="市人大常委会机关", notice=notice)


def test_a_correspondent_signs_up_from_the_notice_and_may_withdraw(client, correspondent, invited):
    client.force_login(correspondent.user)
    page = page_text(client.get(reverse("portal:notice-detail", args=[invited.notice_id])))
    assert "培训报名" in page and "报名参加" in page
    response = client.post(reverse("portal:training-signup", args=[invited.pk]), {"action": "signup"}, follow=True)
    assert "已报名“2026年人大新闻写作培训班”" in page_text(response) and "您已报名" in page_text(response)
    assert Participant.objects.get(session=invited).correspondent == correspondent
    client.post(reverse("portal:training-signup", args=[invited.pk]), {"action": "withdraw"})
    assert not Participant.objects.exists()


def test_only_those_the_invitation_reached_sign_up_and_not_after_it_closed(correspondent, invited):
    outsider = CorrespondentFactory(unit=UnitFactory())
    with pytest.raises(ValidationError, match="邀请没有发给您"):
        sign_up(session=invited, correspondent=outsider)
    Session.objects.filter(pk=invited.pk).update(signup_open=False)
    invited.refresh_from_db()
    with pytest.raises(ValidationError, match="已停止报名"):
        sign_up(session=invited, correspondent=correspondent)


def test_the_office_marks_who_came_and_the_history_and_the_year_show_it(desk, client, editor, correspondent, invited):
    colleague = CorrespondentFactory(unit=correspondent.unit, name="李四",
                                     user=UserFactory(username="lisi", role=roles.CORRESPONDENT))
    sign_up(session=invited, correspondent=correspondent)
    sign_up(session=invited, correspondent=colleague)
    detail = reverse("desk:training-detail", args=[invited.pk])
    assert correspondent.name in page_text(desk.get(detail))
    desk.post(detail, {"came": [correspondent.pk]})
    assert list(Participant.objects.filter(attended=True).values_list("correspondent", flat=True)) == [correspondent.pk]
    second = Session.objects.create(office=root_office(), title="省人大宣传工作培训", starts_on=SOON, ends_on=SOON,
                                    organiser_level="provincial")
    attendance_set(session=second, came=[correspondent, colleague], actor=editor)
    summary = year_training(root_office().pk, SOON - datetime.timedelta(days=30), SOON + datetime.timedelta(days=30))
    assert (summary.sessions, summary.people, summary.attendances) == (2, 2, 3)
    text = page_text(desk.get(reverse("desk:person-trainings", args=[correspondent.pk])))
    assert text.count("出席") >= 2 and "省人大宣传工作培训" in text
    year = page_text(desk.get(reverse("desk:training-list") + f"?year={year_of(SOON)}"))
    assert "培训 <strong>2</strong> 期，培训 <strong>2</strong> 人（<strong>3</strong> 人次）" in year
    client.force_login(correspondent.user)  # (the same client: the desk's editor signs out)
    mine = page_text(client.get(reverse("portal:trainings")))
    assert "2026年人大新闻写作培训班" in mine and "已出席" in mine


def test_attendance_is_set_as_a_whole_list(invited, editor, correspondent):
    other = CorrespondentFactory(unit=correspondent.unit)
    attendance_set(session=invited, came=[correspondent, other], actor=editor)
    attendance_set(session=invited, came=[other], actor=editor)  # the first list was wrong
    assert dict(Participant.objects.values_list("correspondent", "attended")) == {correspondent.pk: False,
                                                                                  other.pk: True}


def test_attendance_is_the_office_s_to_mark(invited, correspondent):
    with pytest.raises(ValidationError, match="只有编辑或管理员"):
        attendance_set(session=invited, came=[correspondent], actor=correspondent.user)


def test_materials_are_checked_as_attachments_are(invited):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training.admin import MaterialForm
    from training.models import Material

    bad = MaterialForm(data={}, files={"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00", "application/octet-stream")},
                       instance=Material(session=invited))
    assert not bad.is_valid() and "file" in bad.errors
    good = MaterialForm(data={}, files={"file": SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 x", "application/pdf")},
                        instance=Material(session=invited))
    assert good.is_valid(), good.errors
    assert (good.instance.original_name, good.instance.size) == ("讲义.pdf", 10)
