"""The network in the browser, on the demo city: 枝江's clerk reviews a township's piece, sends two up,
ranks its townships with its own rules and downloads 枝江's workbook; the city's editor takes one,
declines the other, and counts 枝江's placements with the city's rules."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from awards.years import this_year
from contributions.forwards import Forward
from contributions.models import Contribution, State

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def points_by_unit(page) -> dict[str, Decimal]:
    rows = page.locator("h2#units + * tbody tr")
    found = {}
    for index in range(rows.count()):
        cells = [cell.strip() for cell in rows.nth(index).locator("td").all_inner_texts()]
        found[cells[1]] = Decimal(cells[9])
    return found


def test_a_county_reviews_sends_up_ranks_and_exports_and_the_city_decides(page, browser, screenshot):
    call_command("seed_demo", stdout=io.StringIO())
    year = this_year()
    log_in(page, "zhijiang", "demo-zhijiang-2026")
    page.wait_for_selector("h1:has-text('审核队列')")
    queue = page.locator("main table").last.inner_text()
    assert "枝江市董市镇人大" in queue and "宜都" not in queue and "当阳" not in queue

    # Review a township's piece and send it up.
    page.click("a:has-text('人大主席团走访代表')")
    page.click("button:has-text('开始审核')")
    page.wait_for_selector("form.move button:text-is('录用')")
    page.click("form.move button:text-is('录用')")
    piece = Contribution.objects.get(title__endswith="人大主席团走访代表")
    page.goto(f"{page.base}/desk/contributions/{piece.pk}/")
    page.fill("#send-up-note", "镇人大工作的好做法，建议市级媒体刊用。")
    page.click("button:has-text('报送上级')")
    page.wait_for_selector("text=已把《")
    screenshot(page, "county-sent-up")
    # And a second one it had accepted before.
    second = Contribution.objects.filter(state=State.ACCEPTED, credited_unit__name__startswith="枝江市",
                                         forwards__isnull=True).exclude(pk=piece.pk).order_by("pk").first()
    page.goto(f"{page.base}/desk/contributions/{second.pk}/")
    page.click("button:has-text('报送上级')")
    page.wait_for_selector("text=已把《")
    assert Forward.objects.filter(contribution__in=[piece, second], state="sent").count() == 2

    # Rank its townships with its own rules; download its workbook.
    page.goto(f"{page.base}/desk/years/{year}/")
    county_points = points_by_unit(page)
    assert "枝江市董市镇人大" in county_points and not any(name.startswith("宜都") for name in county_points)
    # A workbook is built while the browser waits: on a loaded machine (PostgreSQL, both suites in CI) it
    # once took longer than a click's 15 s. The download is what is awaited, with a minute to arrive.
    with page.expect_download(timeout=60_000) as download:
        page.click("text=导出年度统计表（Excel）", no_wait_after=True)
    assert download.value.suggested_filename == f"人大宣传年度统计-枝江市人大常委会办公室-{year}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert book["单位汇总"].oddHeader.center.text.startswith(f"枝江市人大常委会办公室{year}年度")

    # The city's editor decides.
    city = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    town = city.new_page()
    town.base = page.base
    log_in(town, "editor", "demo-editor-2026")
    town.wait_for_selector("text=下级报送来的稿件")
    screenshot(town, "city-sent-up-queue")
    town.click(f"a:has-text('{piece.title}')")
    town.click("button:text-is('采用')")
    town.wait_for_selector("text=已采用《")
    town.goto(f"{page.base}/desk/contributions/{second.pk}/")
    town.fill("#forward-reason", "本月同类稿件已采用，请补充数据后再报。")
    town.click("button:text-is('不采用')")
    town.wait_for_selector("text=已不采用《")
    assert dict(Forward.objects.filter(contribution__in=[piece, second]).values_list("contribution", "state")) == {
        piece.pk: "taken", second.pk: "declined"}

    # 枝江's placements are in the city's numbers, with the city's rules (lower bases than 枝江's).
    town.goto(f"{page.base}/desk/years/{year}/")
    city_points = points_by_unit(town)
    township = next(name for name, points in county_points.items()
                    if name.startswith("枝江市") and name != "枝江市人大常委会" and points > 0)
    assert Decimal(0) < city_points[township] < county_points[township]
    city.close()
