"""A second hand-worked example for the counting rules of SPEC §2 (2026-11-27): internal outlets,
medium factors, leaders' instructions, 累计 and 不累计, unit targets and the county roll-up.

Rules of 2025: defaults, except website factor 1.2, tv factor 0.8, 批示 bonus 省部级 5, 市级 3.
Points = base (N10 P5 M2 K1; internal 1) × prominence × genre × medium + bonus.

  piece  genre   unit (credited)      authors (share)        placement                                 points
  Y1     news    枝江 A (target 4)    a1 1.00                N  national website  headline  03-01   10×2×1×1.2      = 24.00
                                                             M  municipal paper   regular   03-05    2×1×1×1        =  2.00
                                                             J  internal journal  regular   04-01    1×1×1×1        =  1.00
  Y2     theory  安福寺镇 T (parent A) t1 0.50, a1 0.50      J  internal journal  front     05-01    1×1.5×1.5×1 + 3 =  5.25  (市级批示)
                                                             K  county tv         regular   05-02    1×1×1.5×0.8     =  1.20
  Y3     photo   宜都 B               b1 1.00                B  internal bulletin regular   06-01    1×1×1×1 + 5     =  6.00  (省部级批示)

累计 (every placement counts)
  units:  A  N1 M1 内部1, 合计3, 稿件1, 27.00, 3/4 = 75%    rank 1
          T  K1 内部1,    合计2, 稿件1,  6.45               rank 2
          B  内部1,       合计1, 稿件1,  6.00               rank 3
  counties with townships:  A+T: N1 M1 K1 内部2, 合计5, 稿件2, 33.45, 5/4 = 125%   rank 1;  B 6.00 rank 2
  people: a1 27.00 + 0.5 × 6.45 = 30.225 → 30.23 (N1 M1 K1 内部2, 合计5, 稿件2); t1 3.225 → 3.23; b1 6.00
不累计 (a piece scores only its best placement of the year; the others count as placements with 0)
  units:  A 24.00 (rank 1), B 6.00 (rank 2), T 5.25 (rank 3); counts unchanged
  people: a1 24 + 0.5 × 5.25 = 26.625 → 26.63; b1 6.00; t1 2.625 → 2.63
"""

import datetime
from decimal import Decimal

from awards.models import CountingMode, ScoringRules
from awards.services import appraisal_year_get_or_create
from contributions.models import Authorship, Contribution, Genre, Instruction, Placement, Prominence, State
from correspondents.models import Correspondent, Unit
from correspondents.network import root_office
from outlets.models import Level, Outlet

D = datetime.date


def build(mode: str = CountingMode.CUMULATIVE) -> dict:
    year = appraisal_year_get_or_create(year=2025)
    ScoringRules.objects.filter(appraisal_year=year).update(
        website_factor=Decimal("1.2"), tv_factor=Decimal("0.8"), provincial_instruction_bonus=Decimal("5"),
        municipal_instruction_bonus=Decimal("3"), counting_mode=mode)
    county = Unit.objects.create(name="枝江市人大常委会", kind=Unit.Kind.COUNTY_CONGRESS, annual_target=4)
    units = {
        "A": county,
        "T": Unit.objects.create(name="枝江市安福寺镇人大", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=county),
        "B": Unit.objects.create(name="宜都市人大常委会", kind=Unit.Kind.COUNTY_CONGRESS),
    }
    people = {
        "a1": Correspondent.objects.create(name="王丽华", unit=units["A"]),
        "t1": Correspondent.objects.create(name="向红梅", unit=units["T"], kind=Correspondent.Kind.INFORMATION_OFFICER),
        "b1": Correspondent.objects.create(name="刘海燕", unit=units["B"]),
    }
    outlets = {
        "N": Outlet.objects.create(name="中国人大网", level=Level.NATIONAL, medium=Outlet.Medium.WEBSITE),
        "M": Outlet.objects.create(name="《三峡日报》", level=Level.MUNICIPAL, medium=Outlet.Medium.NEWSPAPER),
        "J": Outlet.objects.create(name="《宜昌人大》", level=Level.MUNICIPAL, medium=Outlet.Medium.MAGAZINE, owner=root_office()),
        "B": Outlet.objects.create(name="《人大信息》", level=Level.MUNICIPAL, medium=Outlet.Medium.NEWSPAPER, owner=root_office()),
        "K": Outlet.objects.create(name="枝江电视台", level=Level.COUNTY, medium=Outlet.Medium.TV),
    }
    pieces = {}
    for key, genre, unit, authors in [
        ("Y1", Genre.NEWS, "A", [("a1", "1.00")]),
        ("Y2", Genre.THEORY, "T", [("t1", "0.50"), ("a1", "0.50")]),
        ("Y3", Genre.PHOTO, "B", [("b1", "1.00")]),
    ]:
        piece = Contribution.objects.create(title=f"稿件{key}", genre=genre, credited_unit=units[unit])
        Contribution.objects.filter(pk=piece.pk).update(state=State.PUBLISHED)
        for position, (person, share) in enumerate(authors, start=1):
            Authorship.objects.create(contribution=piece, correspondent=people[person], position=position,
                                      share=Decimal(share))
        pieces[key] = piece
    for key, outlet, prominence, day, instruction in [
        ("Y1", "N", Prominence.HEADLINE, D(2025, 3, 1), ""),
        ("Y1", "M", Prominence.REGULAR, D(2025, 3, 5), ""),
        ("Y1", "J", Prominence.REGULAR, D(2025, 4, 1), ""),
        ("Y2", "J", Prominence.FRONT, D(2025, 5, 1), Instruction.MUNICIPAL),
        ("Y2", "K", Prominence.REGULAR, D(2025, 5, 2), ""),
        ("Y3", "B", Prominence.REGULAR, D(2025, 6, 1), Instruction.PROVINCIAL),
    ]:
        Placement.objects.create(contribution=pieces[key], outlet=outlets[outlet], prominence=prominence,
                                 published_on=day, instruction=instruction)
    return {"units": units, "people": people, "outlets": outlets, "pieces": pieces}
