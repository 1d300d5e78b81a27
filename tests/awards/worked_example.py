"""A dozen placements whose counts and points are worked out by hand, for the tally, workbook and
closing tests. Points = base (N10 P5 M2 K1) × prominence (headline 2, front 1.5, special 1.5,
regular 1, brief 0.5) × genre (theory, research 1.5; others 1).

  piece  genre       unit  authors (share)                 placement                          points
  X1     news        A     a1 (1.00)                       P1  N headline 2025-01-01 (first day)  20
                                                           P2  M regular  2025-03-10              2
  X2     theory      A     a1 (0.50), a2 (0.50)            P3  P front    2025-06-01             11.25
                                                           P4  K brief    2025-12-31 (last day)   0.75
  X3     research    B     b1 (0.34), a1 (0.33), a2 (0.33) P5  P regular  2025-07-07              7.5
                                                           P6  M special  2025-08-08              4.5
  X4     brief(信息) B     b1 (1.00)                       P7  K regular  2025-02-02              1
                                                           P8  M brief    2025-02-03              1
                                                           P9  N headline 2024-12-31  other year
                                                           P10 M regular  2026-01-01  other year
  X5     commentary  B     b1 (1.00)                       P11 P regular  2025-09-09              5
  X6     photo       A     a2 (1.00)                       P12 K headline 2025-10-10              2

Units (2025):    A: N1 P1 M1 K2 = 5, 20+2+11.25+0.75+2 = 36.00         rank 1
                 B: N0 P2 M2 K1 = 5, 7.5+4.5+1+1+5     = 19.00         rank 2
                 C: nothing                             =  0.00         rank 3
People (2025):   a1: N1 P2 M2 K1 = 6, 20+2 + (11.25+0.75)×0.5 + (7.5+4.5)×0.33 = 31.96, quota 4 → 150%
                 a2: N0 P2 M1 K2 = 5, 6 + 3.96 + 2 = 11.96, quota 0 → blank
                 b1: N0 P2 M2 K1 = 5, (7.5+4.5)×0.34 + 1 + 1 + 5 = 11.08, quota 2 → 250%
                 c1: nothing = 0.00, quota 5 → 0%
"""

import datetime
from decimal import Decimal

from awards.services import appraisal_year_get_or_create
from contributions.models import Authorship, Contribution, Genre, Placement, Prominence, State
from correspondents.models import Correspondent, Unit
from outlets.models import Level, Outlet

D = datetime.date


def build() -> dict:
    appraisal_year_get_or_create(year=2025)
    units = {key: Unit.objects.create(name=name, kind=Unit.Kind.COUNTY_CONGRESS) for key, name in
             [("A", "枝江市人大常委会"), ("B", "宜都市人大常委会"), ("C", "当阳市人大常委会")]}
    people = {
        "a1": Correspondent.objects.create(name="王丽华", unit=units["A"], annual_quota=4),
        "a2": Correspondent.objects.create(name="陈志强", unit=units["A"], annual_quota=0),
        "b1": Correspondent.objects.create(name="刘海燕", unit=units["B"], annual_quota=2),
        "c1": Correspondent.objects.create(name="赵文静", unit=units["C"], annual_quota=5),
    }
    outlets = {
        "N": Outlet.objects.create(name="中国人大网", level=Level.NATIONAL, medium=Outlet.Medium.WEBSITE),
        "P": Outlet.objects.create(name="《湖北日报》", level=Level.PROVINCIAL, medium=Outlet.Medium.NEWSPAPER),
        "M": Outlet.objects.create(name="《三峡日报》", level=Level.MUNICIPAL, medium=Outlet.Medium.NEWSPAPER),
        "K": Outlet.objects.create(name="枝江融媒", level=Level.COUNTY, medium=Outlet.Medium.NEW_MEDIA),
    }
    pieces = {}

    def piece(key, genre, unit, authors):
        contribution = Contribution.objects.create(title=f"稿件{key}", genre=genre, credited_unit=units[unit])
        Contribution.objects.filter(pk=contribution.pk).update(state=State.PUBLISHED)
        for position, (person, share) in enumerate(authors, start=1):
            Authorship.objects.create(contribution=contribution, correspondent=people[person], position=position,
                                      share=Decimal(share))
        pieces[key] = contribution

    piece("X1", Genre.NEWS, "A", [("a1", "1.00")])
    piece("X2", Genre.THEORY, "A", [("a1", "0.50"), ("a2", "0.50")])
    piece("X3", Genre.RESEARCH, "B", [("b1", "0.34"), ("a1", "0.33"), ("a2", "0.33")])
    piece("X4", Genre.BRIEF, "B", [("b1", "1.00")])
    piece("X5", Genre.COMMENTARY, "B", [("b1", "1.00")])
    piece("X6", Genre.PHOTO, "A", [("a2", "1.00")])

    for key, outlet, prominence, day in [
        ("X1", "N", Prominence.HEADLINE, D(2025, 1, 1)),
        ("X1", "M", Prominence.REGULAR, D(2025, 3, 10)),
        ("X2", "P", Prominence.FRONT, D(2025, 6, 1)),
        ("X2", "K", Prominence.BRIEF, D(2025, 12, 31)),
        ("X3", "P", Prominence.REGULAR, D(2025, 7, 7)),
        ("X3", "M", Prominence.SPECIAL, D(2025, 8, 8)),
        ("X4", "K", Prominence.REGULAR, D(2025, 2, 2)),
        ("X4", "M", Prominence.BRIEF, D(2025, 2, 3)),
        ("X4", "N", Prominence.HEADLINE, D(2024, 12, 31)),
        ("X4", "M", Prominence.REGULAR, D(2026, 1, 1)),
        ("X5", "P", Prominence.REGULAR, D(2025, 9, 9)),
        ("X6", "K", Prominence.HEADLINE, D(2025, 10, 10)),
    ]:
        Placement.objects.create(contribution=pieces[key], outlet=outlets[outlet], prominence=prominence,
                                 published_on=day, page="第1版")
    return {"units": units, "people": people, "outlets": outlets, "pieces": pieces}


# Pieces (稿件) beside placements (用稿): A placed X1, X2, X6; B placed X3, X4, X5 in 2025.
# (name, national, provincial, municipal, county, internal, total, pieces, points, rank)
EXPECTED_UNITS = [
    ("枝江市人大常委会", 1, 1, 1, 2, 0, 5, 3, Decimal("36.00"), 1),
    ("宜都市人大常委会", 0, 2, 2, 1, 0, 5, 3, Decimal("19.00"), 2),
    ("当阳市人大常委会", 0, 0, 0, 0, 0, 0, 0, Decimal("0.00"), 3),
]
# a1 wrote X1, X2, X3; a2 X2, X3, X6; b1 X3, X4, X5.
# (name, unit, national, provincial, municipal, county, internal, total, pieces, points, quota, completion, rank)
EXPECTED_PEOPLE = [
    ("王丽华", "枝江市人大常委会", 1, 2, 2, 1, 0, 6, 3, Decimal("31.96"), 4, Decimal("1.5"), 1),
    ("陈志强", "枝江市人大常委会", 0, 2, 1, 2, 0, 5, 3, Decimal("11.96"), 0, None, 2),
    ("刘海燕", "宜都市人大常委会", 0, 2, 2, 1, 0, 5, 3, Decimal("11.08"), 2, Decimal("2.5"), 3),
    ("赵文静", "当阳市人大常委会", 0, 0, 0, 0, 0, 0, 0, Decimal("0.00"), 5, Decimal("0"), 4),
]
