"""The correspondents' portal: the security matrix, drafts, submission, revision, claims, my year."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import Attachment, Contribution, Placement, PlacementClaim, State, Transition
from contributions.services import claim_verify, contribution_transition, contribution_update
from correspondents.models import Correspondent
from tests.awards.tallied import people_rows
from tests.conftest import queries_pinned_at
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def docx(name="稿件.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def co_author(db, home_unit):
    return CorrespondentFactory(name="王丽华", unit=home_unit, user=UserFactory(username="coauthor", role="通讯员"))


@pytest.fixture
def same_unit_colleague(db, home_unit):
    return CorrespondentFactory(name="陈志强", unit=home_unit, user=UserFactory(username="colleague", role="通讯员"))


@pytest.fixture
def draft(correspondent, co_author):
    piece = ContributionFactory(title="我的草稿", state=State.DRAFT, authors=[correspondent, co_author],
                                credited_unit=correspondent.unit)
    Attachment.objects.create(contribution=piece, original_name="稿件.pdf", size=10,
                              file=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"))
    return piece


def object_urls(piece):
    attachment = piece.attachments.get()
    return {
        "detail": reverse("portal:contribution-detail", args=[piece.pk]),
        "edit": reverse("portal:contribution-edit", args=[piece.pk]),
        "submit": reverse("portal:contribution-submit", args=[piece.pk]),
        "claim": reverse("portal:claim-new", args=[piece.pk]),
        "attachment": reverse("portal:attachment-download", args=[attachment.pk]),
    }


LIST_URLS = ["portal:home", "portal:contributions", "portal:contribution-new", "portal:claims", "portal:claim-pick"]


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", LIST_URLS)
def test_anonymous_visitors_go_to_the_login_page(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_anonymous_visitors_go_to_the_login_page_for_a_piece_too(draft):
    for url in object_urls(draft).values():
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", LIST_URLS)
def test_the_owner_opens_every_portal_page(correspondent, name):
    assert as_user(correspondent.user).get(reverse(name)).status_code == 200


def test_the_owner_opens_every_page_of_their_draft(correspondent, draft):
    client = as_user(correspondent.user)
    for key, url in object_urls(draft).items():
        response = client.get(url)
        if key == "claim":  # a draft has not reached the office: nothing to report in print yet
            assert response.status_code == 302 and response["Location"] == object_urls(draft)["detail"]
            continue
        assert response.status_code == 200, key


def test_a_co_author_sees_and_may_edit_while_the_workflow_allows(co_author, draft):
    client = as_user(co_author.user)
    assert client.get(object_urls(draft)["detail"]).status_code == 200
    assert client.get(object_urls(draft)["edit"]).status_code == 200
    Contribution.objects.filter(pk=draft.pk).update(state=State.SUBMITTED)
    response = client.get(object_urls(draft)["edit"])
    assert response.status_code == 302 and response["Location"] == object_urls(draft)["detail"]
    response = client.post(object_urls(draft)["edit"], {"title": "偷偷改", "genre": "news", "credited_unit": draft.credited_unit_id})
    assert Contribution.objects.get(pk=draft.pk).title == "我的草稿"


@pytest.mark.parametrize("persona", ["same_unit_colleague", "other_correspondent"])
def test_other_correspondents_get_404_for_every_page_of_someone_elses_piece(request, draft, persona):
    client = as_user(request.getfixturevalue(persona).user)
    for key, url in object_urls(draft).items():
        assert client.get(url).status_code == 404, key
    attachment = draft.attachments.get()
    assert client.post(object_urls(draft)["edit"], {"remove_confirmed": attachment.pk}).status_code == 404
    assert client.post(object_urls(draft)["submit"]).status_code == 404
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    page = client.get(reverse("portal:contributions")).content.decode()
    assert "我的草稿" not in page


def test_guessed_ids_are_404(correspondent, draft):
    client = as_user(correspondent.user)
    for name in ["portal:contribution-detail", "portal:contribution-edit", "portal:attachment-download"]:
        assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", LIST_URLS)
def test_editors_are_sent_to_the_desk(editor, name):
    response = as_user(editor).get(reverse(name), follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:review-queue")


def test_media_files_are_not_reachable_by_a_guessed_url(correspondent, draft, other_correspondent):
    stored = draft.attachments.get().file.name
    assert as_user(other_correspondent.user).get(f"/media/{stored}").status_code == 404
    assert Client().get(f"/media/{stored}").status_code == 404


def test_cross_site_posts_are_refused(correspondent, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(correspondent.user)
    response = client.post(object_urls(draft)["submit"])
    assert response.status_code == 403
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT


def test_opening_the_submit_page_changes_nothing(correspondent, draft):
    page = as_user(correspondent.user).get(object_urls(draft)["submit"]).content.decode()
    assert "确认报送" in page
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT


# --- writing and submitting ----------------------------------------------------------------------

def draft_data(unit, **extra):
    return {"title": "代表联络站里的民生账", "genre": "feature", "body": "第一段。\n\n第二段。",
            "credited_unit": unit.pk, "co_authors": "", "shares": "", **extra}


def test_a_correspondent_writes_a_draft_with_a_co_author_and_an_attachment(correspondent, co_author):
    client = as_user(correspondent.user)
    response = client.post(reverse("portal:contribution-new"),
                           draft_data(correspondent.unit, co_authors="王丽华", attachments=[docx(), docx("照片.docx")]))
    assert response.status_code == 302
    piece = Contribution.objects.get(title="代表联络站里的民生账")
    assert piece.state == State.DRAFT and piece.body == "第一段。\n\n第二段。"
    byline = [(a.correspondent.name, str(a.share)) for a in piece.authorships.order_by("position")]
    assert byline == [("张晓明", "0.50"), ("王丽华", "0.50")]
    assert sorted(piece.attachments.values_list("original_name", flat=True)) == ["照片.docx", "稿件.docx"]


def test_shares_can_be_given_and_must_sum_to_one(correspondent, co_author):
    client = as_user(correspondent.user)
    response = client.post(reverse("portal:contribution-new"),
                           draft_data(correspondent.unit, co_authors="王丽华", shares="0.7、0.2"))
    assert "之和应为 1.00" in response.content.decode()
    assert not Contribution.objects.exists()
    client.post(reverse("portal:contribution-new"), draft_data(correspondent.unit, co_authors="王丽华", shares="0.7、0.3"))
    assert [str(a.share) for a in Contribution.objects.get().authorships.order_by("position")] == ["0.70", "0.30"]


def test_an_unknown_co_author_is_a_form_error(correspondent):
    response = as_user(correspondent.user).post(reverse("portal:contribution-new"),
                                                draft_data(correspondent.unit, co_authors="查无此人"))
    assert "找不到通讯员“查无此人”" in response.content.decode()
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"), "类型不允许"),
    (SimpleUploadedFile("假文档.pdf", b"MZ\x90\x00 renamed executable"), "内容与扩展名不符"),
    (SimpleUploadedFile("大文件.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024)), "超过了 20 MB"),
])
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_saved(correspondent, upload, message):
    response = as_user(correspondent.user).post(reverse("portal:contribution-new"),
                                                draft_data(correspondent.unit, attachments=[upload]))
    assert message in response.content.decode()
    assert not Contribution.objects.exists() and not Attachment.objects.exists()


def test_a_filename_with_path_parts_never_reaches_the_disk_as_given(correspondent, settings):
    upload = SimpleUploadedFile("../../../etc/cron.d/稿件.pdf", b"%PDF-1.4 x")
    as_user(correspondent.user).post(reverse("portal:contribution-new"), draft_data(correspondent.unit, attachments=[upload]))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "稿件.pdf"
    assert ".." not in attachment.file.name and attachment.file.name.startswith("attachments/")
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()


def test_an_attachment_is_removable_only_while_editable(correspondent, draft):
    client = as_user(correspondent.user)
    attachment = draft.attachments.get()
    Contribution.objects.filter(pk=draft.pk).update(state=State.SUBMITTED)
    response = client.post(object_urls(draft)["edit"], {"remove_confirmed": attachment.pk}, follow=True)
    assert "不能修改" in response.content.decode() and Attachment.objects.filter(pk=attachment.pk).exists()
    Contribution.objects.filter(pk=draft.pk).update(state=State.DRAFT)
    client.post(object_urls(draft)["edit"], draft_data(correspondent.unit, remove_confirmed=attachment.pk))
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_deleting_an_attachment_keeps_what_was_typed(correspondent, draft):
    """The delete button is part of the draft's form: the text typed since the last save is saved
    first, and the deletion is asked for (on the page, when no script asked already)."""
    client = as_user(correspondent.user)
    attachment = draft.attachments.get()
    typed = draft_data(correspondent.unit, title="改过的标题", body="刚刚写的一段，还没保存。")
    asked = client.post(object_urls(draft)["edit"], {**typed, "remove_attachment": attachment.pk}).content.decode()
    assert "确定删除附件“稿件.pdf”吗" in asked and "刚刚写的一段，还没保存。" in asked and "改过的标题" in asked
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert Contribution.objects.get(pk=draft.pk).title == "我的草稿"  # asking changes nothing
    response = client.post(object_urls(draft)["edit"], {**typed, "remove_confirmed": attachment.pk}, follow=True)
    page = response.content.decode()
    assert "已删除附件“稿件.pdf”，填写的内容已保存为草稿" in page and "刚刚写的一段，还没保存。" in page
    piece = Contribution.objects.get(pk=draft.pk)
    assert (piece.title, piece.body) == ("改过的标题", "刚刚写的一段，还没保存。")
    assert not piece.attachments.exists()


def test_an_attachment_is_deleted_even_when_the_text_cannot_be_saved_yet_and_the_text_stays(correspondent, draft):
    client = as_user(correspondent.user)
    attachment = draft.attachments.get()
    typed = draft_data(correspondent.unit, title="", body="没有标题也不能丢的正文")
    page = client.post(object_urls(draft)["edit"], {**typed, "remove_confirmed": attachment.pk}).content.decode()
    assert "已删除附件" in page and "没有标题也不能丢的正文" in page
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert Contribution.objects.get(pk=draft.pk).title == "我的草稿"


def test_submit_warns_about_a_possible_duplicate_then_submits(correspondent, draft):
    ContributionFactory(title="我的草稿。")
    client = as_user(correspondent.user)
    page = client.get(object_urls(draft)["submit"]).content.decode()
    assert "标题相同或非常相似" in page
    client.post(object_urls(draft)["submit"])
    assert Contribution.objects.get(pk=draft.pk).state == State.SUBMITTED


def test_a_returned_piece_shows_the_note_and_is_resubmitted_after_revision(correspondent, draft, editor):
    client = as_user(correspondent.user)
    client.post(object_urls(draft)["submit"])
    piece = Contribution.objects.get(pk=draft.pk)
    contribution_transition(contribution=piece, to_state=State.IN_REVIEW, actor=editor)
    contribution_transition(contribution=piece, to_state=State.RETURNED, actor=editor, note="请补充具体数据")
    assert "请补充具体数据" in client.get(object_urls(draft)["detail"]).content.decode()
    assert "请补充具体数据" in client.get(object_urls(draft)["edit"]).content.decode()
    client.post(object_urls(draft)["edit"], draft_data(correspondent.unit, title="我的草稿（修改稿）",
                                                      co_authors="王丽华", submit="1"))
    assert Contribution.objects.get(pk=draft.pk).title == "我的草稿（修改稿）"
    client.post(object_urls(draft)["submit"])
    assert Contribution.objects.get(pk=draft.pk).state == State.SUBMITTED
    assert list(Transition.objects.filter(contribution=draft).values_list("to_state", flat=True).order_by("id")) == [
        "submitted", "in_review", "returned", "submitted"]


def test_the_my_contributions_list_groups_by_state_and_searches(correspondent):
    ContributionFactory(title="退回的稿", state=State.RETURNED, authors=[correspondent])
    ContributionFactory(title="刊发的稿", state=State.PUBLISHED, authors=[correspondent])
    client = as_user(correspondent.user)
    page = client.get(reverse("portal:contributions"), {"group": "returned"}).content.decode()
    assert "退回的稿" in page and "刊发的稿" not in page
    page = client.get(reverse("portal:contributions"), {"q": "刊发"}).content.decode()
    assert "刊发的稿" in page and "退回的稿" not in page


# --- claims and my year --------------------------------------------------------------------------

def test_a_claim_waits_until_the_office_verifies_it_and_then_counts(correspondent, editor):
    piece = ContributionFactory(title="已采用的稿", state=State.ACCEPTED, authors=[correspondent],
                                credited_unit=correspondent.unit)
    outlet = OutletFactory(name="《湖北日报》", level="provincial")
    client = as_user(correspondent.user)
    day = timezone.localdate()
    response = client.post(reverse("portal:claim-new", args=[piece.pk]), {
        "outlet": outlet.pk, "published_on": day.isoformat(), "page": "第5版",
        "evidence": SimpleUploadedFile("截图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)})
    assert response.status_code == 302
    claim = PlacementClaim.objects.get()
    assert claim.state == "pending" and not Placement.objects.exists()
    home = client.get(reverse("portal:home"))
    assert home.context["me"].total == 0 and home.context["me"].points == 0  # a claim counts only once verified

    desk = as_user(editor)
    page = desk.get(reverse("desk:claims")).content.decode()
    assert "已采用的稿" in page and "已有相同用稿记录" not in page
    desk.post(reverse("desk:claim-decide", args=[claim.pk]), {"decision": "verify"})
    claim.refresh_from_db()
    assert claim.state == "verified" and claim.placement.outlet == outlet
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED
    home = client.get(reverse("portal:home")).content.decode()
    assert "5.00" in home and "《湖北日报》" in home


def test_a_declined_claim_shows_the_reason_to_the_correspondent(correspondent, editor):
    piece = ContributionFactory(state=State.ACCEPTED, authors=[correspondent])
    client = as_user(correspondent.user)
    client.post(reverse("portal:claim-new", args=[piece.pk]),
                {"outlet": OutletFactory().pk, "published_on": "2025-05-05"})
    claim = PlacementClaim.objects.get()
    desk = as_user(editor)
    response = desk.post(reverse("desk:claim-decide", args=[claim.pk]), {"decision": "decline", "note": ""},
                         follow=True)
    assert "请写明" in response.content.decode()
    desk.post(reverse("desk:claim-decide", args=[claim.pk]), {"decision": "decline", "note": "该期报纸查无此文"})
    assert "该期报纸查无此文" in client.get(reverse("portal:claims")).content.decode()
    assert not Placement.objects.exists()


def test_a_claim_that_duplicates_a_placement_is_flagged_and_cannot_be_verified_twice(correspondent, editor):
    piece = ContributionFactory(state=State.PUBLISHED, authors=[correspondent])
    outlet = OutletFactory()
    Placement.objects.create(contribution=piece, outlet=outlet, published_on=datetime.date(2025, 5, 5))
    as_user(correspondent.user).post(reverse("portal:claim-new", args=[piece.pk]),
                                     {"outlet": outlet.pk, "published_on": "2025-05-05"})
    claim = PlacementClaim.objects.get()
    assert "已有相同用稿记录" in as_user(editor).get(reverse("desk:claims")).content.decode()
    with pytest.raises(ValidationError, match="已经登记过了"):
        claim_verify(claim=claim, actor=editor)
    assert Placement.objects.count() == 1


def test_my_year_shows_the_same_numbers_as_the_tallies(correspondent):

    other = CorrespondentFactory()
    piece = ContributionFactory(state=State.PUBLISHED, authors=[correspondent, other], genre="theory")
    Placement.objects.create(contribution=piece, outlet=OutletFactory(level="national"), prominence="headline",
                             published_on=timezone.localdate())
    row = next(r for r in people_rows(timezone.localdate().year) if r.id == correspondent.pk)
    page = as_user(correspondent.user).get(reverse("portal:home")).content.decode()
    assert row.points == 15 and f"<b>{row.points}</b>" in page and f"<b>{row.rank}</b>" in page


# --- accounts ------------------------------------------------------------------------------------

def test_the_login_page_is_in_chinese():
    page = Client().get(reverse("login")).content.decode()
    assert "登录" in page and "忘记密码" in page


def test_login_is_throttled_after_repeated_failures_with_a_message_saying_when(correspondent, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": correspondent.user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": correspondent.user.username, "password": "secret-pass-2026"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "暂时锁定" in page and "15 分钟后" in page
    assert not response.wsgi_request.user.is_authenticated


def test_an_invited_correspondent_sets_a_password_and_logs_in(admin_client_persona, home_unit,
                                                              django_capture_on_commit_callbacks):
    person = Correspondent.objects.create(name="新通讯员", unit=home_unit, email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_persona.post(reverse("admin:correspondents_correspondent_changelist"),
                                  {"action": "invite", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.user is not None and not person.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["new@example.org"] and "设置密码" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)
    client = Client()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Hubei-renda-2026", "new_password2": "Hubei-renda-2026"})
    response = client.post(reverse("login"), {"username": "new@example.org", "password": "Hubei-renda-2026"}, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"


def test_password_reset_sends_a_chinese_email(correspondent):
    correspondent.user.email = "zhang@example.org"
    correspondent.user.save()
    Client().post(reverse("password_reset"), {"email": "zhang@example.org"})
    (message,) = mail.outbox
    assert "重设密码" in message.subject and "/accounts/password/reset/" in message.body


# (+3 since offices, +2 on the home page which reads the data version anyway: the home office of the
# correspondent's unit comes from the offices' tree, kept under the data version: units, offices;
# +1 on the home page: the home office's own cache key, for its year's numbers)
@pytest.mark.parametrize(("name", "queries"), [("portal:home", 21), ("portal:contributions", 9), ("portal:claims", 8)])
def test_portal_pages_run_a_pinned_number_of_queries(correspondent, name, queries):

    client = as_user(correspondent.user)
    outlet = OutletFactory()

    def add(count, start):
        for i in range(start, start + count):
            piece = ContributionFactory(state=State.PUBLISHED, authors=[correspondent, CorrespondentFactory()])
            Placement.objects.create(contribution=piece, outlet=outlet,
                                     published_on=timezone.localdate() - datetime.timedelta(days=i % 200))
            PlacementClaim.objects.create(contribution=piece, claimed_by=correspondent, outlet=outlet,
                                          published_on=timezone.localdate())

    add(3, 0)
    with queries_pinned_at(queries, name):
        assert client.get(reverse(name)).status_code == 200
    add(40, 3)
    with queries_pinned_at(queries, name):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(("state", "offered"), [
    (State.DRAFT, False), (State.SUBMITTED, True), (State.IN_REVIEW, True), (State.RETURNED, False),
    (State.ACCEPTED, True), (State.PUBLISHED, True), (State.REJECTED, False),
])
def test_reporting_a_placement_is_offered_exactly_where_the_workflow_allows_it(correspondent, state, offered):
    piece = ContributionFactory(state=state, authors=[correspondent])
    client = as_user(correspondent.user)
    claim_url = reverse("portal:claim-new", args=[piece.pk])
    page = client.get(reverse("portal:contribution-detail", args=[piece.pk])).content.decode()
    assert (claim_url in page) is offered
    response = client.post(claim_url, {"outlet": OutletFactory().pk, "published_on": "2025-05-05"})
    assert PlacementClaim.objects.filter(contribution=piece).exists() is offered
    if not offered:
        assert response.status_code == 302


def test_a_pieces_page_shows_each_placements_points_by_the_years_rules(correspondent):
    piece = ContributionFactory(state=State.PUBLISHED, authors=[correspondent], genre="theory")
    Placement.objects.create(contribution=piece, outlet=OutletFactory(level="national"), prominence="headline",
                             published_on=datetime.date(2025, 5, 5))
    Placement.objects.create(contribution=piece, outlet=OutletFactory(level="county"), prominence="brief",
                             published_on=datetime.date(2025, 5, 6))
    page = as_user(correspondent.user).get(reverse("portal:contribution-detail", args=[piece.pk])).content.decode()
    # national 10 × headline 2.0 × theory 1.5 = 30; county 1 × brief 0.5 × theory 1.5 = 0.75
    assert "<strong>30.00 分</strong>" in page and "<strong>0.75 分</strong>" in page


# --- bylines cannot be taken over ----------------------------------------------------------------

@pytest.fixture
def shared_draft(correspondent, co_author):
    piece = ContributionFactory(title="合写的稿件", state=State.DRAFT, authors=[correspondent, co_author],
                                credited_unit=correspondent.unit)
    piece.authorships.filter(correspondent=correspondent).update(share="0.70")
    piece.authorships.filter(correspondent=co_author).update(share="0.30")
    return piece


def byline(piece) -> list[tuple[str, str]]:
    return [(a.correspondent.name, str(a.share)) for a in piece.authorships.order_by("position")]


def test_a_co_author_saving_with_an_empty_co_author_field_does_not_take_the_byline(
    correspondent, co_author, shared_draft, other_correspondent
):
    url = reverse("portal:contribution-edit", args=[shared_draft.pk])
    response = as_user(co_author.user).post(url, draft_data(other_correspondent.unit, title="合写的稿件（改）",
                                                            co_authors="", shares=""))
    assert response.status_code == 302
    piece = Contribution.objects.get(pk=shared_draft.pk)
    assert piece.title == "合写的稿件（改）"  # the text is theirs to edit
    assert byline(piece) == [("张晓明", "0.70"), ("王丽华", "0.30")]
    assert piece.credited_unit == correspondent.unit
    assert as_user(correspondent.user).get(reverse("portal:contribution-detail", args=[piece.pk])).status_code == 200


def test_saving_the_form_unchanged_changes_nothing_for_either_author(correspondent, co_author, shared_draft):
    url = reverse("portal:contribution-edit", args=[shared_draft.pk])
    ids = list(shared_draft.authorships.order_by("position").values_list("pk", flat=True))
    for author in (co_author, correspondent):
        client = as_user(author.user)
        form = client.get(url).context["form"]
        data = {name: form[name].value() or "" for name in ["title", "genre", "body", "credited_unit", "co_authors", "shares"]}
        assert client.post(url, data).status_code == 302
        assert byline(shared_draft) == [("张晓明", "0.70"), ("王丽华", "0.30")]
    assert list(shared_draft.authorships.order_by("position").values_list("pk", flat=True)) == ids


def test_only_the_first_author_or_staff_may_change_the_byline(correspondent, co_author, shared_draft, editor):
    with pytest.raises(ValidationError, match="只有第一作者"):
        contribution_update(contribution=shared_draft, actor=co_author.user, title="x", body="", genre="news",
                            credited_unit=shared_draft.credited_unit, authors=[co_author], shares=None)
    contribution_update(contribution=shared_draft, actor=correspondent.user, title="x", body="", genre="news",
                        credited_unit=shared_draft.credited_unit, authors=[correspondent, co_author],
                        shares=[Decimal("0.60"), Decimal("0.40")])
    assert byline(shared_draft) == [("张晓明", "0.60"), ("王丽华", "0.40")]
    contribution_update(contribution=shared_draft, actor=editor, title="x", body="", genre="news",
                        credited_unit=shared_draft.credited_unit, authors=[co_author])
    assert byline(shared_draft) == [("王丽华", "1.00")]


def test_a_correspondent_may_credit_only_a_unit_of_one_of_the_authors(correspondent, other_correspondent):
    response = as_user(correspondent.user).post(reverse("portal:contribution-new"),
                                                draft_data(other_correspondent.unit, title="挂别的单位"))
    assert "计分单位应为某位作者所在的单位" in response.content.decode()
    assert not Contribution.objects.filter(title="挂别的单位").exists()
    response = as_user(correspondent.user).post(reverse("portal:contribution-new"), draft_data(
        other_correspondent.unit, title="合作者的单位", co_authors=other_correspondent.name))
    assert Contribution.objects.get(title="合作者的单位").credited_unit == other_correspondent.unit


def _fail_login(client, username, **meta):
    return client.post(reverse("login"), {"username": username, "password": "wrong"}, **meta)


def test_behind_a_proxy_failures_from_one_client_do_not_lock_out_another(correspondent, settings):
    settings.PROXY_COUNT = 1
    username = correspondent.user.username
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "REMOTE_ADDR": "127.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(Client(), username, **attacker)
    locked = Client().post(reverse("login"), {"username": username, "password": "secret-pass-2026"}, **attacker)
    assert locked.status_code == 429
    owner = Client().post(reverse("login"), {"username": username, "password": "secret-pass-2026"},
                          HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="127.0.0.1")
    assert owner.status_code == 302 and owner.wsgi_request.user.is_authenticated
    # The client cannot dodge the lock by writing its own X-Forwarded-For: the proxy appends the real one.
    spoofed = Client().post(reverse("login"), {"username": username, "password": "secret-pass-2026"},
                            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert spoofed.status_code == 429


def test_without_a_proxy_a_spoofed_forwarded_header_changes_nothing(correspondent, settings):
    settings.PROXY_COUNT = 0
    username = correspondent.user.username
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(Client(), username, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}", REMOTE_ADDR="192.0.2.1")
    response = Client().post(reverse("login"), {"username": username, "password": "secret-pass-2026"},
                             HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429


def test_password_reset_requests_are_rate_limited(correspondent, settings):
    from django.core.cache import cache

    cache.clear()
    correspondent.user.email = "zhang@example.org"
    correspondent.user.save()
    for _ in range(settings.PASSWORD_RESET_LIMIT):
        assert Client().post(reverse("password_reset"), {"email": "zhang@example.org"}).status_code == 302
    response = Client().post(reverse("password_reset"), {"email": "zhang@example.org"})
    assert response.status_code == 429 and "请求过于频繁" in response.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_staff_logins_last_a_working_day_and_correspondents_two_weeks(correspondent, editor, settings):
    staff = Client()
    staff.post(reverse("login"), {"username": editor.username, "password": "secret-pass-2026"})
    assert staff.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS == 9 * 3600
    author = Client()
    author.post(reverse("login"), {"username": correspondent.user.username, "password": "secret-pass-2026"})
    assert author.session.get_expiry_age() == 14 * 24 * 3600


def test_a_title_with_line_breaks_is_kept_on_one_line_and_its_mail_still_goes(
    correspondent, editor, mailoutbox, django_capture_on_commit_callbacks
):
    response = as_user(correspondent.user).post(reverse("portal:contribution-new"),
                                                draft_data(correspondent.unit, title="代表联络站\r\n里的民生账\x0b"))
    assert response.status_code == 302
    piece = Contribution.objects.get()
    assert piece.title == "代表联络站 里的民生账"
    with django_capture_on_commit_callbacks(execute=True):
        contribution_transition(contribution=piece, to_state=State.SUBMITTED, actor=correspondent.user)
    assert mailoutbox and "\n" not in mailoutbox[0].subject


# --- co-authors chosen, not guessed ---------------------------------------------------------------

def test_a_co_author_bearing_a_shared_name_must_be_chosen_with_the_unit(correspondent, co_author):
    """Two 王丽华: the writer's own unit does not decide silently; the unit written after the name does."""
    other_unit = UnitFactory(name="宜都市人大常委会")
    namesake = CorrespondentFactory(name="王丽华", unit=other_unit)
    client = as_user(correspondent.user)
    response = client.post(reverse("portal:contribution-new"), draft_data(correspondent.unit, co_authors="王丽华"))
    page = response.content.decode()
    assert "有多位名叫“王丽华”的通讯员：" in page and "王丽华（宜都市人大常委会）" in page
    assert not Contribution.objects.exists()
    client.post(reverse("portal:contribution-new"),
                draft_data(correspondent.unit, co_authors="王丽华（宜都市人大常委会）"))
    piece = Contribution.objects.get()
    assert [a.correspondent for a in piece.authorships.order_by("position")] == [correspondent, namesake]
    edit = client.get(reverse("portal:contribution-edit", args=[piece.pk])).content.decode()
    assert 'value="王丽华（宜都市人大常委会）"' in edit  # shown again with the unit


def test_a_unit_that_has_no_such_correspondent_is_refused(correspondent, co_author):
    client = as_user(correspondent.user)
    page = client.post(reverse("portal:contribution-new"),
                       draft_data(correspondent.unit, co_authors="王丽华（宜都市人大常委会）")).content.decode()
    assert "宜都市人大常委会没有名叫“王丽华”的通讯员" in page and not Contribution.objects.exists()


def test_co_author_suggestions_show_the_unit(correspondent, co_author):
    response = as_user(correspondent.user).get(reverse("portal:people-search"), {"q": "丽华"})
    assert response.json() == {"results": ["王丽华（枝江市人大常委会）"]}
    assert as_user(correspondent.user).get(reverse("portal:people-search"), {"q": ""}).json() == {"results": []}


def test_a_new_claim_starts_from_the_claims_page(correspondent):
    accepted = ContributionFactory(title="已录用的稿", state=State.ACCEPTED, authors=[correspondent])
    ContributionFactory(title="还是草稿", state=State.DRAFT, authors=[correspondent])
    ContributionFactory(title="别人的稿", state=State.ACCEPTED)
    client = as_user(correspondent.user)
    assert reverse("portal:claim-pick") in client.get(reverse("portal:claims")).content.decode()
    page = client.get(reverse("portal:claim-pick")).content.decode()
    assert "已录用的稿" in page and "还是草稿" not in page and "别人的稿" not in page
    assert reverse("portal:claim-new", args=[accepted.pk]) in page
    form = client.get(reverse("portal:claim-new", args=[accepted.pk])).content.decode()
    assert 'name="prominence"' in form and "刊发申报：《已录用的稿》" in form
    outlet = OutletFactory()
    client.post(reverse("portal:claim-new", args=[accepted.pk]), {
        "outlet": outlet.pk, "published_on": timezone.localdate().isoformat(), "page": "第1版",
        "prominence": "front"})
    assert PlacementClaim.objects.get().prominence == "front"


def test_portal_pages_have_their_own_titles(correspondent):
    client = as_user(correspondent.user)
    titles = {re.search(r"<title>(.*?)</title>", client.get(reverse(name)).content.decode(), re.S).group(1)
              for name in ["portal:home", "portal:contributions", "portal:contribution-new", "portal:claims",
                           "portal:claim-pick"]}
    assert len(titles) == 5
