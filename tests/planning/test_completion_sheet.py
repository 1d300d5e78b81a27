"""约稿完成情况: the year-end workbook's sheet and the statistics page count the same assignments,
those due in the appraisal year's period."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from awards.workbook import ASSIGNMENT_SHEET, write_year_workbook
from awards.years import resolve_year
from contributions.models import State
from tests.factories import AppraisalYearFactory, UnitFactory

from .conftest import answered, commission

pytestmark = pytest.mark.django_db


def test_the_sheet_and_the_statistics_page_agree_and_follow_the_appraisal_period(client, editor):
    year = AppraisalYearFactory(year=2025)
    year.period_start, year.period_end = datetime.date(2024, 12, 1), datetime.date(2025, 11, 30)
    year.save()
    unit = UnitFactory(name="枝江市人大常委会")
    on_time = commission(editor, unit=unit, due_on=datetime.date(2024, 12, 10))  # in the period, not the calendar year
    answered(editor, on_time, State.PUBLISHED, delivered=datetime.date(2024, 12, 9))
    late = commission(editor, unit=unit, due_on=datetime.date(2025, 6, 30))
    answered(editor, late, State.SUBMITTED, delivered=datetime.date(2025, 7, 2))
    commission(editor, unit=unit, due_on=datetime.date(2025, 9, 1))  # missing
    commission(editor, unit=unit, due_on=datetime.date(2025, 12, 5))  # after the period: not counted
    buffer = io.BytesIO()
    write_year_workbook(resolve_year(2025), buffer)
    rows = list(openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))[ASSIGNMENT_SHEET].values)
    data = [row for row in rows if row and row[0] == "枝江市人大常委会"]
    assert data == [("枝江市人大常委会", 3, 1, 1, 1, 0, pytest.approx(1 / 3))]
    client.force_login(editor)
    page = client.get(reverse("desk:statistics") + "?year=2025").context["assignments"]
    assert [(r["name"], r["assigned"], r["on_time"], r["late"], r["missing"]) for r in page] == [
        ("枝江市人大常委会", 3, 1, 1, 1)]
