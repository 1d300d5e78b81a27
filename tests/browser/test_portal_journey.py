import zipfile

import pytest

from contributions.models import Contribution, Placement, PlacementClaim, State
from contributions.services import contribution_transition
from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-2026"


def portal_log_in(page, username):
    page.goto(f"{page.base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")


@pytest.fixture
def people(db):
    unit = UnitFactory(name="枝江市人大常委会")
    writer = CorrespondentFactory(name="张晓明", unit=unit, annual_quota=10,
                                  user=UserFactory(username="zhang", role="通讯员", first_name="张晓明"))
    CorrespondentFactory(name="王丽华", unit=unit)
    OutletFactory(name="《湖北日报》", level="provincial")
    editor = UserFactory(username="portal-editor", role="编辑")
    return {"writer": writer, "editor": editor}


def test_a_correspondent_follows_a_piece_from_draft_to_points(page, people, tmp_path, screenshot):
    editor = people["editor"]
    portal_log_in(page, "zhang")
    page.wait_for_selector("h1:has-text('张晓明')")

    # Write a draft with a co-author and a .docx attachment, and submit it.
    page.click("nav >> text=写稿")
    page.fill("input[name=title]", "代表联络站里的民生账")
    page.select_option("select[name=genre]", label="通讯")
    page.fill("textarea[name=body]", "第一段。\n\n第二段。")
    # A co-author is chosen with the unit shown, from the names the office has registered.
    page.type("input[name=co_authors]", "王丽", delay=40)
    page.wait_for_selector("#people-suggestions option", state="attached")
    option = page.locator("#people-suggestions option").first
    assert option.get_attribute("value") == "王丽华（枝江市人大常委会）"
    page.fill("input[name=co_authors]", option.get_attribute("value"))
    document = tmp_path / "稿件.docx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    page.set_input_files("input[name=attachments]", str(document))
    screenshot(page, "portal-draft-desktop")
    page.click("button:has-text('保存并报送')")
    page.click("button:has-text('确认报送')")
    page.wait_for_selector("text=审核后会通知您")
    piece = Contribution.objects.get(title="代表联络站里的民生账")
    assert piece.state == State.SUBMITTED and piece.attachments.count() == 1 and piece.authorships.count() == 2

    # The office returns it with a note.
    contribution_transition(contribution=piece, to_state=State.IN_REVIEW, actor=editor)
    contribution_transition(contribution=Contribution.objects.get(pk=piece.pk), to_state=State.RETURNED,
                            actor=editor, note="请补充两位代表的原话。")

    # The correspondent sees the note, revises and resubmits.
    page.goto(f"{page.base}/portal/")
    page.click("text=代表联络站里的民生账")
    assert "请补充两位代表的原话" in page.inner_text(".returned-note")
    page.click(".toolbar a:text-is('修改')")
    page.fill("textarea[name=body]", "第一段，补充了代表的原话。\n\n第二段。")
    page.click("button:has-text('保存并报送')")
    page.click("button:has-text('确认报送')")
    page.wait_for_selector("text=已报送")
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED

    # Accepted by the office; the correspondent finds it in print first and reports it.
    contribution_transition(contribution=Contribution.objects.get(pk=piece.pk), to_state=State.IN_REVIEW, actor=editor)
    contribution_transition(contribution=Contribution.objects.get(pk=piece.pk), to_state=State.ACCEPTED, actor=editor)
    page.reload()
    page.click(".toolbar a:has-text('刊发申报')")
    page.select_option("select[name=outlet]", label="《湖北日报》")
    page.fill("input[name=page]", "第5版")
    page.select_option("select[name=prominence]", label="一般")
    shot = tmp_path / "截图.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.set_input_files("input[name=evidence]", str(shot))
    page.click("button:has-text('提交申报')")
    page.wait_for_selector("text=刊发申报已提交")
    assert PlacementClaim.objects.get().state == "pending" and not Placement.objects.exists()

    # The editor verifies the claim on the desk, in another browser context.
    desk = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk_page = desk.new_page()
    desk_page.base = page.base
    log_in(desk_page, "portal-editor", PASSWORD, next_url="/desk/claims/")
    desk_page.click("button:has-text('核实')")
    desk_page.wait_for_selector("text=已核实")
    desk.close()
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED

    # My year: a provincial feature, regular position = 5 points, shared 0.50 → 2.50.
    page.goto(f"{page.base}/portal/")
    stats = page.inner_text(".stats")
    assert "2.50" in stats
    assert "《湖北日报》" in page.inner_text("table")
    screenshot(page, "portal-home-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "portal-home-390")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"页面在 390 px 宽度下横向溢出 {overflow} px"
    placed = page.locator("table.cards tbody tr").first
    for label, value in [("积分", "5.00"), ("我的份额", "0.50"), ("位置", "一般")]:
        cell = placed.locator(f"td[data-label='{label}']")
        box = cell.bounding_box()
        assert cell.inner_text().strip() == value and box["x"] + box["width"] <= 390, label
    page.goto(f"{page.base}/portal/contributions/new/")
    screenshot(page, "portal-draft-390")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # 刊发申报 on a phone: each claim a card whose key facts show without sideways scrolling, and
    # every link and button at least 44 px tall.
    page.goto(f"{page.base}/portal/claims/")
    screenshot(page, "portal-claims-390")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    card = page.locator("table.cards tbody tr").first
    for label in ["状态", "版面 · 位置", "刊发日期"]:
        cell = card.locator(f"td[data-label='{label}']")
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    assert "已核实" in card.inner_text() and "第5版 · 一般" in card.inner_text()
    small = page.evaluate("""() => [...document.querySelectorAll('main a, main button, .topbar a, .topbar button')]
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
        .map((el) => el.textContent.trim())""")
    assert small == [], f"小于 44 px 的点击目标：{small}"
    page.click("a:has-text('新的刊发申报')")
    page.wait_for_selector("h1:has-text('哪篇稿件刊发了')")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
