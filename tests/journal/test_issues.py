"""The committee's own journal: an issue planned, assembled from accepted pieces and published."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.selectors import year_tallies
from awards.services import appraisal_year_close, appraisal_year_get_or_create
from awards.years import resolve_year
from contributions.models import Contribution, Placement, State
from correspondents.network import root_office
from datacache.cache import forget_local
from journal.models import IssueItem, JournalIssue
from journal.selectors import journal_year
from journal.services import issue_publish, item_add, item_move
from tests.conftest import queries_pinned_at
from tests.factories import ColumnFactory, ContributionFactory, OutletFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(db):
    outlet = OutletFactory(name="《宜昌人大》", level="municipal", medium="magazine", internal=True)
    return {"outlet": outlet, "study": ColumnFactory(outlet=outlet, name="工作研究"),
            "voices": ColumnFactory(outlet=outlet, name="代表之声")}


def test_an_editor_plans_assembles_orders_and_publishes_an_issue(desk, editor, journal):
    unit = UnitFactory(name="枝江市人大常委会")
    pieces = [ContributionFactory(title=title, credited_unit=unit, state=State.ACCEPTED, genre=genre)
              for title, genre in [("监督实效的思考", "theory"), ("代表履职掠影", "photo"), ("联络站的一天", "feature")]]
    response = desk.post(reverse("desk:issue-list"), {"outlet": journal["outlet"].pk, "number": "2025年第3期",
                                                      "issue_date": "2025-06-30", "theme": "代表工作专刊"})
    issue = JournalIssue.objects.get()
    assert response["Location"] == reverse("desk:issue-detail", args=[issue.pk])
    add = reverse("desk:issue-item-add", args=[issue.pk])
    desk.post(add, {"contribution": pieces[0].pk, "column": journal["study"].pk})
    desk.post(add, {"contribution": pieces[1].pk, "column": journal["voices"].pk})
    desk.post(add, {"contribution": pieces[2].pk, "column": journal["voices"].pk})
    second = IssueItem.objects.get(contribution=pieces[2])
    desk.post(reverse("desk:issue-item-change", args=[issue.pk, second.pk]), {"action": "up"})
    contents = desk.get(reverse("desk:issue-detail", args=[issue.pk])).content.decode().split("本期目录")[1]
    assert contents.index("联络站的一天") < contents.index("代表履职掠影")  # moved up within 代表之声
    assert desk.get(reverse("desk:issue-publish", args=[issue.pk])).status_code == 200  # asks first
    assert not Placement.objects.exists()
    desk.post(reverse("desk:issue-publish", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.is_published
    placements = Placement.objects.order_by("contribution__title")
    assert {(p.contribution.title, p.outlet_id, p.published_on, p.edition, p.column.name) for p in placements} == {
        ("监督实效的思考", journal["outlet"].pk, datetime.date(2025, 6, 30), "2025年第3期", "工作研究"),
        ("代表履职掠影", journal["outlet"].pk, datetime.date(2025, 6, 30), "2025年第3期", "代表之声"),
        ("联络站的一天", journal["outlet"].pk, datetime.date(2025, 6, 30), "2025年第3期", "代表之声"),
    }
    assert set(Contribution.objects.values_list("state", flat=True)) == {State.PUBLISHED}
    row = next(r for r in year_tallies(resolve_year(2025)).units if r.name == "枝江市人大常委会")
    assert (row.internal, row.municipal, row.total, row.pieces) == (3, 0, 3, 3)
    year = resolve_year(2025)
    (stats,) = journal_year(year.start, year.end, office=root_office().pk)
    assert (stats.outlet, stats.issues, stats.pieces, stats.photos) == ("《宜昌人大》", 1, 3, 1)
    assert "已经出刊" in desk.post(add, {"contribution": ContributionFactory(state=State.ACCEPTED).pk},
                                 follow=True).content.decode()


def test_only_internal_outlets_have_issues_and_only_placeable_pieces_go_in(desk, editor, journal):
    outside = OutletFactory(name="《三峡日报》")
    response = desk.post(reverse("desk:issue-list"), {"outlet": outside.pk, "number": "第1期", "issue_date": "2025-06-30"})
    assert not JournalIssue.objects.exists() and "选择一个有效的选项" in response.content.decode()
    issue = JournalIssue.objects.create(outlet=journal["outlet"], number="第1期", issue_date=datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="未被录用"):
        item_add(issue=issue, contribution=ContributionFactory(state=State.REJECTED), column=None, actor=editor)
    with pytest.raises(ValidationError, match="不属于"):
        item_add(issue=issue, contribution=ContributionFactory(state=State.ACCEPTED), column=ColumnFactory(),
                 actor=editor)


def test_an_issue_dated_in_a_closed_year_is_refused_whole(editor, administrator, journal):
    issue = JournalIssue.objects.create(outlet=journal["outlet"], number="第9期", issue_date=datetime.date(2025, 12, 20))
    for number in range(3):
        item_add(issue=issue, contribution=ContributionFactory(state=State.ACCEPTED), column=None, actor=editor)
    appraisal_year_close(appraisal_year=appraisal_year_get_or_create(year=2025), actor=administrator)
    with pytest.raises(ValidationError, match="评选已结束"):
        issue_publish(issue=issue, actor=editor)
    assert not Placement.objects.exists() and not JournalIssue.objects.get().is_published


def test_moving_the_first_piece_up_changes_nothing(editor, journal):
    issue = JournalIssue.objects.create(outlet=journal["outlet"], number="第2期", issue_date=datetime.date(2025, 5, 1))
    first = item_add(issue=issue, contribution=ContributionFactory(state=State.ACCEPTED), column=None, actor=editor)
    second = item_add(issue=issue, contribution=ContributionFactory(state=State.ACCEPTED), column=None, actor=editor)
    item_move(item=first, up=True, actor=editor)
    assert list(issue.items.order_by("position").values_list("pk", flat=True)) == [first.pk, second.pk]


def test_the_table_of_contents_exports_as_xlsx_and_as_a_pdf_with_chinese_text(desk, editor, journal):
    from pypdf import PdfReader

    issue = JournalIssue.objects.create(outlet=journal["outlet"], number="2025年第4期",
                                        issue_date=datetime.date(2025, 8, 1), theme="监督工作")
    piece = ContributionFactory(title="专题询问现场直击", state=State.ACCEPTED)
    item_add(issue=issue, contribution=piece, column=journal["study"], actor=editor)
    response = desk.get(reverse("desk:issue-toc-xlsx", args=[issue.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["目录"]
    assert [c.value for c in sheet[1]] == ["栏目", "序号", "标题", "作者", "单位", "体裁"]
    assert [c.value for c in sheet[2]][:3] == ["工作研究", 1, "专题询问现场直击"]
    assert sheet.oddHeader.center.text == "《宜昌人大》 2025年第4期 · 目录 · 监督工作"
    response = desk.get(reverse("desk:issue-toc-pdf", args=[issue.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "专题询问现场直击" in text and "2025年第4期" in text


def test_the_journal_pages_run_a_pinned_number_of_queries(desk, editor, journal):
    issue = JournalIssue.objects.create(outlet=journal["outlet"], number="第5期", issue_date=datetime.date(2025, 9, 1))

    def add(count):
        for _ in range(count):
            item_add(issue=issue, contribution=ContributionFactory(state=State.ACCEPTED), column=journal["study"],
                     actor=editor)

    # (each desk page also counts what waits, for the navigation: one query, and the overdue
    # assignments read under the data version: two more; since offices: the editor's office, the
    # offices' tree, units and offices, and the office's own cache key. Each page on a cold cache.
    # The issue's page reads the issue, its items and their bylines, the search's pieces and their
    # bylines, the journal's columns and its outlet.)
    for size in (2, 20):
        add(size)
        for url, queries in [(reverse("desk:issue-list"), 14),
                             (reverse("desk:issue-detail", args=[issue.pk]) + "?q=人大", 17)]:
            cache.clear()
            forget_local()
            with queries_pinned_at(queries, url):
                assert desk.get(url).status_code == 200
