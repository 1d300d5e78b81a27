"""A single-office installation's year, built through whatever models a migration state gives (so the
same rows can be written before offices existed and read after the migration that added them).

golden_single_office_2025.json holds the cells of its 2025 workbook as the code before offices wrote
them (commit 555ded0, by `python -m tests.offices.single_office OUT.json` run in that checkout); the
migration test compares today's workbook of the migrated rows with it."""

import datetime
import json
import re
import sys
from decimal import Decimal

D = datetime.date
# The assignment sheet's subtitle says the day it was written: not part of the comparison.
TODAY_LINE = re.compile(r"截至\d{4}年\d{2}月\d{2}日")


def build(apps) -> None:
    Unit = apps.get_model("correspondents", "Unit")
    Team = apps.get_model("correspondents", "Team")
    Correspondent = apps.get_model("correspondents", "Correspondent")
    Outlet = apps.get_model("outlets", "Outlet")
    Column = apps.get_model("outlets", "Column")
    Contribution = apps.get_model("contributions", "Contribution")
    Authorship = apps.get_model("contributions", "Authorship")
    Placement = apps.get_model("contributions", "Placement")
    AppraisalYear = apps.get_model("awards", "AppraisalYear")
    ScoringRules = apps.get_model("awards", "ScoringRules")
    Award = apps.get_model("awards", "Award")
    Assignment = apps.get_model("planning", "Assignment")
    Answer = apps.get_model("planning", "Answer")

    year = AppraisalYear.objects.create(year=2025, period_start=D(2025, 1, 1), period_end=D(2025, 12, 31))
    ScoringRules.objects.create(appraisal_year=year, website_factor=Decimal("1.2"), tv_factor=Decimal("0.8"),
                                provincial_instruction_bonus=5, municipal_instruction_bonus=3)
    county = Unit.objects.create(name="枝江市人大常委会", kind="county_congress", annual_target=4, sort_order=1)
    township = Unit.objects.create(name="枝江市安福寺镇人大", kind="township_congress", parent=county, sort_order=1)
    other = Unit.objects.create(name="宜都市人大常委会", kind="county_congress", annual_target=2, sort_order=2)
    office = Unit.objects.create(name="市人大常委会研究室", kind="office_department")
    team = Team.objects.create(name="第一宣传小组", weekly_target=2)
    people = {
        "a1": Correspondent.objects.create(name="王丽华", unit=county, team=team, annual_quota=3),
        "t1": Correspondent.objects.create(name="李建国", unit=township, kind="information_officer"),
        "b1": Correspondent.objects.create(name="赵海燕", unit=other, annual_quota=2),
        "r1": Correspondent.objects.create(name="陈思远", unit=office, kind="researcher"),
    }
    outlets = {
        "N": Outlet.objects.create(name="中国人大网", level="national", medium="website"),
        "P": Outlet.objects.create(name="《湖北日报》", level="provincial", medium="newspaper"),
        "M": Outlet.objects.create(name="《三峡日报》", level="municipal", medium="newspaper"),
        "J": Outlet.objects.create(name="《宜昌人大》", level="municipal", medium="magazine", internal=True),
        "K": Outlet.objects.create(name="枝江融媒", level="county", medium="tv"),
    }
    column = Column.objects.create(outlet=outlets["M"], name="人大论坛")
    pieces = [
        ("Y1", "news", county, [("a1", "1.00")], [("N", D(2025, 3, 1), "headline", ""), ("M", D(2025, 3, 5), "regular", ""),
                                                  ("J", D(2025, 4, 1), "regular", "")]),
        ("Y2", "theory", township, [("t1", "0.50"), ("a1", "0.50")], [("J", D(2025, 5, 1), "front", "municipal"),
                                                                      ("K", D(2025, 5, 2), "regular", "")]),
        ("Y3", "photo", other, [("b1", "1.00")], [("P", D(2025, 6, 1), "regular", "provincial")]),
        ("Y4", "research", office, [("r1", "1.00")], [("M", D(2025, 11, 30), "special", "")]),
        ("Y5", "news", county, [("a1", "0.60"), ("b1", "0.40")], [("K", D(2025, 12, 31), "brief", "county")]),
    ]
    made = {}
    for key, genre, unit, byline, placements in pieces:
        piece = Contribution.objects.create(title=f"稿件{key}", genre=genre, credited_unit=unit, state="published")
        for position, (person, share) in enumerate(byline, start=1):
            Authorship.objects.create(contribution=piece, correspondent=people[person], position=position,
                                      share=Decimal(share))
        for outlet, day, prominence, instruction in placements:
            Placement.objects.create(contribution=piece, outlet=outlets[outlet], published_on=day,
                                     prominence=prominence, instruction=instruction,
                                     column=column if outlet == "M" else None, page="第1版")
        made[key] = piece
    Award.objects.create(appraisal_year=year, category="advanced_unit", unit=county, decided_on=D(2025, 12, 31))
    Award.objects.create(appraisal_year=year, category="good_news", grade="first", contribution=made["Y1"],
                         decided_on=D(2025, 12, 31))
    Award.objects.create(appraisal_year=year, category="excellent_correspondent", correspondent=people["a1"],
                         decided_on=D(2025, 12, 31))
    assignment = Assignment.objects.create(unit=township, brief="写一篇代表联络站的通讯", due_on=D(2025, 6, 30))
    Answer.objects.create(assignment=assignment, contribution=made["Y2"])
    Assignment.objects.create(unit=other, brief="专题询问的落实情况", due_on=D(2025, 9, 30))


def cells(path, leave_out: tuple[str, ...] = ()) -> list:
    """Every sheet's print header and cells, as text, without the day the workbook was written (and
    without the sheets named in `leave_out`)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    found = []
    for sheet in book:
        if sheet.title in leave_out:
            continue
        found.append([sheet.title, TODAY_LINE.sub("", sheet.oddHeader.center.text or "")])
        for row in sheet.iter_rows(values_only=True):
            found.append([TODAY_LINE.sub("", str(cell)) if cell is not None else None for cell in row])
    return found


if __name__ == "__main__":  # in the checkout before offices: build, write the 2025 workbook, dump its cells
    import os
    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.apps import apps as current
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build(current)
    from awards.workbook import write_year_workbook
    from awards.years import resolve_year

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        write_year_workbook(resolve_year(2025), handle.name)
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump(cells(handle.name), out, ensure_ascii=False, indent=0)
