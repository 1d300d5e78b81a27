
import openpyxl
import pytest
from django.utils import timezone

from contributions.models import Contribution, Placement, State, Transition
from contributions.placement_sheets import HEADERS
from contributions.services import contribution_transition
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-2026"


@pytest.fixture
def office(db):
    editor = UserFactory(username="desk-editor", role="编辑", first_name="宣传处编辑")
    unit = UnitFactory(name="枝江市人大常委会")
    author_account = UserFactory(username="author-account", role="通讯员")
    author = CorrespondentFactory(name="张晓明", unit=unit, user=author_account)
    OutletFactory(name="《三峡日报》", level="municipal")
    OutletFactory(name="中国人大网", level="national", medium="website")
    to_return = ContributionFactory(title="代表联络站里的民生账", credited_unit=unit, authors=[author],
                                    state=State.IN_REVIEW)
    to_accept = ContributionFactory(title="枝江人大开展优化营商环境专题调研", credited_unit=unit, authors=[author],
                                    state=State.SUBMITTED)
    return {"editor": editor, "author": author, "to_return": to_return, "to_accept": to_accept}


def test_editor_reviews_returns_accepts_logs_a_placement_and_sees_it_counted(page, office, screenshot):
    log_in(page, "desk-editor", PASSWORD)
    page.wait_for_selector("h1:has-text('审核队列')")
    assert page.locator("text=代表联络站里的民生账").is_visible()
    screenshot(page, "desk-queue")

    # Return a piece with a note.
    page.click("text=代表联络站里的民生账")
    page.fill("form.move textarea", "请补充两位代表的原话，压缩到一千字。")
    page.click("form.move button:has-text('退回修改')")
    page.wait_for_selector("text=已退回修改")
    assert Contribution.objects.get(pk=office["to_return"].pk).state == State.RETURNED

    # The author resubmits (the portal comes later; the same service it will call).
    contribution_transition(contribution=Contribution.objects.get(pk=office["to_return"].pk),
                            to_state=State.SUBMITTED, actor=office["author"].user)

    # Start review and accept the resubmitted piece.
    page.goto(f"{page.base}/desk/")
    page.click("text=代表联络站里的民生账")
    page.click("button:has-text('开始审核')")
    page.wait_for_selector("button:has-text('录用')")
    page.click("form.move button:text-is('录用')")
    page.wait_for_selector("text=已录用")
    assert Contribution.objects.get(pk=office["to_return"].pk).state == State.ACCEPTED

    # Log its placement: type-ahead finds it, then outlet and Enter.
    page.goto(f"{page.base}/desk/placements/new/")
    page.fill("input[name=q]", "民生账")
    page.keyboard.press("Enter")
    page.click("a:has-text('选择')")
    page.wait_for_selector("select[name=outlet]")
    page.select_option("select[name=outlet]", label="《三峡日报》")
    page.fill("input[name=page]", "第3版")
    screenshot(page, "desk-placement-form")
    page.click("button:has-text('保存用稿记录')")
    page.wait_for_selector("text=已登记")
    piece = Contribution.objects.get(pk=office["to_return"].pk)
    assert piece.state == State.PUBLISHED and piece.placements.count() == 1
    assert [t.to_state for t in Transition.objects.filter(contribution=piece).order_by("id")] == [
        "returned", "submitted", "in_review", "accepted", "published"]

    # Counted on the statistics page.
    page.goto(f"{page.base}/desk/statistics/")
    row = page.locator("table tr", has_text="枝江市人大常委会").first
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    # 排名 单位 国家级 省级 市级 县级 内部刊物 合计 稿件 积分 任务数 完成率: one municipal placement, regular position.
    assert cells[1:] == ["枝江市人大常委会", "0", "0", "1", "0", "0", "1", "1", "2.00", "—", "—"]
    screenshot(page, "desk-statistics")


def test_typeahead_suggests_contributions_as_the_editor_types(page, office):
    ContributionFactory(title="人大代表进社区微视频", state=State.ACCEPTED)
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/placements/new/")
    page.wait_for_selector("input[name=q]")
    page.type("input[name=q]", "微视频", delay=50)
    page.wait_for_selector("#contribution-suggestions option", state="attached")
    assert page.locator("#contribution-suggestions option").first.get_attribute("value") == "人大代表进社区微视频"


def import_file(tmp_path, rows, name="用稿.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_editor_imports_a_file_with_a_bad_row_fixes_it_and_imports(page, office, tmp_path, screenshot):
    good = ["见报稿一", "张晓明", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "第2版", "一般", ""]
    bad = ["见报稿二", "张晓明", "枝江市人大常委会", "消息", "《不存在的报》", "2025-03-06", "", "第2版", "一般", ""]
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/placements/import/")
    page.set_input_files("input[name=file]", str(import_file(tmp_path, [good, bad])))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("#import-report")
    report = page.inner_text("#import-report")
    assert "发现 1 处错误" in report and "系统中没有这些媒体（1 个）" in report
    assert "“《不存在的报》”（第 3 行）" in report  # the value and the sheet's row
    screenshot(page, "desk-import-errors")
    assert not Placement.objects.exists()

    bad[4] = "中国人大网"
    page.set_input_files("input[name=file]", str(import_file(tmp_path, [good, bad], name="改正后.xlsx")))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("button:has-text('确认导入')")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    assert Placement.objects.count() == 2
    assert set(Contribution.objects.filter(title__startswith="见报稿").values_list("state", flat=True)) == {"published"}


def test_a_found_piece_is_logged_in_a_few_keystrokes(page, office):
    accepted = ContributionFactory(title="常委会听取审议报告", state=State.ACCEPTED)
    log_in(page, "desk-editor", PASSWORD, next_url=f"/desk/placements/new/?contribution={accepted.pk}")
    page.wait_for_selector("select[name=outlet]:focus")
    for key in ["ArrowDown", "ArrowDown", "Enter"]:  # 中国人大网, then 《三峡日报》; Enter saves
        page.keyboard.press(key)
    page.wait_for_selector("text=已登记")
    placement = Placement.objects.get(contribution=accepted)
    assert placement.outlet.name == "《三峡日报》"
    assert placement.published_on == timezone.localdate()
