"""Where users lost work or made a wrong record without noticing: an attachment deleted with the
text typed since the last save, Enter on a dropdown that saved a half-filled placement, a piece
published by a placement without anyone being asked, and an import file's errors one per row."""

import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.models import Attachment, Contribution, Placement, State
from contributions.placement_sheets import HEADERS
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-2026"


@pytest.fixture
def city(db):
    unit = UnitFactory(name="枝江市人大常委会")
    writer = CorrespondentFactory(name="张晓明", unit=unit,
                                  user=UserFactory(username="zhang", role="通讯员", first_name="张晓明"))
    UserFactory(username="desk-editor", role="编辑")
    OutletFactory(name="中国人大网", level="national", medium="website")
    OutletFactory(name="《三峡日报》", level="municipal")
    return {"unit": unit, "writer": writer}


def test_deleting_an_attachment_asks_first_and_keeps_the_typed_text(page, city, screenshot):
    piece = ContributionFactory(title="我的草稿", state=State.DRAFT, authors=[city["writer"]], credited_unit=city["unit"])
    attachment = Attachment.objects.create(contribution=piece, original_name="调研报告.pdf", size=10,
                                           file=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"))
    page.goto(f"{page.base}/accounts/login/?next=/portal/contributions/{piece.pk}/edit/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_selector("textarea[name=body]")
    page.fill("textarea[name=body]", "刚写的一段，还没有保存。")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button:has-text('删除')")
    page.wait_for_timeout(300)
    assert "确定删除附件“调研报告.pdf”吗" in asked[0]
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # dismissed: nothing happened
    assert page.input_value("textarea[name=body]") == "刚写的一段，还没有保存。"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('删除')")
    page.wait_for_selector("text=已删除附件“调研报告.pdf”")
    screenshot(page, "portal-attachment-deleted")
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert page.input_value("textarea[name=body]") == "刚写的一段，还没有保存。"
    assert Contribution.objects.get(pk=piece.pk).body == "刚写的一段，还没有保存。"


def test_enter_saves_only_from_a_chosen_dropdown_and_publishing_an_unaccepted_piece_asks(page, city, screenshot):
    piece = ContributionFactory(title="尚在审核的稿件", state=State.SUBMITTED, authors=[city["writer"]],
                                credited_unit=city["unit"])
    log_in(page, "desk-editor", PASSWORD, next_url=f"/desk/placements/new/?contribution={piece.pk}")
    page.wait_for_selector("select[name=outlet]:focus")
    # Tab along to 栏目 (untouched) and press Enter: nothing is saved.
    page.focus("select[name=column]")
    page.keyboard.press("Enter")
    page.focus("select[name=prominence]")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert not Placement.objects.exists()

    # The outlet chosen with the arrow keys, then Enter: the piece is not accepted, so the browser asks.
    page.focus("select[name=outlet]")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert asked == ["此稿件尚未录用，登记用稿将直接设为已刊发，确定吗？"]
    assert not Placement.objects.exists() and Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED
    screenshot(page, "desk-placement-form")

    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已登记")
    assert Placement.objects.get().contribution_id == piece.pk
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED


def test_an_accepted_piece_is_still_logged_in_three_keystrokes_without_a_question(page, city):
    piece = ContributionFactory(title="已录用的稿件", state=State.ACCEPTED)
    log_in(page, "desk-editor", PASSWORD, next_url=f"/desk/placements/new/?contribution={piece.pk}")
    page.wait_for_selector("select[name=outlet]:focus")
    page.on("dialog", lambda dialog: pytest.fail(f"不该询问：{dialog.message}"))
    for key in ["ArrowDown", "ArrowDown", "Enter"]:
        page.keyboard.press(key)
    page.wait_for_selector("text=已登记")
    assert Placement.objects.get().outlet.name == "《三峡日报》"


def real_file(path, year):
    """Like a file from another city: authors and outlets the system does not know, an outlet written
    without its brackets, a formula, and rows of last year."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    outlets = ["《三峡日报》", "三峡日报", "《湖北日报》", "中国人大网", "《楚天主人》"]
    for i in range(120):
        author = "张晓明" if i % 3 else f"外地作者{i % 35}"
        day = datetime.date(year - 1 if i % 10 == 0 else year, 1 + i % 10, 1 + i % 27)
        sheet.append([f"外市来稿{i}", author, "枝江市人大常委会", "消息", outlets[i % 5], day, "", "第2版", "一般", ""])
    sheet["A50"] = '=CONCATENATE("外市来稿", 48)'
    book.save(path)
    return path


def test_the_import_page_groups_a_real_files_errors_by_cause(page, city, tmp_path, screenshot):
    year = datetime.date.today().year
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/placements/import/")
    page.set_input_files("input[name=file]", str(real_file(tmp_path / "外市用稿.xlsx", year)))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("#import-report")
    report = page.inner_text("#import-report")
    # (row 50's title is a formula: that row is reported for it alone)
    strangers = len({f"外地作者{i % 35}" for i in range(120) if i % 3 == 0 and i + 2 != 50})
    assert f"系统中没有这些通讯员（{strangers} 位）" in report
    screenshot(page, "desk-import-grouped-errors")
    assert "系统中没有这些媒体（3 个）" in report
    assert "“三峡日报”（第 3、8、" in report and "是否是“《三峡日报》”？" in report  # written without its brackets
    assert "这些单元格是公式，请改成文字（1 处）" in report and "第 50 行“标题”列" in report
    assert f"刊发日期不在本年度（{year} 年度）" in report
    screenshot(page, "desk-import-grouped-errors")
    with page.expect_download() as download:
        page.click("a:has-text('下载错误清单')")
    assert download.value.suggested_filename == "外市用稿-错误清单.xlsx"
    with open(download.value.path(), "rb") as handle:
        rows = list(openpyxl.load_workbook(handle).active.iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "错误说明" and len(rows) > 40
    assert not Placement.objects.exists()


def test_the_statistics_page_fits_1280_px_with_this_week_in_view_and_units_open(page, city, screenshot):
    from tests.factories import PlacementFactory, TeamFactory

    for number in range(6):
        team = TeamFactory(name=f"第{number + 1}宣传小组（县市区人大常委会联络组）", weekly_target=3)
        member = CorrespondentFactory(team=team, unit=city["unit"])
        PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, authors=[member],
                                                          credited_unit=city["unit"]),
                         published_on=datetime.date.today())
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/statistics/")
    page.wait_for_selector("table.team-weeks")
    current = page.locator("table.team-weeks th.current")
    box = current.bounding_box()
    assert current.inner_text().strip() == "本周" and box["x"] + box["width"] <= 1280
    wrap = page.evaluate("""() => { const w = document.querySelector('table.team-weeks').parentElement;
                                     return w.scrollWidth - w.clientWidth; }""")
    assert wrap <= 0, f"小组周目标表横向溢出 {wrap} px"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    screenshot(page, "desk-statistics-1280")
    page.click("table >> text=枝江市人大常委会")
    page.wait_for_selector("h1:has-text('枝江市人大常委会')")
    assert "按月" in page.inner_text("main") and "按媒体" in page.inner_text("main")
    screenshot(page, "desk-unit-detail")
