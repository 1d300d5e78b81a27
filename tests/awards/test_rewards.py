"""奖励: money per point for people and units, fixed amounts per award (a work's shared by byline),
a cap per person; exact to the fen, rounded once per row (half up); in the workbook's 奖励发放表 and a
PDF with a 签领 column; frozen with the year."""

import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Award, AwardReward, RewardRules, ScoringRules
from awards.rewards import reward_table
from awards.services import appraisal_year_close
from awards.workbook import REWARD_HEADERS, REWARD_SHEET, write_year_workbook
from awards.years import resolve_year
from contributions.models import State
from outlets.models import Outlet
from tests.factories import (
    AppraisalYearFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    appraisal_year = AppraisalYearFactory(year=2025)
    ScoringRules.objects.filter(appraisal_year=appraisal_year).update(municipal_points=Decimal("2.50"))
    return appraisal_year


@pytest.fixture
def city(year):
    """甲 places one municipal piece (2.50), 乙 three provincial (15.00), both of 枝江; 甲 and 乙 share a
    好新闻奖 一等奖 half and half; 枝江 is a 先进单位."""
    unit = UnitFactory(name="枝江市人大常委会")
    a = CorrespondentFactory(name="甲", unit=unit)
    b = CorrespondentFactory(name="乙", unit=unit)
    PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, authors=[a], credited_unit=unit),
                     outlet=OutletFactory(level=Outlet.Level.MUNICIPAL))
    for _ in range(3):
        PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, authors=[b], credited_unit=unit),
                         outlet=OutletFactory(level=Outlet.Level.PROVINCIAL))
    work = ContributionFactory(state=State.PUBLISHED, authors=[a, b], credited_unit=unit)
    Award.objects.create(appraisal_year=year, category=Award.Category.GOOD_NEWS, contribution=work, grade="first")
    Award.objects.create(appraisal_year=year, category=Award.Category.ADVANCED_UNIT, unit=unit)
    rules = RewardRules.objects.create(appraisal_year=year, per_point_person=Decimal("3.33"),
                                       per_point_unit=Decimal("1.00"), person_cap=Decimal("280.00"))
    AwardReward.objects.create(rules=rules, category=Award.Category.GOOD_NEWS, grade="first", amount=Decimal("500.00"))
    AwardReward.objects.create(rules=rules, category=Award.Category.ADVANCED_UNIT, amount=Decimal("1000.00"))
    return {"a": a, "b": b, "unit": unit}


def lines(rows):
    return {line.name: (line.points, line.for_points, line.for_awards, line.total, line.capped) for line in rows}


def test_money_is_exact_to_the_fen_rounded_once_half_up_and_capped(city):
    table = reward_table(resolve_year(2025))
    # 甲: 2.50 × 3.33 = 8.325 → 8.33 (half up; half-even would pay 8.32), plus half of 500.00.
    # 乙: 15.00 × 3.33 = 49.95 plus 250.00 = 299.95, over the 280.00 cap: 280.00.
    assert lines(table.people) == {
        "乙": (Decimal("15.00"), Decimal("49.95"), Decimal("250.00"), Decimal("280.00"), True),
        "甲": (Decimal("2.50"), Decimal("8.33"), Decimal("250.00"), Decimal("258.33"), False),
    }
    assert [line.name for line in table.people] == ["乙", "甲"]  # most money first
    # 枝江: 17.50 points × 1.00 + 1000.00 for 先进单位; the unit is not capped.
    assert lines(table.units) == {"枝江市人大常委会": (Decimal("17.50"), Decimal("17.50"), Decimal("1000.00"),
                                                    Decimal("1017.50"), False)}
    assert table.total == Decimal("1555.83")


def test_a_year_without_reward_rules_pays_nothing(year, city):
    RewardRules.objects.all().delete()
    table = reward_table(resolve_year(2025))
    assert table.people == [] and table.units == [] and table.total == 0


def test_the_workbook_has_the_reward_sheet_with_a_signature_column(city):
    buffer = io.BytesIO()
    write_year_workbook(resolve_year(2025), buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))[REWARD_SHEET]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == REWARD_HEADERS == ["姓名/单位", "积分", "积分奖励", "获奖奖励", "合计（元）", "签领"]
    assert rows[1][0] == "个人"
    assert rows[2] == ["乙（枝江市人大常委会） *", 15.0, 49.95, 250.0, 280.0, None]
    assert rows[3] == ["甲（枝江市人大常委会）", 2.5, 8.33, 250.0, 258.33, None]
    assert rows[4][0] == "单位" and rows[5] == ["枝江市人大常委会", 17.5, 17.5, 1000.0, 1017.5, None]
    assert rows[6] == ["合计", None, None, None, 1555.83, None]
    assert "个人上限 280.00 元" in sheet.oddHeader.center.text
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1


def test_the_desk_page_and_the_pdf_with_a_signature_column(desk, city):
    page = desk.get(reverse("desk:year-rewards", args=[2025])).content.decode()
    assert "258.33" in page and "1555.83" in page and "签领" in page
    response = desk.get(reverse("desk:year-rewards-pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "签领" in text and "280.00" in text and "1555.83" in text


def test_the_money_is_frozen_with_the_year(city, administrator, admin_client_persona, year):
    before = lines(reward_table(resolve_year(2025)).people)
    appraisal_year_close(appraisal_year=year, actor=administrator)
    PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, authors=[city["a"]],
                                                      credited_unit=city["unit"]),
                     outlet=OutletFactory(level=Outlet.Level.NATIONAL))  # a late entry (not through the desk)
    assert lines(reward_table(resolve_year(2025)).people) == before
    rules = RewardRules.objects.get()
    page = admin_client_persona.get(reverse("admin:awards_rewardrules_change", args=[rules.pk])).content.decode()
    assert 'name="per_point_person"' not in page  # read-only once closed


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装，跳过打印检查。CI 会安装它。")
def test_libreoffice_prints_the_reward_sheet_on_a4_with_the_signature_column_on_the_page(city, tmp_path):
    path = tmp_path / "year.xlsx"
    write_year_workbook(resolve_year(2025), str(path))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    reader = PdfReader(str(tmp_path / "year.pdf"))
    pages = [page for page in reader.pages if "奖励发放表" in page.extract_text()]
    assert len(pages) == 1
    assert sorted(round(float(size)) for size in pages[0].mediabox.upper_right) == [595, 842]  # A4
    text = pages[0].extract_text()
    for words in ("姓名/单位", "合计（元）", "签领", "甲（枝江市人大常委会）", "1,017.50", "1,555.83"):
        assert words in text, words


def test_a_news_award_won_adds_its_bonus_to_the_authors_by_share(city, year):
    from awards.models import NewsAwardEntry
    from correspondents.network import root_office

    work = ContributionFactory(state=State.PUBLISHED, authors=[city["a"], city["b"]], credited_unit=city["unit"])
    NewsAwardEntry.objects.create(office=root_office(), contribution=work, competition="provincial", year=2025,
                                  category="通讯", result=NewsAwardEntry.Result.THIRD)
    NewsAwardEntry.objects.create(office=root_office(), contribution=work, competition="national", year=2025,
                                  category="通讯", result=NewsAwardEntry.Result.SHORTLISTED)  # 入围: no bonus
    NewsAwardEntry.objects.create(office=root_office(), contribution=work, competition="city", year=2024,
                                  category="通讯", result=NewsAwardEntry.Result.FIRST)  # another year's
    RewardRules.objects.filter(appraisal_year=year).update(entry_third=Decimal("100.00"), entry_first=Decimal("999"),
                                                           person_cap=None)
    people = lines(reward_table(resolve_year(2025)).people)
    # Each author has half of the byline: 甲 8.325 + 250.00 + 50.00 → 308.33, 乙 49.95 + 250.00 + 50.00.
    assert people["甲"][2:] == (Decimal("300.00"), Decimal("308.33"), False)
    assert people["乙"][2:] == (Decimal("300.00"), Decimal("349.95"), False)
