"""What a clerk reads on the pages the browser tests do not measure: closing a year says what is
pending; the admin speaks Chinese and explains its rules; imports say every error at once; notices
count 已读 / 应读; small words where a button or heading was ambiguous."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import AppraisalYear, ScoringRules
from awards.services import appraisal_year_close, appraisal_year_get_or_create
from contributions.models import PlacementClaim, State
from contributions.placement_sheets import HEADERS, import_placements
from correspondents.resources import CorrespondentResource
from journal.models import JournalIssue
from planning.models import Notice, NoticeRead
from planning.services import notice_publish
from sheets.resources import describe_errors
from tests.factories import (
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    TeamFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_closing_a_year_lists_what_is_pending_and_what_closing_does_to_it(client, administrator):
    client.force_login(administrator)
    this = timezone.localdate().year
    appraisal_year_get_or_create(year=this)
    outlet = OutletFactory(name="《三峡日报》")
    pending = ContributionFactory(title="等审核的稿", state=State.SUBMITTED)
    ContributionFactory(title="已录用的稿", state=State.ACCEPTED)
    claimed = ContributionFactory(title="申报的稿", state=State.ACCEPTED)
    PlacementClaim.objects.create(contribution=claimed, claimed_by=CorrespondentFactory(), outlet=outlet,
                                  published_on=timezone.localdate())
    journal = OutletFactory(name="《宜昌人大》", internal=True)
    JournalIssue.objects.create(outlet=journal, number=f"{this}年第4期", issue_date=datetime.date(this, 12, 31))
    page = client.get(reverse("desk:year-close", args=[this])).content.decode()
    days = (datetime.date(this, 12, 31) - timezone.localdate()).days
    if days:
        assert f"本年度还有 {days} 天才结束" in page
    assert "1 条刊发申报等待核实" in page and "《申报的稿》" in page and reverse("desk:claims") in page
    assert "1 篇稿件等待审核" in page and reverse("desk:contribution-detail", args=[pending.pk]) in page
    assert "2 篇已录用稿件还没有登记用稿" in page
    assert f"《宜昌人大》{this}年第4期" in page and "结束后不能出刊" in page
    assert "仍然结束" in page


def test_closing_a_quiet_finished_year_says_nothing_is_pending(client, administrator):
    client.force_login(administrator)
    appraisal_year_get_or_create(year=2024)
    page = client.get(reverse("desk:year-close", args=[2024])).content.decode()
    assert "没有等待核实的刊发申报" in page and "确认结束" in page


def test_the_admin_speaks_chinese_to_a_clerk(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    for english in ["Model name", "Add link", "Change or view list link", "Access attempts", ">Axes<"]:
        assert english not in index
    assert "登录防护" in index and "登录尝试" in index
    add_user = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "After you’ve created a user" not in add_user and "创建账号后" in add_user


def test_every_scoring_rule_explains_itself_and_a_closed_years_rules_cannot_change(admin_client_persona,
                                                                                   administrator):
    year = appraisal_year_get_or_create(year=2025)
    rules = ScoringRules._meta.get_fields()
    editable = [field for field in rules if getattr(field, "editable", False) and field.concrete
                and field.name not in {"id", "appraisal_year"}]
    assert len(editable) >= 26 and all(field.help_text for field in editable)
    page = admin_client_persona.get(reverse("admin:awards_appraisalyear_change", args=[year.pk])).content.decode()
    assert "在国家级媒体" in page and 'name="scoring_rules-0-national_points"' in page
    appraisal_year_close(appraisal_year=year, actor=administrator)
    closed = admin_client_persona.get(reverse("admin:awards_appraisalyear_change", args=[year.pk])).content.decode()
    assert 'name="scoring_rules-0-national_points"' not in closed and 'name="period_start"' not in closed
    rules_page = admin_client_persona.get(reverse("admin:awards_scoringrules_change",
                                                  args=[year.scoring_rules.pk])).content.decode()
    assert 'name="national_points"' not in rules_page
    assert AppraisalYear.objects.get(pk=year.pk).is_closed


def test_a_correspondent_row_reports_every_error_at_once():
    UnitFactory(name="枝江市人大常委会")
    data = tablib.Dataset(headers=["姓名", "单位", "小组", "类别", "手机", "邮箱", "任务数"])
    data.append(["王丽华", "没有的单位", "", "记者", "1390000", "wang@example.org", "很多"])
    resource = CorrespondentResource()
    result = resource.import_data(data, dry_run=True)
    errors = describe_errors(resource, result, data)
    columns = sorted(error.split("“")[1].split("”")[0] for error in errors)
    assert columns == ["任务数", "单位", "手机", "类别"], errors


@pytest.mark.parametrize(("phone", "valid"), [
    ("13907170001", True), ("139 0717 0001", True), ("0717-6231234", True), ("1390000", False),
    ("23907170001", False), ("电话", False)])
def test_phone_numbers_are_a_mobile_or_a_landline_with_its_area_code(phone, valid):
    from django.core.exceptions import ValidationError

    from correspondents.models import valid_phone

    if valid:
        valid_phone(phone)
    else:
        with pytest.raises(ValidationError, match="不是有效的电话号码"):
            valid_phone(phone)


def test_a_misspelt_author_gets_the_name_and_unit_it_probably_means(desk):
    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="张晓明", unit=unit)
    OutletFactory(name="《三峡日报》")
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(["一篇稿", "张小明", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "第2版", "一般", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_placements(name="f.xlsx", data=buffer.getvalue(), actor=None, dry_run=True)
    (error,) = report.errors
    assert error.suggestion == "张晓明（枝江市人大常委会）"
    page = desk.post(reverse("desk:placement-import"),
                     {"file": SimpleUploadedFile("f.xlsx", buffer.getvalue())}).content.decode()
    assert "是否是“<strong>张晓明（枝江市人大常委会）</strong>”" in page
    assert '<details class="error-group" open>' in page


def test_the_notice_list_counts_read_against_addressed(desk, editor):
    county, team = UnitFactory(), TeamFactory()
    people = [CorrespondentFactory(unit=county) for _ in range(3)] + [CorrespondentFactory(team=team)]
    CorrespondentFactory()  # someone else
    CorrespondentFactory(unit=county, active=False)  # no longer in post
    notice = notice_publish(notice=Notice(title="部分单位", body="正文", to_everyone=False), units=[county],
                            teams=[team], actor=editor)
    everyone = notice_publish(notice=Notice(title="全体", body="正文"), actor=editor)
    NoticeRead.objects.create(notice=notice, correspondent=people[0])
    page = desk.get(reverse("desk:notice-list")).content.decode()
    rows = {n.title: (n.read_count, n.audience) for n in desk.get(reverse("desk:notice-list")).context["page"]}
    assert rows == {"部分单位": (1, 4), "全体": (0, 5)}
    assert "已读 / 应读" in page and "0 / 5" in page and everyone.pk


def test_small_words_say_what_they_do(desk, correspondent, editor):
    assignments = desk.get(reverse("desk:assignment-list")).content.decode()
    assert ">新建约稿</a>" in assignments
    assert "<h1>新建约稿</h1>" in desk.get(reverse("desk:assignment-new")).content.decode()
    from planning.models import Topic, TopicKind
    from planning.services import tag_contribution, topic_save

    topic = topic_save(topic=Topic(title="专题询问", kind=TopicKind.OTHER, starts_on=datetime.date(2025, 1, 1),
                                   ends_on=datetime.date(2026, 12, 31)), stages=None, actor=editor)
    piece = ContributionFactory(authors=[correspondent])
    tag_contribution(contribution=piece, topic=topic, stage=None, actor=editor)
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert ">去掉这个选题</button>" in page and "标注选题</label>" in page


def test_a_writer_naming_themselves_as_co_author_is_told(correspondent):
    client = Client()
    client.force_login(correspondent.user)
    response = client.post(reverse("portal:contribution-new"), {
        "title": "写给自己", "genre": "news", "body": "正文", "credited_unit": correspondent.unit_id,
        "co_authors": f"{correspondent.name}（{correspondent.unit.name}）", "save": "1"}, follow=True)
    assert "合作者中写了您本人，已略去" in response.content.decode()


def test_the_desks_menu_comes_in_groups_each_page_one_click_away(desk):
    page = desk.get(reverse("desk:review-queue")).content.decode()
    assert page.count('class="nav-group"') == 4
    for name in ["desk:review-queue", "desk:contribution-list", "desk:claims", "desk:placement-log",
                 "desk:placement-list", "desk:placement-import", "desk:issue-list", "desk:plan",
                 "desk:assignment-list", "desk:notice-list", "desk:statistics", "desk:bulletin", "desk:year-index"]:
        assert f'href="{reverse(name)}"' in page, name
