"""A decade of publicity work for benchmarks: about 120 units, 2,000 correspondents, 100,000
contributions and 150,000 placements. Deterministic: the same numbers give the same data.

Rows are written in bulk (no e-mails, no history rows); each contribution gets the transitions that
brought it to its state, so pages that show history have something to show.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from awards.services import appraisal_year_get_or_create
from contributions.models import Contribution, Placement
from correspondents.models import Correspondent, Team, Unit
from operations import scale_province
from operations.scale_planning import seed_plan_year
from operations.scale_rows import BATCH, prominence, published_pieces, waiting_queue
from outlets.models import Column, Level, Outlet
from planning.models import Topic

MARK = "［规模测试］"  # in every generated unit name: tells scale data from demo data
LEVEL_WEIGHTS = {Level.NATIONAL: 4, Level.PROVINCIAL: 20, Level.MUNICIPAL: 50, Level.COUNTY: 26}
BIG_YEAR_PLACEMENTS = 20_000  # the last full year is the busy one the workbook benchmark exports


def analyze() -> None:
    """Let PostgreSQL learn the bulk-written tables at once, as autovacuum would soon: measured right
    after the bulk insert, its plans came from empty-table estimates (the assignment list took 300 ms
    instead of 21)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "生成十年规模的测试数据（默认 150,000 条用稿记录），用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--placements", type=int, default=150_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--province", action="store_true",
                            help="一个省的全部机构：1 个省级、13 个市级、100 个县级机构，1,200 个乡镇，"
                                 "15,000 名通讯员，十年 600,000 条用稿记录（--placements 可改）")

    def handle(self, *args, placements: int, years: int, seed: int, province: bool, **options):
        if province:
            self.province(placements if placements != 150_000 else 600_000, years, seed)
            return
        if Unit.objects.filter(name__startswith=MARK).exists():
            if not Topic.objects.filter(title__startswith=MARK).exists():  # data from before the plan existed
                self.plan(random.Random(seed), sorted({d.year for d in Contribution.objects.dates("created_at", "year")}))
            self.stdout.write("规模测试数据已存在，未重复生成。")
            analyze()
            return
        if placements < 1000 or years < 2:
            raise CommandError("至少 1,000 条用稿记录、2 个年度。")
        started = time.perf_counter()
        rng = random.Random(seed)
        today = timezone.localdate()
        last_full_year = today.year - 1
        year_list = list(range(today.year - years + 1, today.year + 1))
        big = min(BIG_YEAR_PLACEMENTS, placements // 3)
        per_other_year = (placements - big) // (years - 1)
        per_year = {year: (big if year == last_full_year else per_other_year) for year in year_list}
        per_year[year_list[0]] += placements - sum(per_year.values())
        with transaction.atomic():
            units, people, weights = self.people(rng)
            outlets = self.outlets()
            for year in year_list:
                appraisal_year_get_or_create(year=year)
                self.year(rng, year, per_year[year], units, people, weights, outlets, today)
            self.plan(rng, year_list)
        analyze()
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {placements:,} 条用稿记录（{year_list[0]}–{year_list[-1]}），用时 {time.perf_counter() - started:.0f} 秒。"))

    def province(self, placements: int, years: int, seed: int) -> None:
        if scale_province.exists():
            self.stdout.write("全省规模数据已存在，未重复生成。")
            analyze()
            return
        if placements < 1000 or years < 2:
            raise CommandError("至少 1,000 条用稿记录、2 个年度。")
        started = time.perf_counter()
        scale_province.build(self.stdout, placements=placements, years=years, seed=seed)
        analyze()
        self.stdout.write(self.style.SUCCESS(
            f"已生成全省规模数据：{placements:,} 条用稿记录，用时 {time.perf_counter() - started:.0f} 秒。"))

    def plan(self, rng, years):
        with transaction.atomic():
            for year in years:
                topics, assignments = seed_plan_year(rng, year, MARK, timezone.localdate())
                self.stdout.write(f"  {year}：{topics} 个选题，{assignments:,} 项约稿")

    def people(self, rng):
        units = Unit.objects.bulk_create(
            [Unit(name=f"{MARK}县市区人大{i:03d}", kind=Unit.Kind.COUNTY_CONGRESS) for i in range(15)]
            + [Unit(name=f"{MARK}乡镇人大{i:03d}", kind=Unit.Kind.TOWNSHIP_CONGRESS) for i in range(95)]
            + [Unit(name=f"{MARK}机关委室{i:03d}", kind=Unit.Kind.OFFICE_DEPARTMENT) for i in range(10)]
        )
        teams = Team.objects.bulk_create([Team(name=f"{MARK}宣传小组{i}", weekly_target=rng.choice([2, 3, 5]))
                                          for i in range(10)])
        people = Correspondent.objects.bulk_create([
            Correspondent(name=f"通讯员{i:04d}", unit=units[min(int(rng.paretovariate(1.2)) - 1, len(units) - 1)
                                                       if rng.random() < 0.5 else rng.randrange(len(units))],
                          team=rng.choice(teams) if rng.random() < 0.3 else None,
                          annual_quota=rng.choice([0, 5, 10, 20, 30]))
            for i in range(2000)
        ], batch_size=BATCH)
        # A few busy people write most: weights fall off like a power law.
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(people))]
        return units, people, weights

    def outlets(self):
        spec = {Level.NATIONAL: 6, Level.PROVINCIAL: 12, Level.MUNICIPAL: 20, Level.COUNTY: 22}
        created = Outlet.objects.bulk_create([
            Outlet(name=f"{MARK}{Level(level).label}媒体{i:02d}", level=level,
                   medium=Outlet.Medium.values[i % len(Outlet.Medium.values)])
            for level, count in spec.items() for i in range(count)
        ])
        Column.objects.bulk_create([Column(outlet=outlet, name=f"栏目{j}") for outlet in created for j in range(3)])
        by_level = {level: [o for o in created if o.level == level] for level in Level.values}
        columns = {}
        for pk, outlet_id in Column.objects.filter(outlet__in=created).values_list("pk", "outlet_id"):
            columns.setdefault(outlet_id, []).append(pk)
        return by_level, columns

    def year(self, rng, year, count, units, people, weights, outlets, today):
        by_level, columns = outlets
        first = datetime.date(year, 1, 1)
        last = min(datetime.date(year, 12, 31), today)
        span = (last - first).days
        pieces = max(1, int(count / 1.5))
        authors_of = [rng.choices(people, weights=weights, k=1 + (rng.random() < 0.2)) for _ in range(pieces)]
        contributions = published_pieces(rng, authors_of, first, span, f"{year}年第{{n:05d}}号稿件：人大代表履职与监督工作纪实")
        seen = set()
        rows = []
        while len(rows) < count:
            contribution = contributions[len(rows) % pieces] if len(rows) < pieces else rng.choice(contributions)
            level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
            outlet = rng.choice(by_level[level])
            published_on = min(last, contribution.created_at.date() + datetime.timedelta(days=rng.randrange(1, 25)))
            key = (contribution.pk, outlet.pk, published_on)
            if key in seen:
                continue
            seen.add(key)
            rows.append(Placement(
                contribution=contribution, outlet=outlet, published_on=published_on, page=f"第{rng.randrange(1, 12)}版",
                column_id=rng.choice(columns[outlet.pk]) if rng.random() < 0.4 else None,
                prominence=prominence(rng),
            ))
        Placement.objects.bulk_create(rows, batch_size=BATCH)
        waiting = 0
        if year == today.year:
            # The office's queue: pieces sent in lately and not yet decided.
            queue = waiting_queue(rng, people, weights, 600, f"{year}年待审稿件{{n:04d}}：代表建议办理情况")
            waiting = len(queue)
        self.stdout.write(f"  {year}：{len(contributions):,} 篇稿件，{len(rows):,} 条用稿记录" + (f"，{waiting} 篇待审" if waiting else ""))
