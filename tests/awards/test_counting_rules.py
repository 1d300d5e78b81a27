"""The counting rules checked against the hand-worked numbers of counting_example.py."""

import io
from decimal import Decimal

import openpyxl
import pytest

from awards.models import CountingMode, ScoringRules
from awards.selectors import placement_details, year_tallies
from awards.statistics import level_medium_table, monthly_counts
from awards.workbook import write_year_workbook
from awards.years import resolve_year

from . import counting_example

pytestmark = pytest.mark.django_db


def units(tallies):
    return [(r.name, r.national, r.provincial, r.municipal, r.county, r.internal, r.total, r.pieces, r.points, r.rank)
            for r in tallies.units]


def test_cumulative_counts_internal_outlets_apart_with_medium_factors_and_instruction_bonuses():
    counting_example.build()
    tallies = year_tallies(resolve_year(2025))
    assert units(tallies) == [
        ("枝江市人大常委会", 1, 0, 1, 0, 1, 3, 1, Decimal("27.00"), 1),
        ("枝江市安福寺镇人大", 0, 0, 0, 1, 1, 2, 1, Decimal("6.45"), 2),
        ("宜都市人大常委会", 0, 0, 0, 0, 1, 1, 1, Decimal("6.00"), 3),
    ]
    assert tallies.units[0].completion == Decimal("0.75")
    people = {r.name: (r.national, r.municipal, r.county, r.internal, r.total, r.pieces, r.points)
              for r in tallies.people}
    assert people == {"王丽华": (1, 1, 1, 2, 5, 2, Decimal("30.23")), "向红梅": (0, 0, 1, 1, 2, 1, Decimal("3.23")),
                      "刘海燕": (0, 0, 0, 1, 1, 1, Decimal("6.00"))}


def test_the_county_rollup_adds_the_townships_in():
    counting_example.build()
    counties = year_tallies(resolve_year(2025)).counties
    assert [(r.name, r.national, r.municipal, r.county, r.internal, r.total, r.pieces, r.points, r.rank)
            for r in counties] == [
        ("枝江市人大常委会（含所属乡镇）", 1, 1, 1, 2, 5, 2, Decimal("33.45"), 1),
        ("宜都市人大常委会（含所属乡镇）", 0, 0, 0, 1, 1, 1, Decimal("6.00"), 2),
    ]
    assert counties[0].completion == Decimal("1.25")


def test_best_placement_only_scores_each_piece_once_a_year():
    counting_example.build(mode=CountingMode.BEST)
    tallies = year_tallies(resolve_year(2025))
    assert [(r.name, r.total, r.points, r.rank) for r in tallies.units] == [
        ("枝江市人大常委会", 3, Decimal("24.00"), 1),
        ("宜都市人大常委会", 1, Decimal("6.00"), 2),
        ("枝江市安福寺镇人大", 2, Decimal("5.25"), 3),
    ]
    assert {r.name: r.points for r in tallies.people} == {
        "王丽华": Decimal("26.63"), "刘海燕": Decimal("6.00"), "向红梅": Decimal("2.63")}
    details = {(d.title, d.outlet): d.points for d in placement_details(resolve_year(2025))}
    assert details == {
        ("稿件Y1", "中国人大网"): Decimal("24.00"), ("稿件Y1", "《三峡日报》"): Decimal("0.00"),
        ("稿件Y1", "《宜昌人大》"): Decimal("0.00"), ("稿件Y2", "《宜昌人大》"): Decimal("5.25"),
        ("稿件Y2", "枝江电视台"): Decimal("0.00"), ("稿件Y3", "《人大信息》"): Decimal("6.00"),
    }


def test_an_internal_base_of_zero_leaves_internal_placements_unscored_but_counted():
    counting_example.build()
    ScoringRules.objects.filter(appraisal_year__year=2025).update(internal_points=0)
    by_name = {r.name: r for r in year_tallies(resolve_year(2025)).units}
    # A: 24 + 2 + 0; T: 0 × … + 3 (the instruction bonus still counts) + 1.20; B: 0 + 5.
    assert (by_name["枝江市人大常委会"].points, by_name["枝江市人大常委会"].internal) == (Decimal("26.00"), 1)
    assert by_name["枝江市安福寺镇人大"].points == Decimal("4.20")
    assert by_name["宜都市人大常委会"].points == Decimal("5.00")


def test_months_and_the_level_by_medium_table_count_internal_placements_apart():
    counting_example.build()
    months = {row.month: row for row in monthly_counts(resolve_year(2025))}
    assert (months[4].internal, months[4].municipal, months[4].total) == (1, 0, 1)
    assert (months[3].national, months[3].municipal, months[3].total) == (1, 1, 2)
    year = resolve_year(2025)
    table = level_medium_table(year)
    rows = {label: dict(zip([m for m, _ in table.media], counts)) for label, counts, _ in table.rows}
    assert rows["国家级"]["website"] == 1 and rows["市级"]["newspaper"] == 1 and rows["县级"]["tv"] == 1
    assert rows["内部刊物"]["magazine"] == 2 and rows["内部刊物"]["newspaper"] == 1
    assert table.total == 6


def test_the_workbook_has_the_internal_column_targets_the_county_sheet_and_instructions():
    counting_example.build()
    buffer = io.BytesIO()
    write_year_workbook(resolve_year(2025), buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    first = [cell.value for cell in book["单位汇总"][2]]
    assert first == [1, "枝江市人大常委会", 1, 1, 0, 1, 0, 1, 3, 27, 4, 0.75]
    county = [cell.value for cell in book["县市区汇总（含乡镇）"][2]]
    assert county == [1, "枝江市人大常委会（含所属乡镇）", 2, 1, 0, 1, 1, 2, 5, 33.45, 4, 1.25]
    details = {(row[1], row[5]): (row[6], row[10], row[11])
               for row in book["用稿明细"].iter_rows(min_row=2, values_only=True)}
    assert details[("稿件Y2", "《宜昌人大》")] == ("内部刊物", 5.25, "市级")
    assert details[("稿件Y3", "《人大信息》")] == ("内部刊物", 6, "省部级")
    sheet = book["单位汇总"]
    assert sheet.oddHeader.center.text == "2025年度人大宣传工作统计 · 单位汇总 · 稿件 3 篇（用稿 6 次）"


# --- awards that match the documents -----------------------------------------------------------------

def test_excellent_information_officers_are_ranked_from_the_tallies_and_can_be_awarded(client, editor):
    from django.urls import reverse

    from awards.models import Award

    data = counting_example.build()
    client.force_login(editor)
    page = client.get(reverse("desk:year-detail", args=[2025]))
    officers = page.context["numbers"].top_officers
    assert [row.name for row in officers] == ["向红梅"]
    client.post(reverse("desk:award-add", args=[2025]),
                {"category": "excellent_information_officer", "candidate": data["people"]["t1"].pk})
    award = Award.objects.get()
    assert (award.category, award.correspondent) == ("excellent_information_officer", data["people"]["t1"])
    again = client.post(reverse("desk:award-add", args=[2025]), {
        "category": "excellent_information_officer", "candidate": data["people"]["t1"].pk}, follow=True)
    assert "该通讯员已获得本年度优秀信息员" in again.content.decode() and Award.objects.count() == 1
    assert again.redirect_chain[-1][0].endswith("#pick-excellent_information_officer")


def test_any_piece_of_the_year_can_be_nominated_and_graded_and_the_list_sorts_by_grade(client, editor):
    from django.urls import reverse

    data = counting_example.build()
    client.force_login(editor)
    url = reverse("desk:nomination-add", args=[2025])
    client.post(url, {"category": "good_news", "contribution": data["pieces"]["Y3"].pk, "quality": "one",
                      "score": "92.5", "note": "群众反响好"})
    client.post(url, {"category": "good_news", "contribution": data["pieces"]["Y1"].pk, "quality": "two"})
    by_points = client.get(reverse("desk:year-detail", args=[2025])).context["news_candidates"]
    assert [c.title for c in by_points] == ["稿件Y1", "稿件Y2", "稿件Y3"]  # 27.00, 6.45, 6.00
    by_grade = client.get(reverse("desk:year-detail", args=[2025]), {"order": "quality"}).context["news_candidates"]
    assert [(c.title, c.quality, c.score) for c in by_grade][:2] == [("稿件Y3", "一类稿件", Decimal("92.5")),
                                                                       ("稿件Y1", "二类稿件", None)]


def test_a_paper_submitted_in_the_year_is_a_candidate_even_unplaced_but_not_for_good_news(editor):
    from django.core.exceptions import ValidationError

    from awards.models import AppraisalYear, Award
    from awards.selectors import work_candidates
    from awards.services import award_create, nomination_save
    from contributions.models import Contribution, State, Transition
    from tests.factories import ContributionFactory

    counting_example.build()
    paper = ContributionFactory(title="关于基层人大监督的调研报告", genre="research", state=State.SUBMITTED)
    Transition.objects.create(contribution=paper, from_state=State.DRAFT, to_state=State.SUBMITTED)
    Transition.objects.filter(contribution=paper).update(created_at="2025-09-01T09:00:00+08:00")
    year = AppraisalYear.objects.get(year=2025)
    nomination_save(appraisal_year=year, category="excellent_paper", contribution=paper, quality="one", actor=editor)
    papers = work_candidates(resolve_year(2025), papers_only=True)
    assert ("关于基层人大监督的调研报告", 0, Decimal("0.00"), "一类稿件") in [
        (c.title, c.placements, c.points, c.quality) for c in papers]
    award_create(appraisal_year=year, category=Award.Category.EXCELLENT_PAPER, contribution=paper, grade="first",
                 actor=editor)
    with pytest.raises(ValidationError, match="没有刊发记录"):
        award_create(appraisal_year=year, category=Award.Category.GOOD_NEWS, contribution=paper, grade="first",
                     actor=editor)
    with pytest.raises(ValidationError, match="只能推荐本年度刊发过的稿件"):
        nomination_save(appraisal_year=year, category="good_news", contribution=paper, actor=editor)
    assert Contribution.objects.get(pk=paper.pk).state == State.SUBMITTED
