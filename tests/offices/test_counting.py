"""One placement, counted by every office whose network holds its unit, each with its own rules,
outlets internal to their owner only, rankings of each office's network, closing per office, and each
office's workbook (export_tallies --office)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from awards.selectors import points_of_placements, year_tallies
from awards.services import appraisal_year_close
from awards.years import resolve_year
from contributions.models import Placement, State
from contributions.services import placement_create
from outlets.models import Level, Outlet

from .conftest import DAY, YEAR, text_of


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_same_placement_is_worth_what_each_offices_rules_say(network):
    """《共享日报》 is municipal: 2 points by the city's (default) rules, 3 by 甲县's."""
    a, city = network["a"], network["city"]
    placement = a.objects["placement"]
    assert points_of_placements([placement], office=city.office.pk)[placement.pk] == Decimal("2.00")
    assert points_of_placements([placement], office=a.office.pk)[placement.pk] == Decimal("3.00")
    by_city = {row.name: row.points for row in year_tallies(resolve_year(YEAR, office=city.office.pk)).units}
    by_county = {row.name: row.points for row in year_tallies(resolve_year(YEAR, office=a.office.pk)).units}
    assert by_city["甲县一镇人大"] == Decimal("2.00") and by_county["甲县一镇人大"] == Decimal("3.00")
    # Each desk shows its own number for the same row of the placement list.
    city_list = text_of(as_user(city.editor).get(reverse("desk:placement-list") + f"?year={YEAR}&q=甲县"))
    county_list = text_of(as_user(a.editor).get(reverse("desk:placement-list") + f"?year={YEAR}&q=甲县"))
    assert ">2.00<" in city_list.replace(" ", "") and ">3.00<" in county_list.replace(" ", "")
    # The author's portal counts with the home office's rules.
    portal = text_of(as_user(a.writer.user).get(reverse("portal:contribution-detail",
                                                        args=[a.pieces[State.PUBLISHED].pk])))
    assert "3.00" in portal


def test_an_owned_outlet_is_internal_for_its_owner_and_its_level_for_the_offices_below(network):
    a, city = network["a"], network["city"]
    journal = Outlet.objects.create(name="《市刊》", level=Level.MUNICIPAL, medium=Outlet.Medium.MAGAZINE,
                                    owner=city.office)
    placement = placement_create(contribution=a.pieces[State.PUBLISHED], outlet=journal, published_on=DAY,
                                 actor=city.editor)
    # The city: 内部刊物 (1 point); 甲县: 市级 (3 by its rules).
    assert points_of_placements([placement], office=city.office.pk)[placement.pk] == Decimal("1.00")
    assert points_of_placements([placement], office=a.office.pk)[placement.pk] == Decimal("3.00")
    city_row = next(r for r in year_tallies(resolve_year(YEAR, office=city.office.pk)).units if r.name == "甲县一镇人大")
    county_row = next(r for r in year_tallies(resolve_year(YEAR, office=a.office.pk)).units if r.name == "甲县一镇人大")
    assert (city_row.internal, city_row.municipal) == (1, 1)
    assert (county_row.internal, county_row.municipal) == (0, 2)


def test_each_office_ranks_its_own_network(network):
    a, city = network["a"], network["city"]
    county_units = {row.name for row in year_tallies(resolve_year(YEAR, office=a.office.pk)).units}
    city_units = {row.name for row in year_tallies(resolve_year(YEAR, office=city.office.pk)).units}
    assert county_units == {"甲县人大常委会", "甲县一镇人大"}
    assert {"甲县一镇人大", "乙县一镇人大", "市本级直属单位"} <= city_units
    people = {row.name for row in year_tallies(resolve_year(YEAR, office=a.office.pk)).people}
    assert people and all(name.startswith("甲县") for name in people)


def test_closing_a_year_in_a_county_freezes_its_numbers_only_and_refuses_its_units_placements(network):
    a, b, city = network["a"], network["b"], network["city"]
    appraisal_year_close(appraisal_year=a.objects["year"], actor=a.administrator)
    # A placement of 甲县's piece in the closed year is refused, whoever logs it; the message names 甲县.
    with pytest.raises(ValidationError, match="甲县人大常委会办公室的2026年度评选已结束"):
        placement_create(contribution=a.pieces[State.ACCEPTED], outlet=a.objects["placement"].outlet,
                         published_on=DAY, actor=city.editor)
    # 乙县's piece, on the same day, is not in 甲县's network: accepted.
    placement_create(contribution=b.pieces[State.ACCEPTED], outlet=b.objects["placement"].outlet,
                     published_on=DAY, actor=b.editor)
    # The city's year is open: the city's numbers move with its rules, 甲县's frozen ones do not.
    from awards.models import ScoringRules
    ScoringRules.objects.filter(appraisal_year__office=city.office).update(municipal_points=7)
    ScoringRules.objects.filter(appraisal_year__office=a.office).update(municipal_points=9)
    by_city = {r.name: r.points for r in year_tallies(resolve_year(YEAR, office=city.office.pk)).units}
    by_county = {r.name: r.points for r in year_tallies(resolve_year(YEAR, office=a.office.pk)).units}
    assert by_city["甲县一镇人大"] == Decimal("7.00") and by_county["甲县一镇人大"] == Decimal("3.00")
    assert not resolve_year(YEAR, office=city.office.pk).is_closed


def test_a_county_cannot_close_the_citys_year_nor_the_city_a_countys(network):
    a, city = network["a"], network["city"]
    with pytest.raises(ValidationError, match="其他宣传工作机构"):
        appraisal_year_close(appraisal_year=city.objects["year"], actor=a.administrator)
    with pytest.raises(ValidationError, match="其他宣传工作机构"):
        appraisal_year_close(appraisal_year=a.objects["year"], actor=city.administrator)
    # On the desk, each closes its own year only.
    as_user(a.administrator).post(reverse("desk:year-close", args=[YEAR]), {"confirm": "1"})
    assert resolve_year(YEAR, office=a.office.pk).is_closed
    assert not resolve_year(YEAR, office=city.office.pk).is_closed


def _cells(path) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    return [(sheet.title, *row) for sheet in book for row in sheet.iter_rows(values_only=True)]


def test_export_tallies_writes_each_offices_workbook_by_its_name_or_its_head_units(network, tmp_path):
    a = network["a"]
    by_unit, by_name, top = tmp_path / "unit.xlsx", tmp_path / "name.xlsx", tmp_path / "top.xlsx"
    out = io.StringIO()
    call_command("export_tallies", str(YEAR), "--office", "甲县人大常委会", "-o", str(by_unit), stdout=out)
    assert "甲县人大常委会办公室" in out.getvalue()
    call_command("export_tallies", str(YEAR), "--office", a.office.name, "-o", str(by_name), stdout=io.StringIO())
    call_command("export_tallies", str(YEAR), "-o", str(top), stdout=io.StringIO())
    county = _cells(by_unit)
    assert county == _cells(by_name)
    text = "\n".join(str(cell) for row in county for cell in row if cell is not None)
    assert openpyxl.load_workbook(by_unit)["单位汇总"].oddHeader.center.text.startswith(
        "甲县人大常委会办公室2026年度人大宣传工作统计")
    assert "甲县一镇人大" in text and "乙县" not in text and "市本级" not in text
    rows = list(openpyxl.load_workbook(by_unit)["单位汇总"].iter_rows(values_only=True))
    headers = rows[0] if "积分" in rows[0] else rows[1]
    row = next(r for r in rows if r[headers.index("单位")] == "甲县一镇人大")
    assert Decimal(str(row[headers.index("积分")])) == 3  # 甲县's rules
    everything = "\n".join(str(cell) for row in _cells(top) for cell in row if cell is not None)
    assert "乙县一镇人大" in everything
    assert openpyxl.load_workbook(top)["单位汇总"].oddHeader.center.text.startswith("2026年度人大宣传工作统计")
    with pytest.raises(CommandError, match="没有名为“丙县”的宣传工作机构"):
        call_command("export_tallies", str(YEAR), "--office", "丙县", "-o", str(tmp_path / "x.xlsx"))


def test_the_county_desk_downloads_its_workbook_named_for_it(network):
    response = as_user(network["a"].editor).get(reverse("desk:year-export", args=[YEAR]))
    assert "人大宣传年度统计-甲县人大常委会办公室-2026.xlsx" in response["Content-Disposition"].encode(
        "latin-1").decode("utf-8", "replace") or "%E7%94%B2%E5%8E%BF" in response["Content-Disposition"]
    assert "乙县" not in text_of(response)


def test_statistics_and_the_bulletin_count_the_offices_network(network):
    a = network["a"]
    client = as_user(a.editor)
    for url in (reverse("desk:statistics") + f"?year={YEAR}", reverse("desk:bulletin") + "?month=2026-03"):
        text = text_of(client.get(url))
        assert "甲县一镇人大" in text and "乙县" not in text, url
    assert Placement.objects.filter(contribution__credited_unit__name__startswith="乙县").exists()
    assert datetime.date(YEAR, 3, 10) == DAY
