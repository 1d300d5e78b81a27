"""A province in one installation, for `make bench-province`: 1 provincial office (the root), 13 city
offices, 100 county offices, 1,200 townships, 15,000 correspondents and 600,000 placements over ten
years, each office with its outlets (its journal owned, so internal for it), its rules for the last
two years (county bases differ), its plan (topics, commissioned pieces, notices), its queue and
pieces sent up. Deterministic and written in bulk, like seed_scale."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from awards.models import AppraisalYear, ScoringRules
from contributions.forwards import Forward
from contributions.models import Contribution, Placement, State
from correspondents.models import Correspondent, Office, Unit
from correspondents.network import root_office
from operations.scale_planning import seed_plan_year
from operations.scale_rows import BATCH, prominence, published_pieces, waiting_queue
from outlets.models import Level, Outlet

MARK = "［全省规模］"
CITIES, COUNTIES_PER_CITY, TOWNSHIPS_PER_COUNTY = 13, (8, 7), 12  # 13 cities: 9 with 8 counties, 4 with 7
PEOPLE = 15_000
# Where a county's piece runs: its county's outlets, its city's, the province's, the nation's.
LEVEL_WEIGHTS = {Level.NATIONAL: 3, Level.PROVINCIAL: 17, Level.MUNICIPAL: 35, Level.COUNTY: 45}


@dataclass
class Province:
    root: Office
    cities: list = field(default_factory=list)  # (office, head unit, [county (office, head unit)])
    counties: list = field(default_factory=list)  # (office, head unit, city index)
    units_of_county: dict = field(default_factory=dict)  # county office id → [unit ids]
    city_of_unit: dict = field(default_factory=dict)  # unit id → city index (None: the province's own)
    county_of_unit: dict = field(default_factory=dict)  # unit id → county index (None above county)
    outlets: dict = field(default_factory=dict)  # ("national"|"provincial", None) / ("municipal", city) / ("county", county)


def exists() -> bool:
    return Unit.objects.filter(name__startswith=MARK).exists()


def build(stdout, *, placements: int = 600_000, years: int = 10, seed: int = 2026) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    year_list = list(range(today.year - years + 1, today.year + 1))
    with transaction.atomic():
        province = network(rng)
        people, weights = correspondents(rng, province)
        stdout.write(f"  机构 {1 + len(province.cities) + len(province.counties)} 个，单位 "
                     f"{len(province.city_of_unit):,} 个，通讯员 {len(people):,} 人")
        rules(province, year_list[-3:])
        per_year = placements // years
        for year in year_list:
            count = per_year + (placements - per_year * years if year == year_list[0] else 0)
            placed = year_of_work(rng, year, count, province, people, weights, today)
            stdout.write(f"  {year}：{placed:,} 篇稿件，{count:,} 条用稿记录")
        queue_and_forwards(rng, province, people, weights, today)
        plans(rng, province, year_list, today)
        stdout.write(f"  计划：{len(year_list)} 个年度，每个机构每年选题、约稿和通知")


def network(rng: random.Random) -> Province:
    root = root_office()
    if root.name != f"{MARK}省人大常委会研究室":
        root.name = f"{MARK}省人大常委会研究室"
        root.save(update_fields=["name"])
    province = Province(root=root)
    departments = Unit.objects.bulk_create([Unit(name=f"{MARK}省人大机关委室{i:02d}", kind=Unit.Kind.OFFICE_DEPARTMENT)
                                            for i in range(14)])
    for unit in departments:
        province.city_of_unit[unit.pk] = None
        province.county_of_unit[unit.pk] = None
    heads = Unit.objects.bulk_create([Unit(name=f"{MARK}第{c + 1:02d}市人大常委会", kind=Unit.Kind.OTHER)
                                      for c in range(CITIES)])
    offices = Office.objects.bulk_create([Office(name=f"{MARK}第{c + 1:02d}市人大常委会研究室", head_unit=head)
                                          for c, head in enumerate(heads)])
    county_heads = []
    for c, head in enumerate(heads):
        province.cities.append((offices[c], head))
        province.city_of_unit[head.pk] = c
        province.county_of_unit[head.pk] = None
        count = COUNTIES_PER_CITY[0] if c < 9 else COUNTIES_PER_CITY[1]
        county_heads += [Unit(name=f"{MARK}第{c + 1:02d}市第{k + 1:02d}县人大常委会", kind=Unit.Kind.COUNTY_CONGRESS,
                              parent=head) for k in range(count)]
    county_heads = Unit.objects.bulk_create(county_heads)
    county_offices = Office.objects.bulk_create([Office(name=f"{head.name}办公室", head_unit=head)
                                                 for head in county_heads])
    city_index = {head.pk: c for c, (_, head) in enumerate(province.cities)}
    townships = []
    for k, (office, head) in enumerate(zip(county_offices, county_heads)):
        province.counties.append((office, head, city_index[head.parent_id]))
        townships += [Unit(name=f"{head.name.removesuffix('人大常委会')}第{t + 1:02d}乡镇人大",
                           kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=head) for t in range(TOWNSHIPS_PER_COUNTY)]
    townships = Unit.objects.bulk_create(townships, batch_size=BATCH)
    county_index = {head.pk: k for k, (_, head, _) in enumerate(province.counties)}
    for k, (office, head, c) in enumerate(province.counties):
        province.units_of_county[office.pk] = [head.pk]
        province.city_of_unit[head.pk] = c
        province.county_of_unit[head.pk] = k
    for unit in townships:
        k = county_index[unit.parent_id]
        province.units_of_county[province.counties[k][0].pk].append(unit.pk)
        province.city_of_unit[unit.pk] = province.counties[k][2]
        province.county_of_unit[unit.pk] = k
    outlets(province)
    return province


def outlets(province: Province) -> None:
    """The nation's and the province's outlets, two per city and two per county: the first of each
    level's own is the office's journal (owned, so internal for it)."""
    rows = [(("national", None), Outlet(name=f"{MARK}全国媒体{i:02d}", level=Level.NATIONAL,
                                        medium=Outlet.Medium.values[i % 4])) for i in range(6)]
    rows += [(("provincial", None), Outlet(name=f"{MARK}省级媒体{i:02d}", level=Level.PROVINCIAL,
                                           medium=Outlet.Medium.values[i % 4],
                                           owner=province.root if i == 0 else None)) for i in range(12)]
    for c, (office, head) in enumerate(province.cities):
        rows += [(("municipal", c), Outlet(name=f"{head.name}{'会刊' if i == 0 else '日报'}", level=Level.MUNICIPAL,
                                           owner=office if i == 0 else None)) for i in range(2)]
    for k, (office, head, _) in enumerate(province.counties):
        rows += [(("county", k), Outlet(name=f"{head.name}{'信息' if i == 0 else '融媒体中心'}", level=Level.COUNTY,
                                        owner=office if i == 0 else None)) for i in range(2)]
    created = Outlet.objects.bulk_create([outlet for _, outlet in rows])
    for (key, _), outlet in zip(rows, created):
        province.outlets.setdefault(key, []).append(outlet)


def correspondents(rng: random.Random, province: Province):
    """15,000 people: most in townships, some in county and city congresses and the province's
    departments; a few busy ones write most (power-law weights)."""
    units = list(province.city_of_unit)
    townships = [pk for pk in units if province.county_of_unit[pk] is not None]
    people = Correspondent.objects.bulk_create([
        Correspondent(name=f"通讯员{i:05d}", unit_id=rng.choice(townships) if rng.random() < 0.85 else rng.choice(units),
                      annual_quota=rng.choice([0, 5, 10, 20]))
        for i in range(PEOPLE)
    ], batch_size=BATCH)
    rng.shuffle(people)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(people))]
    return people, weights


def rules(province: Province, years: list[int]) -> None:
    """Every office's own years (the last three): counties give their own outlets more (a county
    base of 3), cities 2.5, the province the defaults."""
    offices = [(province.root, None)] + [(o, "2.50") for o, _ in province.cities] + \
              [(o, "3.00") for o, _, _ in province.counties]
    created = AppraisalYear.objects.bulk_create([
        AppraisalYear(office=office, year=year, period_start=datetime.date(year, 1, 1),
                      period_end=datetime.date(year, 12, 31)) for office, _ in offices for year in years],
        batch_size=BATCH)
    base = {office.pk: county for office, county in offices}
    ScoringRules.objects.bulk_create([
        ScoringRules(appraisal_year=year,
                     **({"county_points": Decimal(base[year.office_id])} if base[year.office_id] else {}))
        for year in created], batch_size=BATCH)


def _outlet(rng: random.Random, province: Province, unit_id: int) -> Outlet:
    level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
    city, county = province.city_of_unit[unit_id], province.county_of_unit[unit_id]
    if level == Level.COUNTY and county is None:
        level = Level.MUNICIPAL
    if level == Level.MUNICIPAL and city is None:
        level = Level.PROVINCIAL
    key = {Level.NATIONAL: ("national", None), Level.PROVINCIAL: ("provincial", None),
           Level.MUNICIPAL: ("municipal", city), Level.COUNTY: ("county", county)}[level]
    return rng.choice(province.outlets[key])


def year_of_work(rng, year: int, count: int, province: Province, people, weights, today) -> int:
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    span = (last - first).days
    pieces = max(1, int(count / 1.5))
    authors_of = []
    for _ in range(pieces):
        lead = rng.choices(people, weights=weights, k=1)[0]
        second = rng.choice(people) if rng.random() < 0.15 else None
        authors_of.append([lead] + ([second] if second and second.pk != lead.pk else []))
    contributions = published_pieces(rng, authors_of, first, span, f"{year}年第{{n:06d}}号稿件：人大代表履职纪实")
    seen, rows = set(), []
    while len(rows) < count:
        piece = contributions[len(rows)] if len(rows) < pieces else rng.choice(contributions)
        outlet = _outlet(rng, province, piece.credited_unit_id)
        published_on = min(last, piece.created_at.date() + datetime.timedelta(days=rng.randrange(1, 25)))
        if (piece.pk, outlet.pk, published_on) in seen:
            continue
        seen.add((piece.pk, outlet.pk, published_on))
        rows.append(Placement(contribution=piece, outlet=outlet, published_on=published_on,
                              page=f"第{rng.randrange(1, 12)}版",
                              prominence=prominence(rng)))
    Placement.objects.bulk_create(rows, batch_size=BATCH)
    return len(contributions)


def queue_and_forwards(rng, province: Province, people, weights, today) -> None:
    """Each office's queue (pieces sent in over the last month, not yet decided) and pieces sent up:
    five of each county's accepted pieces waiting at its city, five of each city's at the province."""
    waiting_queue(rng, people, weights, 3_000, f"{today.year}年待审稿件{{n:05d}}：代表建议办理情况")
    start = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    forwards = []
    for office, head, c in province.counties:
        pieces = list(Contribution.objects.filter(credited_unit__in=province.units_of_county[office.pk],
                                                  state=State.PUBLISHED, created_at__gte=start)
                      .order_by("-pk").values_list("pk", flat=True)[:5])
        forwards += [Forward(contribution_id=pk, from_office=office, to_office=province.cities[c][0],
                             note="推荐市级采用") for pk in pieces]
    for c, (office, head) in enumerate(province.cities):
        pieces = list(Contribution.objects.filter(credited_unit=head, state=State.PUBLISHED, created_at__gte=start)
                      .order_by("-pk").values_list("pk", flat=True)[:5])
        forwards += [Forward(contribution_id=pk, from_office=office, to_office=province.root,
                             note="推荐省级采用") for pk in pieces]
    Forward.objects.bulk_create(forwards)


def plans(rng, province: Province, years: list[int], today) -> None:
    """Each office's plan a year: the province 10 topics, 300 commissioned pieces, 6 notices; a city
    5, 100, 4; a county 3, 30, 2 (about 4,700 commissioned pieces a year in all)."""
    networks = {office.pk: units for office, units in
                [(o, province.units_of_county[o.pk]) for o, _, _ in province.counties]}
    for c, (office, head) in enumerate(province.cities):
        networks[office.pk] = [head.pk] + [pk for o, _, city in province.counties if city == c
                                           for pk in province.units_of_county[o.pk]]
    networks[province.root.pk] = list(province.city_of_unit)
    people_of: dict[int, list[int]] = {}
    for pk, unit_id in Correspondent.objects.filter(unit__name__startswith=MARK).values_list("pk", "unit_id"):
        people_of.setdefault(unit_id, []).append(pk)
    sizes = {province.root.pk: (10, 300, 6), **{o.pk: (5, 100, 4) for o, _ in province.cities},
             **{o.pk: (3, 30, 2) for o, _, _ in province.counties}}
    for year in years:
        for office_id, units in networks.items():
            people = [pk for unit in units for pk in people_of.get(unit, [])]
            seed_plan_year(rng, year, MARK, today, office_id=office_id, units=units, people=people[:400],
                           sizes=sizes[office_id])
