"""Tallies, their growth, the workbook and imports: the batch work of the year, timed."""

import datetime
import random
import tempfile
import textwrap
from pathlib import Path

from django.db import connection, transaction

from awards.selectors import correspondent_tallies, unit_tallies
from awards.years import resolve_year
from contributions.models import Contribution, Placement
from contributions.placement_sheets import HEADERS
from correspondents.models import Correspondent

from .baseline import baseline_sql, run_sql, totals_and_points
from .measure import Results, in_child, median_seconds


def tallies(results: Results, year_number: int) -> None:
    year = resolve_year(year_number)
    count = Placement.objects.in_period(year.start, year.end).count()
    against_sql(results, year, lambda label: f"1. {label}年度统计（{count:,} 条）")


def against_sql(results: Results, year, measure) -> None:
    """The unit and people tallies of a resolved year (an office's, over its network) against the
    hand-written SQL; `measure(label)` names each row."""
    rules, start, end = year.rules, year.start, year.end
    for label, selector, people in [("单位", unit_tallies, False), ("个人", correspondent_tallies, True)]:
        ours = median_seconds(lambda: selector(rules, start, end))
        sql = baseline_sql(rules, people)
        baseline = median_seconds(lambda: run_sql(sql, start, end))
        # The hand-written SQL is a second copy of the scoring rule: counts and points must agree.
        ours_rows = {r.id: (r.total, r.pieces, r.points) for r in selector(rules, start, end) if r.total}
        if ours_rows != totals_and_points(run_sql(sql, start, end), people):
            raise RuntimeError(f"{measure(label)}：统计与手写 SQL 结果不一致（篇数或积分）")
        results.add(measure(label), ours, baseline, "ratio", 1.5,
                    note="基准：手写 SQL GROUP BY（同样的篇数、稿件数和积分，已核对一致）")


def growth(results: Results, year_number: int) -> None:
    year = resolve_year(year_number)

    def both():
        return unit_tallies(year.rules, year.start, year.end) and correspondent_tallies(year.rules, year.start, year.end)

    full = median_seconds(both)
    total = Placement.objects.count()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM contributions_placement WHERE published_on < %s OR published_on > %s",
                           [year.start, year.end])
            cursor.execute("ANALYZE")
        remaining = Placement.objects.count()
        small = median_seconds(both)
        transaction.set_rollback(True)
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results.add(f"2. 统计耗时增长（表中 {remaining:,} → {total:,} 条）", full, small, "ratio", 1.5,
                note="基准：表中只有该年度的数据（事务内删除后回滚）")


def workbook(results: Results, year_number: int) -> None:
    count = Placement.objects.filter(published_on__year=year_number).count()
    with tempfile.TemporaryDirectory() as scratch:
        ours = in_child("from awards.workbook import write_year_workbook; from awards.years import resolve_year; "
                        f"write_year_workbook(resolve_year({year_number}), {scratch!r} + '/y.xlsx')")
        plain = in_child(textwrap.dedent(f"""
            from openpyxl import Workbook
            book = Workbook(write_only=True); sheet = book.create_sheet()
            import datetime
            for i in range({count}):
                sheet.append([datetime.date(2025, 1, 1), "人大代表履职与监督工作纪实标题", "作者甲、作者乙", "某某县人大常委会", "消息", "某某日报", "市级", "栏目", "第3版", "一般", 2.5, ""])
            book.save({scratch!r} + "/plain.xlsx")""").strip(), setup="")
    results.add(f"3. 年度统计工作簿（{count:,} 条明细）", ours["seconds"], plain["seconds"], "ratio", 2.0,
                note="基准：openpyxl 只写模式写同样行列的普通值（我们的还有边框、格式和打印设置）")
    results.add("3. 导出进程峰值内存 (MB)", ours["peak_mb"], None, "max", 300, unit="MB")


def _import_file(rows: int, path: Path, year: int, mark: str) -> None:
    from openpyxl import Workbook

    rng = random.Random(rows)
    existing = list(Contribution.objects.filter(placements__published_on__year=year)
                    .values_list("title", "credited_unit__name", "authorships__correspondent__name")[: rows // 2])
    outlets = list(Placement.objects.values_list("outlet__name", flat=True).distinct()[:60])
    people = list(Correspondent.objects.filter(unit__name__startswith=mark).values_list("name", "unit__name")[:500])
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        if i % 2 == 0 and existing:
            title, unit, author = existing[(i // 2) % len(existing)]
        else:
            author, unit = rng.choice(people)
            title = f"导入测试稿件{rows}-{i:05d}"
        sheet.append([title, author, unit, "消息", rng.choice(outlets), day, "", "第2版", "一般", ""])
    book.save(path)


def imports(results: Results, year: int, mark: str) -> None:
    timings = {}
    with tempfile.TemporaryDirectory() as scratch:
        for rows in (2_000, 20_000):
            path = Path(scratch) / f"import-{rows}.xlsx"
            _import_file(rows, path, year, mark)
            # The child imports for real (triggers and all) and rolls back: the data stays as it was.
            work = textwrap.dedent(f"""
                from django.db import transaction
                from contributions.placement_sheets import import_placements
                with transaction.atomic():
                    report = import_placements(name="x.xlsx", data=open({str(path)!r}, "rb").read(), actor=None)
                    assert not report.errors, report.errors[:3]
                    transaction.set_rollback(True)""").strip()
            timings[rows] = in_child(work)
    big, small = timings[20_000], timings[2_000]
    results.add("4. 导入 20,000 行 (秒)", big["seconds"], None, "max", 60)
    results.add("4. 导入进程峰值内存 (MB)", big["peak_mb"], None, "max", 500, unit="MB")
    per_row_ratio = (big["seconds"] / 20_000) / (small["seconds"] / 2_000)
    results.add("4. 每行耗时 20,000 行 ÷ 2,000 行", big["seconds"] / 20_000 * 1000, small["seconds"] / 2_000 * 1000,
                "ratio", 1.3, unit="ms/行", value_ratio=per_row_ratio)
