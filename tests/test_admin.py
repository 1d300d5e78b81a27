"""Every admin changelist and change page opens for an administrator, in Chinese, at a number of
queries that does not grow with the rows; the workflow actions work from the admin."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardReward, NewsAwardEntry, Nomination, RewardRules
from contributions.forwards import Forward
from contributions.models import (
    Attachment,
    Contribution,
    Placement,
    PlacementClaim,
    PlacementImport,
    State,
    Transition,
)
from correspondents.models import LoginRecord, Office, SignOffRule, Unit
from correspondents.network import root_office
from liaison.models import Agreement, Contact, Meeting
from messaging.models import Message, Preference, Robot
from tests.conftest import queries_pinned_at
from tests.factories import (
    AppraisalYearFactory,
    AwardFactory,
    ColumnFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    TeamFactory,
    TransitionFactory,
    UnitFactory,
)
from training.models import Participant, Session

pytestmark = pytest.mark.django_db

OUR_APPS = {"correspondents", "messaging", "outlets", "contributions", "awards", "liaison", "training"}
OUR_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
    key=lambda model: model._meta.label,
)


def make_rows(count: int, offset: int = 0) -> None:
    """`count` rows of every model, fully related, so list pages have foreign keys to follow."""
    for i in range(offset, offset + count):
        team = TeamFactory()
        county = UnitFactory()
        unit = UnitFactory(parent=county)
        office = Office.objects.create(name=f"县人大常委会办公室{i}", head_unit=county)
        author = CorrespondentFactory(unit=unit, team=team)
        column = ColumnFactory()
        piece = ContributionFactory(credited_unit=unit, authors=[author, CorrespondentFactory()], state=State.PUBLISHED)
        placement = PlacementFactory(contribution=piece, outlet=column.outlet, column=column,
                                     published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
        TransitionFactory(contribution=piece)
        Forward.objects.create(contribution=piece, from_office=office, to_office=root_office())
        Attachment.objects.create(contribution=piece, file=f"attachments/{i}.pdf", original_name=f"稿件{i}.pdf", size=10)
        PlacementClaim.objects.create(contribution=piece, claimed_by=author, outlet=placement.outlet,
                                      published_on=placement.published_on)
        award_year = AppraisalYearFactory(year=2000 + i)
        AwardFactory(appraisal_year=award_year, unit=unit)
        Nomination.objects.create(appraisal_year=award_year, category="good_news", contribution=piece, quality="one")
        PlacementImport.objects.create(file_name=f"用稿{i}.xlsx", sha256="0" * 64, rows=i, uploaded_by=None)
        LoginRecord.objects.create(username=f"user{i}", method="password", succeeded=bool(i % 2), address="127.0.0.1")
        robot = Robot.objects.create(name=f"群{i}", channel="wecom", url="http://127.0.0.1:9/x", office=root_office(),
                                     unit=unit)
        Message.objects.create(key=f"notice:{i}", event="notice", channel="wecom", robot=robot, office=root_office(),
                               subject="通知", body="正文", next_attempt_at=timezone.now())
        Preference.objects.create(correspondent=author, wecom=True)
        SignOffRule.objects.get_or_create(office=root_office(), kind=Unit.Kind.values[i % len(Unit.Kind.values)])
        rules = RewardRules.objects.create(appraisal_year=award_year, per_point_person=i)
        AwardReward.objects.create(rules=rules, category="good_news", grade="first", amount=100)
        Contact.objects.create(office=root_office(), outlet=column.outlet, name=f"记者{i}", role="reporter")
        Agreement.objects.create(office=root_office(), outlet=column.outlet, column=column, kind="column",
                                 cycle="monthly", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))
        Meeting.objects.create(office=root_office(), held_on=datetime.date(2025, 3, 1), kind="briefing", title=f"通报会{i}")
        NewsAwardEntry.objects.create(office=root_office(), contribution=piece, competition="provincial", year=2025,
                                      category="通讯")
        session = Session.objects.create(office=root_office(), title=f"培训{i}", starts_on=datetime.date(2025, 4, 1),
                                         ends_on=datetime.date(2025, 4, 2))
        Participant.objects.create(session=session, correspondent=author, attended=True)


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def count_queries(client, url: str) -> int:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from datacache.cache import forget_local

    ContentType.objects.clear_cache()  # cached per process: measure every page cold
    cache.clear()  # and the numbers kept per data version (the appraisal calendar) too
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Queries of each changelist, pinned: a page that drifts from 6 to 15 queries fails here.
# (+1 since the admin asks the roles who is office staff, as the desk does: the user's groups;
# +4 since offices, on this cold cache: the admin asks which office the user works at (one query) and
# reads the offices' tree under the data version (version, units, offices) to scope the rows;
# outlets +1: the 所属机构 filter lists the offices; placements +1: their points, kept under the
# office's own cache key)
CHANGELIST_QUERIES = {
    "awards.AppraisalYear": 12, "awards.Award": 13, "awards.ScoringRules": 12, "awards.Nomination": 13,
    "contributions.Attachment": 12, "contributions.Authorship": 12, "contributions.Contribution": 12,
    "contributions.Placement": 13, "contributions.PlacementClaim": 12, "contributions.Transition": 11,
    "contributions.PlacementImport": 12, "contributions.Forward": 12,
    "correspondents.Correspondent": 13, "correspondents.Team": 12, "correspondents.Unit": 12,
    "correspondents.Office": 12, "correspondents.LoginRecord": 14, "correspondents.SignOffRule": 12,
    "awards.RewardRules": 12, "awards.NewsAwardEntry": 13, "training.Session": 14, "liaison.Agreement": 12, "liaison.Contact": 12, "liaison.Meeting": 14,
    "messaging.Robot": 12, "messaging.Message": 14, "messaging.Preference": 12,
    "outlets.Column": 12, "outlets.Outlet": 13,
}


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_changelist_opens_in_chinese_at_a_pinned_number_of_queries(admin_client_persona, model):
    make_rows(5)
    url = changelist_url(model)
    response = admin_client_persona.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "人大宣传工作管理系统" in page
    assert str(model._meta.verbose_name_plural) in page
    assert model.objects.count() >= 5
    with_five = count_queries(admin_client_persona, url)
    assert with_five == CHANGELIST_QUERIES.get(model._meta.label), (model._meta.label, with_five)

    make_rows(45, offset=5)
    assert count_queries(admin_client_persona, url) == with_five


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_change_page_and_add_page_open(admin_client_persona, model):
    make_rows(2)
    instance = model.objects.order_by("pk").first()
    info = (model._meta.app_label, model._meta.model_name)
    response = admin_client_persona.get(reverse("admin:%s_%s_change" % info, args=[instance.pk]))
    assert response.status_code == 200
    assert "人大宣传工作管理系统" in response.content.decode()
    add = admin_client_persona.get(reverse("admin:%s_%s_add" % info))
    # Transitions, bylines, scoring rules and import records are never added on their own.
    never_added = {"transition", "authorship", "scoringrules", "placementimport", "nomination", "forward",
                   "loginrecord", "message"}
    assert add.status_code == (403 if model._meta.model_name in never_added else 200)


def test_contribution_change_page_runs_a_pinned_number_of_queries(admin_client_persona):
    piece = ContributionFactory(state=State.PUBLISHED)
    url = reverse("admin:contributions_contribution_change", args=[piece.pk])

    def add_history(start, count):
        for day in range(start, start + count):
            PlacementFactory(contribution=piece, column=ColumnFactory(),
                             published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day))
            TransitionFactory(contribution=piece)

    add_history(0, 5)
    # (+4 since offices, cold: the user's office, and the offices' tree under the data version)
    assert count_queries(admin_client_persona, url) == 18
    add_history(5, 45)
    with queries_pinned_at(18, url):
        response = admin_client_persona.get(url)
    assert response.content.decode().count("/admin/contributions/placement/") >= 50


def test_admin_is_in_chinese_by_default(admin_client_persona):
    response = admin_client_persona.get(reverse("admin:index"))
    page = response.content.decode()
    assert "稿件与用稿" in page
    assert "退出" in page or "注销" in page


def test_an_editor_can_open_the_contribution_list_but_not_scoring_rules_changes(client, editor):
    make_rows(1)
    client.force_login(editor)
    assert client.get(changelist_url(Contribution)).status_code == 200
    rules = AppraisalYearFactory(year=2024).scoring_rules
    response = client.post(reverse("admin:awards_scoringrules_change", args=[rules.pk]), {"national_points": "99"})
    assert response.status_code == 403


def test_a_correspondent_cannot_enter_the_admin(client, correspondent):
    client.force_login(correspondent.user)
    response = client.get(changelist_url(Contribution))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- workflow actions -----------------------------------------------------------------------------

def run_action(client, action, pieces, **extra):
    return client.post(
        changelist_url(Contribution),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [piece.pk for piece in pieces], **extra},
        follow=True,
    )


def test_accept_action_moves_each_piece_and_reports_each_refusal(admin_client_persona):
    in_review = ContributionFactory(state=State.IN_REVIEW, title="可以采用的稿件")
    draft = ContributionFactory(state=State.DRAFT, title="还是草稿的稿件")
    response = run_action(admin_client_persona, "accept", [in_review, draft])
    page = response.content.decode()
    assert Contribution.objects.get(pk=in_review.pk).state == State.ACCEPTED
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT
    assert "已录用：《可以采用的稿件》" in page
    assert "《还是草稿的稿件》未能录用" in page


def test_return_action_asks_for_a_note_first(admin_client_persona):
    piece = ContributionFactory(state=State.IN_REVIEW, title="待退回的稿件")
    response = run_action(admin_client_persona, "return_for_revision", [piece])
    page = response.content.decode()
    assert "填写意见" in page and "《待退回的稿件》" in page
    assert Contribution.objects.get(pk=piece.pk).state == State.IN_REVIEW

    response = run_action(admin_client_persona, "return_for_revision", [piece], apply="1", note="请压缩篇幅")
    assert Contribution.objects.get(pk=piece.pk).state == State.RETURNED
    assert Transition.objects.get(contribution=piece).note == "请压缩篇幅"
    assert "已退回修改" in response.content.decode()


def test_reject_action_with_an_empty_note_changes_nothing(admin_client_persona):
    piece = ContributionFactory(state=State.SUBMITTED)
    response = run_action(admin_client_persona, "reject", [piece], apply="1", note="")
    assert response.status_code == 200
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED
    assert not Transition.objects.exists()


def test_every_workflow_action_is_offered(admin_client_persona):
    page = admin_client_persona.get(changelist_url(Contribution)).content.decode()
    for label in ["报送", "重新报送", "开始审核", "退回修改", "录用", "不予采用", "重新审核"]:
        assert label in page


# --- placements through the admin -----------------------------------------------------------------

def placement_form(piece, outlet, day="2025-03-05", **extra):
    return {"contribution": piece.pk, "outlet": outlet.pk, "published_on": day, "prominence": "regular",
            "edition": "", "page": "第1版", "url": "", **extra}


def test_adding_a_placement_in_the_admin_publishes_through_the_service(admin_client_persona, administrator):
    piece = ContributionFactory(state=State.ACCEPTED)
    outlet = OutletFactory()
    response = admin_client_persona.post(reverse("admin:contributions_placement_add"), placement_form(piece, outlet))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.logged_by == administrator
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED
    assert Transition.objects.filter(contribution=piece, to_state=State.PUBLISHED).count() == 1


def test_a_placement_for_a_rejected_piece_is_refused_in_the_form(admin_client_persona):
    piece = ContributionFactory(state=State.REJECTED)
    response = admin_client_persona.post(reverse("admin:contributions_placement_add"),
                                         placement_form(piece, OutletFactory()))
    assert response.status_code == 200
    assert "未被采用" in response.content.decode()
    assert not Placement.objects.exists()


def test_a_duplicate_placement_is_refused_in_the_form(admin_client_persona):
    existing = PlacementFactory()
    response = admin_client_persona.post(
        reverse("admin:contributions_placement_add"),
        placement_form(existing.contribution, existing.outlet, day=existing.published_on.isoformat()),
    )
    assert response.status_code == 200
    assert "已经登记过了" in response.content.decode()
    assert Placement.objects.count() == 1


def test_deleting_the_last_placement_in_the_admin_returns_the_piece_to_accepted(admin_client_persona):
    placement = PlacementFactory()
    response = admin_client_persona.post(
        reverse("admin:contributions_placement_delete", args=[placement.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Placement.objects.exists()
    assert Contribution.objects.get(pk=placement.contribution_id).state == State.ACCEPTED


def test_deleting_an_outlet_with_placements_is_refused_naming_what_depends_on_it(admin_client_persona):
    placement = PlacementFactory()
    outlet = placement.outlet
    url = reverse("admin:outlets_outlet_delete", args=[outlet.pk])
    page = admin_client_persona.get(url).content.decode()
    assert "受保护" in page
    assert "用稿记录" in page
    admin_client_persona.post(url, {"post": "yes"})
    assert type(outlet).objects.filter(pk=outlet.pk).exists()


# --- a contribution entered in the admin with its byline and a placement --------------------------

def management_data(response) -> dict:
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def prefixes(response) -> dict[str, str]:
    return {type(inline.opts).__name__: inline.formset.prefix for inline in response.context["inline_admin_formsets"]}


def test_a_contribution_added_in_the_admin_splits_blank_shares_and_publishes_with_its_placement(
    admin_client_persona, administrator
):
    first, second, third = CorrespondentFactory(), CorrespondentFactory(), CorrespondentFactory()
    outlet = OutletFactory()
    url = reverse("admin:contributions_contribution_add")
    page = admin_client_persona.get(url)
    names = prefixes(page)
    byline, new_placement = names["AuthorshipInline"], names["NewPlacementInline"]
    data = management_data(page) | {
        "title": "见报后补录的稿件", "genre": "news", "credited_unit": first.unit.pk, "body": "正文",
        f"{byline}-TOTAL_FORMS": "3",
        **{f"{byline}-{i}-correspondent": author.pk for i, author in enumerate([first, second, third])},
        **{f"{byline}-{i}-position": str(i + 1) for i in range(3)},
        f"{new_placement}-TOTAL_FORMS": "1",
        f"{new_placement}-0-outlet": outlet.pk, f"{new_placement}-0-published_on": "2025-06-01",
        f"{new_placement}-0-prominence": "front", f"{new_placement}-0-page": "第1版",
    }
    response = admin_client_persona.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    piece = Contribution.objects.get(title="见报后补录的稿件")
    assert piece.created_by == administrator
    shares = [str(a.share) for a in piece.authorships.order_by("position")]
    assert shares == ["0.34", "0.33", "0.33"]
    assert piece.state == State.PUBLISHED
    assert piece.placements.get().logged_by == administrator
    assert Transition.objects.filter(contribution=piece, from_state=State.DRAFT, to_state=State.PUBLISHED).exists()


def test_shares_that_do_not_sum_to_one_are_refused_in_the_admin(admin_client_persona):
    first, second = CorrespondentFactory(), CorrespondentFactory()
    url = reverse("admin:contributions_contribution_add")
    page = admin_client_persona.get(url)
    byline = prefixes(page)["AuthorshipInline"]
    data = management_data(page) | {
        "title": "份额不对的稿件", "genre": "news", "credited_unit": first.unit.pk, "body": "正文",
        f"{byline}-TOTAL_FORMS": "2",
        f"{byline}-0-correspondent": first.pk, f"{byline}-0-position": "1", f"{byline}-0-share": "0.60",
        f"{byline}-1-correspondent": second.pk, f"{byline}-1-position": "2", f"{byline}-1-share": "0.30",
    }
    response = admin_client_persona.post(url, data)
    assert response.status_code == 200
    assert "之和应为 1.00" in response.content.decode()
    assert not Contribution.objects.filter(title="份额不对的稿件").exists()


@pytest.mark.parametrize("model", ["correspondents_unit", "correspondents_correspondent", "outlets_outlet"])
def test_each_admin_import_offers_a_template_that_imports_as_it_is(admin_client_persona, model):
    """The exact headers and one example row; the example imports cleanly (after its unit exists)."""
    import io

    import openpyxl
    from django.urls import reverse

    from correspondents.resources import UnitResource

    UnitResource().import_data(_dataset(["名称", "类别", "上级单位", "启用"],
                                        ["枝江市人大常委会", "县市区人大常委会", "", "是"]), dry_run=False)
    page = admin_client_persona.get(reverse(f"admin:{model}_import")).content.decode()
    url = reverse(f"admin:{model}_import_template")
    assert url in page and "下载导入模板" in page
    response = admin_client_persona.get(url)
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    admin_class = admin.site._registry[apps.get_model(*model.split("_", 1))]
    resource = admin_class.resource_classes[0]()
    assert list(rows[0]) == [field.column_name for field in resource.get_import_fields()] and len(rows) == 2
    result = resource.import_data(_dataset(list(rows[0]), list(rows[1])), dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors(), result.chinese_errors


def _dataset(headers, row):
    import tablib

    return tablib.Dataset(["" if value is None else value for value in row], headers=headers)
