import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from awards.models import AppraisalYear, ScoringRules
from awards.selectors import year_tallies
from awards.services import appraisal_year_close, appraisal_year_reopen
from awards.workbook import write_year_workbook
from awards.years import resolve_year
from contributions.models import Contribution, Placement, State
from contributions.services import placement_create, placement_delete, placement_update

from . import worked_example

pytestmark = pytest.mark.django_db


def unit_points(book) -> dict:
    return {row[1]: row[9] for row in book["单位汇总"].iter_rows(min_row=2, values_only=True) if row[0]}


def export() -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_year_workbook(resolve_year(2025), buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def close_2025(administrator):
    return appraisal_year_close(appraisal_year=AppraisalYear.objects.get(year=2025), actor=administrator)


def test_after_closing_a_rule_change_or_a_late_placement_does_not_change_the_export(administrator, editor):
    data = worked_example.build()
    before = export()
    close_2025(administrator)
    ScoringRules.objects.filter(appraisal_year__year=2025).update(national_points=Decimal("100"))
    # A placement logged in 2026 for a 2025 piece: allowed (2026 is open), invisible in 2025's export.
    placement_create(contribution=data["pieces"]["X5"], outlet=data["outlets"]["N"],
                     published_on=datetime.date(2026, 2, 1), actor=editor)
    after = export()
    assert unit_points(after) == unit_points(before) == {"枝江市人大常委会": 36, "宜都市人大常委会": 19, "当阳市人大常委会": 0}
    for name in ["个人汇总", "用稿明细"]:
        assert list(after[name].values) == list(before[name].values)
    assert year_tallies(resolve_year(2025)).frozen is True


def test_writing_a_placement_dated_in_a_closed_year_is_refused(administrator, editor):
    data = worked_example.build()
    close_2025(administrator)
    piece = data["pieces"]["X5"]
    with pytest.raises(ValidationError, match="2025年度评选已结束"):
        placement_create(contribution=piece, outlet=data["outlets"]["N"], published_on=datetime.date(2025, 11, 1),
                         actor=editor)
    existing = Placement.objects.get(contribution=piece)
    with pytest.raises(ValidationError, match="已结束"):
        placement_update(placement=existing, actor=editor, page="第2版")
    with pytest.raises(ValidationError, match="已结束"):
        placement_update(placement=Placement.objects.get(published_on=datetime.date(2026, 1, 1)), actor=editor,
                         published_on=datetime.date(2025, 12, 1))
    with pytest.raises(ValidationError, match="已结束"):
        placement_delete(placement=existing, actor=editor)
    assert Placement.objects.filter(contribution=piece).count() == 1
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED


def test_reopening_allows_placements_again_and_tallies_are_live(administrator, editor):
    data = worked_example.build()
    year = close_2025(administrator)
    appraisal_year_reopen(appraisal_year=year, actor=administrator)
    placement_create(contribution=data["pieces"]["X5"], outlet=data["outlets"]["N"],
                     published_on=datetime.date(2025, 11, 1), actor=editor)
    tallies = year_tallies(resolve_year(2025))
    assert tallies.frozen is False
    assert {r.name: r.points for r in tallies.units}["宜都市人大常委会"] == Decimal("29.00")


def test_only_an_administrator_closes_or_reopens(editor, administrator):
    worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    with pytest.raises(ValidationError, match="只有管理员"):
        appraisal_year_close(appraisal_year=year, actor=editor)
    close_2025(administrator)
    with pytest.raises(ValidationError, match="只有管理员"):
        appraisal_year_reopen(appraisal_year=year, actor=editor)


def test_closing_twice_is_refused_with_a_message(administrator):
    worked_example.build()
    close_2025(administrator)
    with pytest.raises(ValidationError, match="已经结束"):
        close_2025(administrator)


def test_a_closed_years_award_list_is_frozen_with_it_whatever_happens_to_the_rows(administrator, editor):
    from awards.models import Award
    from awards.services import award_create

    data = worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    award_create(appraisal_year=year, category=Award.Category.ADVANCED_UNIT, unit=data["units"]["A"],
                 citation="全年积分第一", actor=editor)
    before = list(export()["获奖名单"].values)
    close_2025(administrator)
    Award.objects.filter(appraisal_year=year).delete()  # any path at all, even one that skips the services
    assert list(export()["获奖名单"].values) == before
    assert before[1] == ("先进单位", None, "枝江市人大常委会", "枝江市人大常委会", "全年积分第一")
