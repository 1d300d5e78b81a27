"""The editors' desk: permissions, the review queue, logging placements, the list, the import page."""

import datetime
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contributions.models import Attachment, Contribution, Placement, PlacementImport, State, Transition
from contributions.placement_sheets import HEADERS
from tests.conftest import page_text, queries_pinned_at
from tests.factories import (
    ColumnFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    TeamFactory,
    TransitionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

DESK_PAGES = [
    "desk:review-queue",
    "desk:placement-list",
    "desk:placement-log",
    "desk:placement-found",
    "desk:placement-import",
    "desk:placement-import-template",
    "desk:placement-export",
    "desk:contribution-search",
    "desk:contribution-list",
    "desk:statistics",
    "desk:bulletin",
    "desk:bulletin-export",
    "desk:year-index",
]


@pytest.mark.parametrize("name", DESK_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", DESK_PAGES)
def test_correspondents_get_403_on_every_desk_page(client, correspondent, name):
    client.force_login(correspondent.user)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", DESK_PAGES)
def test_editors_open_every_desk_page(client, editor, name):
    client.force_login(editor)
    response = client.get(reverse(name))
    assert response.status_code in (200, 302)
    assert response.status_code == 200 or name == "desk:year-index"


def test_object_pages_are_closed_to_correspondents_even_for_their_own_piece(client, correspondent):
    piece = ContributionFactory(authors=[correspondent], state=State.SUBMITTED)
    attachment = Attachment.objects.create(contribution=piece, file="attachments/x.pdf", original_name="x.pdf", size=1)
    client.force_login(correspondent.user)
    for url in [reverse("desk:contribution-detail", args=[piece.pk]),
                reverse("desk:attachment-download", args=[attachment.pk])]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("desk:contribution-move", args=[piece.pk]),
                       {"to_state": "in_review", "seen_state": "submitted"}).status_code == 403
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED


# --- the review queue and a contribution's page ---------------------------------------------------

def test_the_queue_lists_waiting_pieces_longest_waiting_first_and_no_drafts(desk):
    old = ContributionFactory(title="早报送的稿件", state=State.SUBMITTED)
    TransitionFactory(contribution=old, to_state=State.SUBMITTED, created_at=timezone.now() - datetime.timedelta(days=9))
    new = ContributionFactory(title="刚报送的稿件", state=State.IN_REVIEW)
    TransitionFactory(contribution=new, to_state=State.SUBMITTED)
    ContributionFactory(title="还在写的草稿", state=State.DRAFT)
    page = desk.get(reverse("desk:review-queue")).content.decode()
    assert page.index("早报送的稿件") < page.index("刚报送的稿件")
    assert "还在写的草稿" not in page
    assert "9 天" in page


def test_the_queue_filters_by_unit_and_title(desk):
    unit = UnitFactory(name="远安县人大常委会")
    ContributionFactory(title="远安的稿件", credited_unit=unit, state=State.SUBMITTED)
    ContributionFactory(title="别处的稿件", state=State.SUBMITTED)
    page = desk.get(reverse("desk:review-queue"), {"unit": unit.pk}).content.decode()
    assert "远安的稿件" in page and "别处的稿件" not in page
    page = desk.get(reverse("desk:review-queue"), {"q": "别处"}).content.decode()
    assert "远安的稿件" not in page and "别处的稿件" in page


def test_the_contribution_page_offers_exactly_the_moves_the_workflow_allows(desk):
    piece = ContributionFactory(state=State.IN_REVIEW, body="第一段\n\n第二段")
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert 'value="returned"' in page and 'value="accepted"' in page and 'value="rejected"' in page
    assert 'value="submitted"' not in page
    assert "<p>第一段</p>" in page and "<p>第二段</p>" in page


def test_an_editor_returns_a_piece_with_a_note_from_its_page(desk):
    piece = ContributionFactory(state=State.IN_REVIEW)
    response = desk.post(reverse("desk:contribution-move", args=[piece.pk]),
                         {"to_state": "returned", "seen_state": "in_review", "note": "请补充数据"}, follow=True)
    assert Contribution.objects.get(pk=piece.pk).state == State.RETURNED
    assert Transition.objects.get(contribution=piece).note == "请补充数据"
    assert "已退回修改" in response.content.decode()


def test_returning_without_a_note_is_refused_with_a_message(desk):
    piece = ContributionFactory(state=State.IN_REVIEW)
    response = desk.post(reverse("desk:contribution-move", args=[piece.pk]),
                         {"to_state": "returned", "seen_state": "in_review", "note": " "}, follow=True)
    assert "必须填写意见" in response.content.decode()
    assert Contribution.objects.get(pk=piece.pk).state == State.IN_REVIEW


def test_a_button_pressed_on_a_stale_page_is_refused(desk):
    piece = ContributionFactory(state=State.ACCEPTED)  # another editor accepted it meanwhile
    response = desk.post(reverse("desk:contribution-move", args=[piece.pk]),
                         {"to_state": "rejected", "seen_state": "in_review", "note": "不用"}, follow=True)
    assert "已被他人处理" in response.content.decode()
    assert Contribution.objects.get(pk=piece.pk).state == State.ACCEPTED


def test_possible_duplicates_are_shown_with_the_reason(desk):
    ContributionFactory(title="枝江市人大常委会开展优化营商环境专题调研")
    piece = ContributionFactory(title="枝江市人大常委会开展优化营商环境专题调研！", state=State.SUBMITTED)
    ContributionFactory(title="完全无关的另一篇稿件标题")
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert "可能重复" in page and "标题完全相同" in page
    assert "完全无关" not in page


def test_staff_download_attachments_under_their_original_name(desk, settings, tmp_path):
    piece = ContributionFactory()
    attachment = Attachment.objects.create(contribution=piece, original_name="调研报告.pdf", size=9,
                                           file=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"))
    response = desk.get(reverse("desk:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "调研报告.pdf" in unquote(response["Content-Disposition"])


# --- logging placements --------------------------------------------------------------------------

def test_the_placement_form_finds_a_piece_by_title_or_author(desk):
    author = CorrespondentFactory(name="向红梅")
    ContributionFactory(title="代表联络站里的民生账", authors=[author], state=State.ACCEPTED)
    for query in ["民生账", "向红梅"]:
        page = desk.get(reverse("desk:placement-log"), {"q": query}).content.decode()
        assert "代表联络站里的民生账" in page
    data = desk.get(reverse("desk:contribution-search"), {"q": "民生"}).json()
    assert data["results"][0]["title"] == "代表联络站里的民生账" and data["results"][0]["authors"] == "向红梅"


def test_logging_a_placement_publishes_the_piece(desk, editor):
    piece = ContributionFactory(state=State.ACCEPTED)
    column = ColumnFactory()
    form = desk.get(reverse("desk:placement-log"), {"contribution": piece.pk})
    assert form.context["form"]["published_on"].value() == timezone.localdate()
    response = desk.post(f"{reverse('desk:placement-log')}?contribution={piece.pk}", {
        "contribution": piece.pk, "outlet": column.outlet.pk, "column": column.pk,
        "published_on": "2025-06-01", "prominence": "front", "page": "第1版",
    }, follow=True)
    assert "已登记" in response.content.decode()
    placement = Placement.objects.get()
    assert (placement.column, placement.prominence, placement.logged_by) == (column, "front", editor)
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED


@pytest.mark.parametrize(("fields", "message"), [
    ({"published_on": "2099-01-01"}, "不能晚于今天"),
    ({"outlet": None}, "这个字段是必填项"),
])
def test_a_bad_placement_is_shown_as_a_form_error_and_nothing_is_saved(desk, fields, message):
    piece = ContributionFactory(state=State.ACCEPTED)
    data = {"contribution": piece.pk, "outlet": OutletFactory().pk, "published_on": "2025-06-01", "prominence": "regular"}
    data.update({k: v for k, v in fields.items() if v is not None})
    for key in [k for k, v in fields.items() if v is None]:
        data.pop(key)
    response = desk.post(f"{reverse('desk:placement-log')}?contribution={piece.pk}", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Placement.objects.exists()


def test_a_duplicate_placement_is_refused_on_the_desk(desk):
    existing = PlacementFactory()
    response = desk.post(f"{reverse('desk:placement-log')}?contribution={existing.contribution_id}", {
        "contribution": existing.contribution_id, "outlet": existing.outlet_id,
        "published_on": existing.published_on.isoformat(), "prominence": "regular"})
    assert "已经登记过了" in response.content.decode()
    assert Placement.objects.count() == 1


def test_a_piece_found_in_print_is_created_with_its_placement(desk):
    unit = UnitFactory(name="秭归县人大常委会")
    CorrespondentFactory(name="屈晓燕", unit=unit)
    outlet = OutletFactory()
    response = desk.post(reverse("desk:placement-found"), {
        "piece-title": "秭归代表履职记", "piece-unit": unit.pk, "piece-authors": "屈晓燕", "piece-genre": "feature",
        "placement-outlet": outlet.pk, "placement-published_on": "2025-05-05", "placement-prominence": "regular",
    })
    assert response.status_code == 302
    piece = Contribution.objects.get(title="秭归代表履职记")
    assert piece.state == State.PUBLISHED and piece.placements.count() == 1
    assert piece.authorships.get().correspondent.name == "屈晓燕"


def test_a_found_in_print_form_with_an_unknown_author_saves_nothing(desk):
    unit = UnitFactory()
    response = desk.post(reverse("desk:placement-found"), {
        "piece-title": "无名稿", "piece-unit": unit.pk, "piece-authors": "查无此人", "piece-genre": "news",
        "placement-outlet": OutletFactory().pk, "placement-published_on": "2025-05-05", "placement-prominence": "regular",
    })
    assert "找不到通讯员“查无此人”" in response.content.decode()
    assert not Contribution.objects.exists()


# --- the placement list --------------------------------------------------------------------------

def test_the_placement_list_filters_and_exports_the_filtered_rows(desk):
    national = OutletFactory(name="中国人大网", level="national")
    team = TeamFactory(name="第一宣传小组")
    member = CorrespondentFactory(name="组员甲", team=team)
    PlacementFactory(outlet=national, contribution=ContributionFactory(title="上了国家级的稿件", authors=[member],
                                                                       state=State.PUBLISHED))
    PlacementFactory(contribution=ContributionFactory(title="市级稿件", state=State.PUBLISHED))
    PlacementFactory(contribution=ContributionFactory(title="去年的稿件", state=State.PUBLISHED),
                     published_on=datetime.date(2024, 3, 3))
    url = reverse("desk:placement-list")
    for params, shown in [
        ({"level": "national"}, {"上了国家级的稿件"}),
        ({"team": team.pk}, {"上了国家级的稿件"}),
        ({"correspondent": "组员甲"}, {"上了国家级的稿件"}),
        ({"year": 2024}, {"去年的稿件"}),
        ({"published_after": "2025-01-01"}, {"上了国家级的稿件", "市级稿件"}),
        ({}, {"上了国家级的稿件", "市级稿件", "去年的稿件"}),
    ]:
        page = desk.get(url, params).content.decode()
        assert {t for t in ["上了国家级的稿件", "市级稿件", "去年的稿件"] if t in page} == shown, params
    response = desk.get(reverse("desk:placement-export"), {"level": "national"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    # The import's columns (an exported file imports elsewhere), then the level and the points.
    assert list(rows[0]) == HEADERS + ["级别", "积分"]
    assert [row[0] for row in rows[1:]] == ["上了国家级的稿件"]
    assert rows[1][-2] == "国家级" and rows[1][-1] > 0


def test_the_placement_list_sorts_by_title(desk):
    PlacementFactory(contribution=ContributionFactory(title="乙稿", state=State.PUBLISHED))
    PlacementFactory(contribution=ContributionFactory(title="甲稿", state=State.PUBLISHED))
    page = desk.get(reverse("desk:placement-list"), {"sort": "title"}).content.decode()
    assert page.index("乙稿") < page.index("甲稿")  # code-point order, as the database sorts


# --- the import page -----------------------------------------------------------------------------

def sheet(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("用稿.xlsx", buffer.getvalue())


@pytest.fixture
def importable(db):
    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="王丽华", unit=unit)
    OutletFactory(name="《三峡日报》")


def test_the_import_page_shows_every_error_and_saves_nothing(desk, importable):
    upload = sheet([
        ["稿一", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "", "一般", ""],
        ["稿二", "王丽华", "枝江市人大常委会", "消息", "《没有的报》", "2025-03-06", "", "", "一般", ""],
    ])
    page = desk.post(reverse("desk:placement-import"), {"file": upload}).content.decode()
    assert "发现 1 处错误" in page and "《没有的报》" in page and 'name="token"' not in page
    assert not Placement.objects.exists()


def test_the_import_page_imports_after_confirmation(desk, importable):
    upload = sheet([["稿一", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "", "一般", ""]])
    response = desk.post(reverse("desk:placement-import"), {"file": upload})
    assert 'name="token"' in response.content.decode() and not Placement.objects.exists()
    token = response.context["token"]
    response = desk.post(reverse("desk:placement-import"), {"token": token}, follow=True)
    page = page_text(response)
    assert "导入完成" in page and "已过期" not in page
    assert Placement.objects.count() == 1
    # The same confirmation again (a double click, a second tab, a reload of the result page):
    # nothing is imported twice, and the page says so rather than "expired".
    response = desk.post(reverse("desk:placement-import"), {"token": token}, follow=True)
    page = page_text(response)
    assert "这份文件刚刚已导入" in page and "已过期" not in page and Placement.objects.count() == 1


def test_the_same_file_checked_in_two_tabs_and_confirmed_in_both_is_imported_once(desk, importable):
    rows = [[f"稿{i}", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", f"2025-03-{i + 1:02d}", "", "", "一般", ""]
            for i in range(20)]
    tokens = [desk.post(reverse("desk:placement-import"), {"file": sheet(rows)}).context["token"] for _ in range(2)]
    assert tokens[0] != tokens[1]
    for token in tokens:
        page_text(desk.post(reverse("desk:placement-import"), {"token": token}, follow=True))
    assert Placement.objects.count() == 20 and Contribution.objects.count() == 20
    first, second = PlacementImport.objects.order_by("uploaded_at", "id")
    assert "新增用稿记录 20 条" in first.summary and "新增用稿记录 0 条，已存在而跳过 20 条" in second.summary


def test_a_checked_file_nobody_confirms_is_forgotten_after_a_day(desk, importable, settings):
    from contributions.placement_sheets.pending import forget_expired_imports

    upload = sheet([["稿一", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "", "一般", ""]])
    token = desk.post(reverse("desk:placement-import"), {"file": upload}).context["token"]
    record = PlacementImport.objects.get(token=token)
    stored = settings.MEDIA_ROOT / record.stored_name
    assert stored.exists()
    assert forget_expired_imports(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not stored.exists()
    response = desk.post(reverse("desk:placement-import"), {"token": token}, follow=True)
    assert "已过期" in page_text(response) and not Placement.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(desk, monkeypatch):
    monkeypatch.setattr("sheets.reading.MAX_BYTES", 1024 * 1024)
    monkeypatch.setattr("desk.views.imports.import_placements", lambda **kwargs: pytest.fail("the file was read"))
    upload = SimpleUploadedFile("大文件.xlsx", b"PK" + b"0" * (3 * 1024 * 1024 // 2))
    page = desk.post(reverse("desk:placement-import"), {"file": upload}).content.decode()
    assert "文件大小为 1.5 MB，超过了 1 MB 的上限" in page


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(desk):
    upload = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0 not a sheet")
    page = desk.post(reverse("desk:placement-import"), {"file": upload}).content.decode()
    assert "不是 .xlsx 或 .csv 表格" in page


def test_the_import_template_has_the_headers_and_an_example_row(desk):
    response = desk.get(reverse("desk:placement-import-template"))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 2


# --- constant queries ----------------------------------------------------------------------------

def grow(count, start=0):
    team = TeamFactory()
    for i in range(start, start + count):
        author = CorrespondentFactory(team=team)
        piece = ContributionFactory(authors=[author, CorrespondentFactory()],
                                    state=State.SUBMITTED if i % 2 else State.PUBLISHED)
        TransitionFactory(contribution=piece, to_state=State.SUBMITTED)
        Attachment.objects.create(contribution=piece, file=f"a/{i}.pdf", original_name="a.pdf", size=1)
        PlacementFactory(contribution=piece, column=ColumnFactory(),
                         published_on=timezone.localdate() - datetime.timedelta(days=i % 300))


@pytest.mark.parametrize(("url", "queries"), [
    # Every desk page counts what waits for the navigation (one query, and the overdue assignments
    # under the data version: two more on this cold cache, one where the page reads the version anyway); the placement list reads
    # the points of its rows (the year's rules and one query per year shown); the lists offer the
    # plan's topics as a filter (one query); statistics count the assignments of the appraisal
    # year's period (its row and the count: two queries, cached afterwards). Since offices: the
    # editor's office (one query) and, on this cold cache, the offices' tree (units and offices: two
    # queries, kept per data version; the search reads the data version for it: one more; the queue
    # lists what the offices below sent up: one more). Since the office's numbers are kept under its
    # own key (the global version, its network's unit versions, its own version): one read of that
    # key, on every page that shows an office's cached number (the navigation's overdue count does).
    (reverse("desk:review-queue"), 15),
    (reverse("desk:contribution-list"), 15),
    (reverse("desk:contribution-list") + "?state=published&created_after=2000-01-01", 15),
    (reverse("desk:placement-list"), 20),
    (reverse("desk:placement-list") + "?level=municipal&year=2025&sort=title", 16),
    (reverse("desk:placement-log") + "?q=人大", 12),
    (reverse("desk:contribution-search") + "?q=人大", 9),
    (reverse("desk:statistics"), 27),
    (reverse("desk:bulletin"), 17),
])
def test_desk_pages_run_a_pinned_number_of_queries(desk, url, queries):
    grow(5)
    with queries_pinned_at(queries, url):
        assert desk.get(url).status_code == 200
    grow(60, start=5)
    with queries_pinned_at(queries, url):
        assert desk.get(url).status_code == 200


def test_the_contribution_page_runs_a_pinned_number_of_queries(desk):
    piece = ContributionFactory(state=State.PUBLISHED)
    url = reverse("desk:contribution-detail", args=[piece.pk])

    def add(count, start):
        for i in range(start, start + count):
            TransitionFactory(contribution=piece)
            PlacementFactory(contribution=piece, published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
            Attachment.objects.create(contribution=piece, file=f"a/{i}.pdf", original_name="a.pdf", size=1)

    add(3, 0)
    # (+3: the piece's topics, the assignment it answers, the topics to tag with; +2: the overdue count;
    # +4 since offices: the editor's office, the offices' tree on a cold cache (two), the piece's forwards;
    # +1: the office's own cache key; +1: the piece's 新闻奖参评)
    with queries_pinned_at(25, url):
        desk.get(url)
    add(40, 3)
    with queries_pinned_at(25, url):
        desk.get(url)


def test_the_contribution_page_shows_who_created_changed_and_deleted_placements(desk, editor, administrator):
    from contributions.services import contribution_update, placement_create, placement_delete, placement_update

    piece = ContributionFactory(title="原标题", state=State.ACCEPTED)
    outlet = OutletFactory(name="《湖北日报》")
    placement = placement_create(contribution=piece, outlet=outlet, published_on=datetime.date(2025, 5, 5),
                                 page="第3版", actor=editor)
    placement_update(placement=placement, actor=administrator, page="第1版", prominence="front")
    other = placement_create(contribution=piece, outlet=OutletFactory(name="中国人大网"),
                             published_on=datetime.date(2025, 5, 6), actor=editor)
    placement_delete(placement=other, actor=administrator)
    contribution_update(contribution=Contribution.objects.get(pk=piece.pk), actor=administrator, title="新标题",
                        body=piece.body, genre=piece.genre, credited_unit=piece.credited_unit)
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert "新建用稿记录（《湖北日报》 2025-05-05）" in page
    assert "版面：第3版 → 第1版" in page and "位置：一般 → 头版" in page
    assert "删除用稿记录（中国人大网 2025-05-06）" in page
    assert "标题：原标题 → 新标题" in page
    history = Placement.history.filter(id=placement.pk).order_by("history_id")
    assert [h.history_user for h in history] == [editor, administrator]


def test_the_placement_list_filters_by_medium_and_counts_internal_outlets_apart(desk):
    journal = OutletFactory(name="《宜昌人大》", level="municipal", medium="magazine", internal=True)
    website = OutletFactory(name="宜昌人大网", level="municipal", medium="website")
    PlacementFactory(outlet=journal, contribution=ContributionFactory(title="刊物上的稿", state=State.PUBLISHED))
    PlacementFactory(outlet=website, contribution=ContributionFactory(title="网站上的稿", state=State.PUBLISHED))
    url = reverse("desk:placement-list")
    for params, shown in [({"level": "municipal"}, {"网站上的稿"}), ({"level": "internal"}, {"刊物上的稿"}),
                          ({"medium": "website"}, {"网站上的稿"}), ({"medium": "magazine"}, {"刊物上的稿"})]:
        page = desk.get(url, params).content.decode()
        assert {t for t in ["刊物上的稿", "网站上的稿"] if t in page} == shown, params


def test_a_second_look_at_the_statistics_page_reads_the_cached_tables(desk):
    grow(5)
    url = reverse("desk:statistics")

    def page() -> str:  # without the per-request CSRF token of the logout form
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", desk.get(url).content.decode())

    first = page()
    # The session, the user, the user's groups, the data version and what waits (for the navigation):
    # the tables and the assignments' completion come from the cache (and, since offices, the editor's
    # office and the office's own cache key).
    with queries_pinned_at(7, url):
        second = page()
    assert second == first
    piece = ContributionFactory(state=State.PUBLISHED, title="后来登记的稿件")
    PlacementFactory(contribution=piece, published_on=timezone.localdate())
    third = page()  # a write bumped the data version: computed afresh
    assert third != first


def test_the_placement_list_pages_by_date_with_a_cursor_forwards_and_back(desk):
    pieces = [ContributionFactory(title=f"第{n:03d}篇", state=State.PUBLISHED) for n in range(120)]
    for n, piece in enumerate(pieces):
        PlacementFactory(contribution=piece, published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n // 2))
    url = reverse("desk:placement-list")
    first = desk.get(url)
    titles = [p.contribution.title for p in first.context["rows"]]
    assert titles[0] == "第119篇" and len(titles) == 50 and first.context["page"].count == 120
    second = desk.get(url, {"after": first.context["page"].next_cursor})
    assert [p.contribution.title for p in second.context["rows"]][0] == "第069篇"
    third = desk.get(url, {"after": second.context["page"].next_cursor})
    assert [p.contribution.title for p in third.context["rows"]][-1] == "第000篇"
    assert third.context["page"].next_cursor is None
    back = desk.get(url, {"before": third.context["page"].previous_cursor})
    assert [p.contribution.title for p in back.context["rows"]] == [p.contribution.title for p in second.context["rows"]]
    oldest_first = desk.get(url, {"sort": "-date"})
    assert [p.contribution.title for p in oldest_first.context["rows"]][:2] == ["第000篇", "第001篇"]
