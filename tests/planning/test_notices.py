"""Notices reach their audience: everyone, or some units and teams; the portal shows them unread
first and records who read them; the desk sees 已读 N / 应读 M and who has not read."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import Notice, NoticeRead
from planning.selectors import notice_audience, notices_for
from planning.services import notice_publish
from tests.conftest import page_text
from tests.factories import CorrespondentFactory, TeamFactory

pytestmark = pytest.mark.django_db


def publish(editor, title="征稿启事", *, units=(), teams=(), **kwargs):
    notice = Notice(title=title, body="请各单位报送稿件。", to_everyone=not units and not teams)
    return notice_publish(notice=notice, units=units, teams=teams, actor=editor, **kwargs)


def test_the_audience_is_everyone_or_the_units_and_teams_named(editor, correspondent, other_correspondent):
    team = TeamFactory()
    teammate = CorrespondentFactory(team=team)
    everyone = publish(editor, "全体")
    to_unit = publish(editor, "本单位", units=[correspondent.unit])
    to_team = publish(editor, "小组", teams=[team])
    assert set(notice_audience(everyone)) == {correspondent, other_correspondent, teammate}
    assert set(notice_audience(to_unit)) == {correspondent}
    assert set(notice_audience(to_team)) == {teammate}
    assert [n.title for n in notices_for(other_correspondent)] == ["全体"]
    assert {n.title for n in notices_for(teammate)} == {"全体", "小组"}


def test_a_notice_needs_an_audience_and_checks_its_attachments(editor):
    with pytest.raises(ValidationError, match="请选择通知对象"):
        notice_publish(notice=Notice(title="x", body="y", to_everyone=False), actor=editor)
    with pytest.raises(ValidationError):
        publish(editor, uploads=[SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/octet-stream")])
    assert not Notice.objects.exists()


def test_publishing_by_email_mails_every_addressed_person_once(editor, correspondent, other_correspondent,
                                                              mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(editor, units=[correspondent.unit], email=True)
    assert [mail.to for mail in mailoutbox] == [[correspondent.email]]
    assert f"/portal/notices/{notice.pk}/" in mailoutbox[0].body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_the_portal_shows_unread_first_and_reading_is_recorded(client, editor, correspondent):
    old = publish(editor, "旧通知")
    new = publish(editor, "新通知")
    NoticeRead.objects.create(notice=new, correspondent=correspondent)
    client.force_login(correspondent.user)
    text = page_text(client.get(reverse("portal:notices")))
    assert text.index("旧通知") < text.index("新通知")
    assert client.get(reverse("portal:notice-detail", args=[old.pk])).status_code == 200
    assert NoticeRead.objects.filter(notice=old, correspondent=correspondent).count() == 1
    client.get(reverse("portal:notice-detail", args=[old.pk]))
    assert NoticeRead.objects.filter(notice=old, correspondent=correspondent).count() == 1


def test_a_notice_for_another_unit_is_a_404_with_its_attachments(client, editor, correspondent, other_correspondent):
    upload = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    notice = publish(editor, units=[other_correspondent.unit], uploads=[upload])
    attachment = notice.attachments.get()
    client.force_login(correspondent.user)
    assert client.get(reverse("portal:notice-detail", args=[notice.pk])).status_code == 404
    assert client.get(reverse("portal:notice-attachment", args=[attachment.pk])).status_code == 404
    assert not NoticeRead.objects.exists()
    client.force_login(other_correspondent.user)
    response = client.get(reverse("portal:notice-attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_desk_sees_who_has_read_and_who_has_not(client, editor, correspondent, other_correspondent):
    notice = publish(editor)
    NoticeRead.objects.create(notice=notice, correspondent=correspondent)
    client.force_login(editor)
    response = client.get(reverse("desk:notice-detail", args=[notice.pk]))
    assert (response.context["read"], response.context["audience"]) == (1, 2)
    assert [person.name for person in response.context["unread"]] == ["李建国"]
    assert "已读 1 / 应读 2" in page_text(response)
