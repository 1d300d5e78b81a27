"""What a new clerk at 1280 px and a township correspondent on a 390 px phone trip over, measured in
Chromium: where a checkbox is drawn beside its label, where an error or a message stands against the
viewport, whether a table fits its frame, what the keyboard fills in, how tall a control is."""

import datetime

import pytest

from awards.models import Award
from awards.services import appraisal_year_get_or_create
from contributions.models import Placement, State
from correspondents.models import Unit
from tests.factories import (
    ColumnFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    TeamFactory,
    UnitFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def city(db):
    county = UnitFactory(name="枝江市人大常委会")
    townships = [UnitFactory(name=name, kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=county)
                 for name in ("枝江市安福寺镇人大", "枝江市马家店街道人大工委")]
    other = UnitFactory(name="宜都市人大常委会")
    UnitFactory(name="宜都市红花套镇人大", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=other)
    TeamFactory(name="第一宣传小组")
    editor = UserFactory(username="desk-editor", role="编辑", first_name="宣传处编辑（研究室综合科）")
    writer = CorrespondentFactory(name="张晓明", unit=county,
                                  user=UserFactory(username="zhang", role="通讯员", first_name="张晓明"))
    return {"county": county, "townships": townships, "other": other, "editor": editor, "writer": writer}


def boxes_and_labels(page, selector: str) -> list[dict]:
    """For each checkbox: its box and where the text of its own label starts and sits."""
    return page.eval_on_selector_all(selector, """boxes => boxes.map(box => {
        const label = box.closest('label');
        const range = document.createRange();
        const text = [...label.childNodes].find(node => node.nodeType === 3 && node.textContent.trim());
        range.selectNodeContents(text);
        const t = range.getBoundingClientRect(), b = box.getBoundingClientRect();
        return {name: text.textContent.trim(), boxLeft: b.left, boxRight: b.right, boxMiddle: (b.top + b.bottom) / 2,
                textLeft: t.left, textMiddle: (t.top + t.bottom) / 2};
    })""")


def test_each_unit_checkbox_sits_right_before_its_name_grouped_by_county(page, city, screenshot):
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/assignments/new/")
    page.wait_for_selector("fieldset.unit-picker")
    placed = {row["name"]: row for row in boxes_and_labels(page, "fieldset.unit-picker input[type=checkbox]")}
    assert set(placed) >= {"枝江市人大常委会", "枝江市安福寺镇人大", "宜都市人大常委会"}
    for name, row in placed.items():
        assert 0 <= row["textLeft"] - row["boxRight"] <= 12, (name, row)  # the box right before its name
        assert abs(row["textMiddle"] - row["boxMiddle"]) <= 6, (name, row)  # on the same line
    assert placed["枝江市安福寺镇人大"]["boxLeft"] >= placed["枝江市人大常委会"]["boxLeft"] + 16  # indented
    screenshot(page, "clerk-assignment-units-1280")
    # 全选 / 全不选 act on one county's group only.
    group = page.locator("fieldset.check-group", has_text="枝江市人大常委会").first
    group.get_by_role("button", name="全选").click()
    checked = page.eval_on_selector_all("fieldset.unit-picker input:checked",
                                        "boxes => boxes.map(b => b.closest('label').textContent.trim())")
    assert sorted(checked) == sorted(["枝江市人大常委会", "枝江市安福寺镇人大", "枝江市马家店街道人大工委"])
    group.get_by_role("button", name="全不选").click()
    assert page.locator("fieldset.unit-picker input:checked").count() == 0


def test_the_notice_forms_checkboxes_sit_before_their_labels(page, city):
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/notices/new/")
    page.wait_for_selector("input[name=to_everyone]")
    for row in boxes_and_labels(page, "form input[type=checkbox]"):
        assert 0 <= row["textLeft"] - row["boxRight"] <= 12, row
        assert abs(row["textMiddle"] - row["boxMiddle"]) <= 6, row


def test_a_refused_draft_on_a_phone_opens_on_its_errors_and_names_the_photo_to_choose_again(browser, live_server,
                                                                                            city, screenshot):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.base = live_server.url
    page.goto(f"{page.base}/accounts/login/?next=/portal/contributions/new/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.fill("input[name=title]", "乡镇人大代表之家开放日")
    page.fill("textarea[name=body]", "正文一段。")
    page.fill("input[name=co_authors]", "查无此人")
    page.set_input_files("input[name=attachments]", {"name": "现场.png", "mimeType": "image/png",
                                                     "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64})
    page.click("button[name=save]")
    summary = page.locator("#error-summary")
    summary.wait_for()
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + min(box["height"], 200) <= PHONE["height"]  # in view on arrival
    assert page.evaluate("document.activeElement.id") == "error-summary"
    text = summary.inner_text()
    assert "合作者" in text and "查无此人" in text and "现场.png" in text and "重新选择" in text
    assert summary.locator("a").first.get_attribute("href") == "#id_co_authors"
    screenshot(page, "clerk-draft-errors-390")
    context.close()


def test_award_picking_speaks_where_the_clerk_is_and_never_preselects_a_winner(page, city, screenshot):
    year = appraisal_year_get_or_create(year=2025)
    names = ["甲", "乙", "丙"]
    people = [CorrespondentFactory(name=f"通讯员{name}", unit=city["county"]) for name in names]
    for index, person in enumerate(people):
        piece = ContributionFactory(state=State.PUBLISHED, authors=[person], credited_unit=city["county"])
        PlacementFactory(contribution=piece, outlet=OutletFactory(), published_on=datetime.date(2025, 3, 1 + index))
    Award.objects.create(appraisal_year=year, category=Award.Category.EXCELLENT_CORRESPONDENT, correspondent=people[0])
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/years/2025/")
    page.wait_for_selector("nav.jump-links")
    page.click("nav.jump-links a[href='#pick-excellent_correspondent']")
    card = page.locator("#pick-excellent_correspondent")
    select = card.locator("select[name=candidate]")
    assert select.input_value() == ""  # nothing chosen for the clerk
    awarded = select.locator("option", has_text="通讯员甲")
    assert awarded.is_disabled() and "已获奖" in awarded.inner_text()
    select.select_option(label=[o for o in select.locator("option").all_inner_texts() if "通讯员乙" in o][0])
    card.locator("button[type=submit]").click()
    message = page.locator("#pick-excellent_correspondent .message-here")
    message.wait_for()
    assert "已评定优秀通讯员：通讯员乙" in message.inner_text()
    box = message.bounding_box()
    assert 0 <= box["y"] <= 900 - box["height"]  # the message is in the viewport, where the clerk is
    screenshot(page, "clerk-award-picked-1280")


def test_the_placement_list_fits_1280_px(page, city, screenshot):
    outlet = OutletFactory(name="十堰市郧阳区融媒体中心客户端“郧阳发布”", level="county")
    column = ColumnFactory(outlet=outlet, name="人大代表风采录")
    for index in range(12):
        piece = ContributionFactory(title=f"郧阳区人大常委会组织代表视察乡村振兴重点项目推进情况暨专题调研活动第{index}次",
                                    state=State.PUBLISHED, credited_unit=city["townships"][1],
                                    authors=[city["writer"], CorrespondentFactory(name=f"欧阳{index}明")])
        PlacementFactory(contribution=piece, outlet=outlet, column=column,
                         published_on=datetime.date(2025, 5, 1 + index), page="第十二版（专版）")
    log_in(page, "desk-editor", PASSWORD, next_url="/desk/placements/")
    page.wait_for_selector("table.fits")
    fit = page.evaluate("""() => { const table = document.querySelector('table.fits');
        const frame = table.closest('.table-wrap'); const edit = table.querySelector('tbody a[href$="/edit/"]');
        return {table: table.scrollWidth, frame: frame.clientWidth, editRight: edit.getBoundingClientRect().right,
                frameRight: frame.getBoundingClientRect().right}; }""")
    assert fit["table"] <= fit["frame"], fit
    assert fit["editRight"] <= fit["frameRight"], fit  # 修改 is whole, not cut to 修
    screenshot(page, "clerk-placement-list-1280")


def test_a_whole_placement_is_typed_with_the_keyboard(page, city):
    paper = OutletFactory(name="《三峡日报》", level="municipal")
    ColumnFactory(outlet=paper, name="代表风采")
    for other in ("《湖北日报》", "《楚天主人》"):
        ColumnFactory(outlet=OutletFactory(name=other, level="provincial"), name="代表风采")
    piece = ContributionFactory(title="常委会听取审议报告", state=State.ACCEPTED, credited_unit=city["county"])
    log_in(page, "desk-editor", PASSWORD, next_url=f"/desk/placements/new/?contribution={piece.pk}")
    page.wait_for_selector("select[name=outlet]:focus")
    page.select_option("select[name=outlet]", label="《三峡日报》")  # chosen; the columns follow it
    offered = page.eval_on_selector_all("select[name=column] option:not([hidden])", "os => os.map(o => o.textContent)")
    assert offered == ["（无栏目）", "《三峡日报》 · 代表风采"]
    keys = page.keyboard
    keys.press("Tab")  # 栏目
    keys.press("ArrowDown")
    keys.press("Tab")  # 刊发日期
    keys.press("Control+A")
    keys.type("2025-03-05")
    keys.press("Tab")  # 期号
    keys.type("第12345期")
    keys.press("Tab")  # 版面
    keys.type("第3版")
    keys.press("Tab")  # 位置
    keys.press("ArrowUp")  # 专版整版, the one before 一般
    keys.press("Tab")  # 领导批示
    keys.press("Tab")  # 链接
    keys.type("https://example.org/a")
    keys.press("Tab")  # 剪报
    keys.press("Tab")  # 保存
    assert page.evaluate("document.activeElement.textContent") == "保存用稿记录"
    keys.press("Enter")
    page.wait_for_selector("text=已登记")
    placement = Placement.objects.get(contribution=piece)
    assert (placement.outlet.name, placement.column.name, placement.published_on, placement.edition, placement.page,
            placement.prominence, placement.instruction, placement.url) == (
        "《三峡日报》", "代表风采", datetime.date(2025, 3, 5), "第12345期", "第3版", "special", "",
        "https://example.org/a")


def test_controls_are_equal_and_the_bars_are_compact(browser, live_server, city, screenshot):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    heights = page.eval_on_selector_all("input[name=username], input[name=password]",
                                        "inputs => inputs.map(i => i.getBoundingClientRect().height)")
    assert heights[0] == heights[1] and heights[0] >= 34
    page.fill("input[name=username]", "desk-editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_selector("header nav")
    # The desk's menu: one row at 1280 px with a long name and every count showing.
    assert page.locator("header").bounding_box()["height"] <= 60
    page.goto(f"{live_server.url}/desk/placements/import/")
    assert page.locator("input[type=file]").bounding_box()["height"] >= 34
    # A red button focused from the keyboard shows a ring of at least 2 px.
    page.locator("button[type=submit]").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(ring.removesuffix("px")) >= 2
    context.close()

    phone = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_selector("button.menu-button")
    assert page.locator("header").bounding_box()["height"] <= 80  # was 219 px, a quarter of the screen
    assert not page.locator("header nav").is_visible()
    page.click("button.menu-button")
    assert page.get_by_role("link", name="我的稿件").is_visible()
    screenshot(page, "clerk-portal-menu-390")
    phone.close()


def test_confirming_a_submission_takes_one_key(browser, live_server, city):
    piece = ContributionFactory(title="报送前的稿", state=State.DRAFT, authors=[city["writer"]],
                                credited_unit=city["county"])
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/contributions/{piece.pk}/submit/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_selector("text=确认报送")
    assert page.evaluate("document.activeElement.textContent") == "确认报送"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已报送")
    assert piece.__class__.objects.get(pk=piece.pk).state == State.SUBMITTED
    context.close()

