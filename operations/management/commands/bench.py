"""`make bench`: speed and memory at ten years of data, each figure beside a baseline measured in
the same run on the same database. Prints a table and writes bench/results.json."""

import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from operations.management.commands.seed_scale import MARK
from awards.scoring import POINTS_SCALE, SHARED_POINTS_SCALE, Rules, to_points
from awards.selectors import correspondent_tallies, unit_tallies
from awards.years import resolve_year
from contributions.models import Contribution, Placement
from contributions.placement_sheets import HEADERS
from correspondents.models import Correspondent, Unit

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable


def median_seconds(function, repeat: int = 5) -> float:
    function()  # warm caches the way a running server has them
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def baseline_sql(rules: Rules, people: bool) -> str:
    def case(column, factors):
        whens = " ".join(f"WHEN '{key}' THEN {int(value * 100)}" for key, value in factors.items())
        return f"CAST(CASE {column} {whens} ELSE 0 END AS BIGINT)"

    points = " * ".join([case("o.level", rules.level_points), case("p.prominence", rules.prominence_factors),
                         case("c.genre", rules.genre_factors)])
    counts = ", ".join(f"SUM(CASE WHEN o.level = '{level}' THEN 1 ELSE 0 END)"
                       for level in ("national", "provincial", "municipal", "county"))
    if people:
        return (f"SELECT a.correspondent_id, {counts}, SUM({points} * CAST(ROUND(a.share * 100) AS INTEGER)) "
                "FROM contributions_placement p JOIN contributions_contribution c ON c.id = p.contribution_id "
                "JOIN outlets_outlet o ON o.id = p.outlet_id JOIN contributions_authorship a ON a.contribution_id = c.id "
                "WHERE p.published_on >= %s AND p.published_on <= %s GROUP BY a.correspondent_id")
    return (f"SELECT c.credited_unit_id, {counts}, SUM({points}) "
            "FROM contributions_placement p JOIN contributions_contribution c ON c.id = p.contribution_id "
            "JOIN outlets_outlet o ON o.id = p.outlet_id "
            "WHERE p.published_on >= %s AND p.published_on <= %s GROUP BY c.credited_unit_id")


def run_sql(sql: str, start, end) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        return cursor.fetchall()


CHILD = textwrap.dedent("""
    import json, os, resource, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, {root!r})
    {setup}
    started = time.perf_counter()
    {work}
    print(json.dumps({{"seconds": time.perf_counter() - started,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""")
DJANGO_SETUP = "import django; django.setup()"


def in_child(work: str, setup: str = DJANGO_SETUP) -> dict:
    """Run `work` in a fresh Python process and report its time and peak memory (RSS)."""
    code = CHILD.format(root=str(ROOT), setup=setup, work=work)
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise CommandError(f"子进程失败：{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Command(BaseCommand):
    help = "性能测试：十年数据下的统计、导出、导入、页面与并发吞吐，并与同库同次测得的基准对比。"

    def add_arguments(self, parser):
        parser.add_argument("--placements", type=int, default=150_000)
        parser.add_argument("--skip-served", action="store_true", help="不做 gunicorn + wrk 的吞吐测试")

    def handle(self, *args, placements: int, skip_served: bool, **options):
        if not Unit.objects.filter(name__startswith=MARK).exists():
            self.stdout.write("没有规模数据，先生成……")
            call_command("seed_scale", placements=placements, stdout=self.stdout)
        self.vendor = connection.vendor
        today = timezone.localdate()
        self.big_year = today.year - 1
        self.tally_year = today.year - 2
        self.results = {"database": self.vendor, "placements_in_table": Placement.objects.count(),
                        "measured_at": timezone.now().isoformat()}
        self.rows = []
        self.tallies()
        self.growth()
        self.workbook()
        self.imports()
        self.pages()
        if not skip_served:
            self.served()
        self.report()

    # --- 1. tallies vs a hand-written GROUP BY -------------------------------------------------
    def tallies(self):
        year = resolve_year(self.tally_year)
        rules, start, end = year.rules, year.start, year.end
        count = Placement.objects.in_period(start, end).count()
        for label, selector, people in [("单位", unit_tallies, False), ("个人", correspondent_tallies, True)]:
            ours = median_seconds(lambda: selector(rules, start, end))
            sql = baseline_sql(rules, people)
            baseline = median_seconds(lambda: run_sql(sql, start, end))
            # The hand-written SQL is a second copy of the scoring rule: counts and points must agree.
            scale = SHARED_POINTS_SCALE if people else POINTS_SCALE
            ours_rows = {r.id: (r.total, r.points) for r in selector(rules, start, end) if r.total}
            sql_rows = {row[0]: (sum(row[1:5]), to_points(row[5], scale)) for row in run_sql(sql, start, end)}
            if ours_rows != sql_rows:
                raise CommandError(f"{label}统计与手写 SQL 结果不一致（篇数或积分）")
            self.add(f"1. {label}年度统计（{count:,} 条）", ours, baseline, "ratio", 1.5,
                     note="基准：手写 SQL GROUP BY（同样的计数和积分）")

    # --- 2. cost growth: the year's tally with only that year in the table ----------------------
    def growth(self):
        year = resolve_year(self.tally_year)
        rules, start, end = year.rules, year.start, year.end

        def both():
            return unit_tallies(rules, start, end) and correspondent_tallies(rules, start, end)

        full = median_seconds(both)
        total = Placement.objects.count()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM contributions_placement WHERE published_on < %s OR published_on > %s",
                               [start, end])
                cursor.execute("ANALYZE")
            remaining = Placement.objects.count()
            small = median_seconds(both)
            transaction.set_rollback(True)
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.add(f"2. 统计耗时增长（表中 {remaining:,} → {total:,} 条）", full, small, "ratio", 1.5,
                 note="基准：表中只有该年度的数据（事务内删除后回滚）")

    # --- 3. the year-end workbook ------------------------------------------------------------------
    def workbook(self):
        count = Placement.objects.filter(published_on__year=self.big_year).count()
        with tempfile.TemporaryDirectory() as scratch:
            ours = in_child("from awards.workbook import write_year_workbook; from awards.years import resolve_year; "
                            f"write_year_workbook(resolve_year({self.big_year}), {scratch!r} + '/y.xlsx')")
            plain = in_child(textwrap.dedent(f"""
                from openpyxl import Workbook
                book = Workbook(write_only=True); sheet = book.create_sheet()
                import datetime
                for i in range({count}):
                    sheet.append([datetime.date(2025, 1, 1), "人大代表履职与监督工作纪实标题", "作者甲、作者乙", "某某县人大常委会", "消息", "某某日报", "市级", "栏目", "第3版", "一般", 2.5])
                book.save({scratch!r} + "/plain.xlsx")""").strip(), setup="")
        self.add(f"3. 年度统计工作簿（{count:,} 条明细）", ours["seconds"], plain["seconds"], "ratio", 2.0,
                 note="基准：openpyxl 只写模式写同样行列的普通值")
        self.add("3. 导出进程峰值内存 (MB)", ours["peak_mb"], None, "max", 300)

    # --- 4. the placement import ----------------------------------------------------------------------
    def import_file(self, rows: int, path: Path) -> None:
        from openpyxl import Workbook

        rng = random.Random(rows)
        existing = list(Contribution.objects.filter(placements__published_on__year=self.big_year)
                        .values_list("title", "credited_unit__name", "authorships__correspondent__name")[: rows // 2])
        outlets = list(Placement.objects.values_list("outlet__name", flat=True).distinct()[:60])
        people = list(Correspondent.objects.filter(unit__name__startswith=MARK).values_list("name", "unit__name")[:500])
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADERS)
        import datetime
        for i in range(rows):
            day = datetime.date(self.big_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            if i % 2 == 0 and existing:
                title, unit, author = existing[(i // 2) % len(existing)]
            else:
                author, unit = rng.choice(people)
                title = f"导入测试稿件{rows}-{i:05d}"
            sheet.append([title, author, unit, "消息", rng.choice(outlets), day, "", "第2版", "一般", ""])
        book.save(path)

    def imports(self):
        timings = {}
        with tempfile.TemporaryDirectory() as scratch:
            for rows in (2_000, 20_000):
                path = Path(scratch) / f"import-{rows}.xlsx"
                self.import_file(rows, path)
                # The child imports for real and rolls back, so the benchmark leaves the data as it was.
                work = textwrap.dedent(f"""
                    from django.db import transaction
                    from contributions.placement_sheets import import_placements
                    with transaction.atomic():
                        report = import_placements(name="x.xlsx", data=open({str(path)!r}, "rb").read(), actor=None)
                        assert not report.errors, report.errors[:3]
                        transaction.set_rollback(True)""").strip()
                timings[rows] = in_child(work)
        big, small = timings[20_000], timings[2_000]
        self.add("4. 导入 20,000 行 (秒)", big["seconds"], None, "max", 60)
        self.add("4. 导入进程峰值内存 (MB)", big["peak_mb"], None, "max", 500)
        per_row_ratio = (big["seconds"] / 20_000) / (small["seconds"] / 2_000)
        self.add("4. 每行耗时 20,000 行 ÷ 2,000 行", big["seconds"] / 20_000 * 1000, small["seconds"] / 2_000 * 1000,
                 "ratio", 1.3, unit="ms/行", value_ratio=per_row_ratio)

    # --- 5. pages --------------------------------------------------------------------------------------
    def users(self):
        editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
        editor.groups.add(Group.objects.get_or_create(name="管理员")[0])
        busy = Correspondent.objects.filter(unit__name__startswith=MARK).order_by("pk").first()
        if busy.user is None:
            busy.user = User.objects.create_user("bench-correspondent")
            busy.save(update_fields=["user"])
        busy.user.groups.add(Group.objects.get_or_create(name="通讯员")[0])
        return editor, busy.user

    def pages(self):
        editor, correspondent = self.users()
        staff, portal = Client(), Client()
        staff.force_login(editor)
        portal.force_login(correspondent)
        for label, client, url in [
            ("审核队列", staff, "/desk/"),
            ("用稿记录 第1页", staff, "/desk/placements/"),
            ("用稿记录 第500页", staff, "/desk/placements/?page=500"),
            ("用稿记录 筛选 第1页", staff, f"/desk/placements/?level=provincial&year={self.big_year}"),
            ("用稿记录 筛选 第50页", staff, f"/desk/placements/?level=municipal&year={self.big_year}&page=50"),
            ("统计", staff, f"/desk/statistics/?year={self.big_year}"),
            ("年度评选", staff, f"/desk/years/{self.big_year}/"),
            ("通讯员门户首页", portal, "/portal/"),
            ("后台用稿记录列表", staff, "/admin/contributions/placement/"),
        ]:
            times, queries = [], 0
            for attempt in range(21):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, HTTP_HOST="127.0.0.1")
                    elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise CommandError(f"{url} 返回 {response.status_code}")
                if attempt:  # the first request warms caches
                    times.append(elapsed)
                queries = len(captured)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            self.add(f"5. {label}", statistics.median(times) * 1000, None, "max", 150, unit="ms",
                     extra={"p95_ms": round(p95 * 1000, 1), "queries": queries}, compare_value=p95 * 1000)

    # --- 6. served throughput -----------------------------------------------------------------------
    def served(self):
        wrk = shutil.which("wrk")
        if wrk is None:
            self.stdout.write("未安装 wrk（apt-get install wrk），跳过吞吐测试。")
            return
        editor, correspondent = self.users()
        cookies = {}
        for name, user in [("editor", editor), ("correspondent", correspondent)]:
            client = Client()
            client.force_login(user)
            cookies[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
               "DJANGO_STATIC_ROOT": tempfile.mkdtemp()}
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        server = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--workers", "2", "--worker-class", "gthread",
             "--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            results = {}
            for label, path, cookie in [("简单视图（基准）", "/healthz", None),
                                         ("统计页", f"/desk/statistics/?year={self.big_year}", cookies["editor"]),
                                         ("门户首页", "/portal/", cookies["correspondent"])]:
                command = [wrk, "-t2", "-c32", "-d20s", "--latency", f"http://127.0.0.1:{port}{path}"]
                if cookie:
                    command[1:1] = ["-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}"]
                output = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
                results[label] = self.parse_wrk(output)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        trivial = results["简单视图（基准）"]["rps"]
        for label in ("统计页", "门户首页"):
            figures = results[label]
            self.add(f"6. 吞吐：{label} (请求/秒)", figures["rps"], trivial, "min_ratio", 0.25,
                     extra={"p99_ms": figures["p99_ms"], "errors": figures["errors"], "non_2xx": figures["non_2xx"],
                            "socket_errors": figures["socket_errors"],
                            "baseline_p99_ms": results["简单视图（基准）"]["p99_ms"]},
                     note="基准：同一 gunicorn 上的简单视图；32 连接 20 秒")
            if figures["errors"]:
                self.rows[-1]["met"] = False

    @staticmethod
    def parse_wrk(output: str) -> dict:
        import re

        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
        scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
        errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        socket_count = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
        non_2xx = int(errors.group(1)) if errors else 0
        return {"rps": rps, "p99_ms": round(float(p99.group(1)) * scale, 1), "errors": non_2xx + socket_count,
                "non_2xx": non_2xx, "socket_errors": socket_count}

    # --- output ----------------------------------------------------------------------------------------
    def add(self, label, value, baseline, kind, target, *, unit="s", note="", extra=None, value_ratio=None,
            compare_value=None):
        if kind == "ratio":
            ratio = value_ratio if value_ratio is not None else value / baseline
            met = ratio <= target
        elif kind == "min_ratio":
            ratio = value / baseline
            met = ratio >= target
        else:
            ratio = None
            met = (compare_value if compare_value is not None else value) <= target
        self.rows.append({"measure": label, "value": round(value, 4), "baseline": None if baseline is None else round(baseline, 4),
                          "ratio": None if ratio is None else round(ratio, 3), "kind": kind, "target": target,
                          "unit": unit, "met": met, "note": note, **(extra or {})})

    def report(self):
        self.stdout.write(f"\n数据库：{self.vendor}；表中用稿记录 {self.results['placements_in_table']:,} 条\n")
        header = f"{'项目':<34}{'结果':>12}{'基准':>12}{'比值':>8}  {'目标':<12}{'达标':<4} 其他"
        self.stdout.write(header)
        for row in self.rows:
            target = {"ratio": f"比值≤{row['target']}", "min_ratio": f"比值≥{row['target']}",
                      "max": f"≤{row['target']}"}[row["kind"]]
            others = "；".join(f"{k}={row[k]}" for k in ("p95_ms", "queries", "p99_ms", "baseline_p99_ms", "errors",
                                                        "non_2xx", "socket_errors") if k in row)
            baseline = "" if row["baseline"] is None else f"{row['baseline']:.4g}"
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
            self.stdout.write(f"{row['measure']:<34}{row['value']:>12.4g}{baseline:>12}{ratio:>8}  {target:<12}"
                              f"{'是' if row['met'] else '否':<4} {others}")
        path = ROOT / "bench" / "results.json"
        path.parent.mkdir(exist_ok=True)
        existing = json.loads(path.read_text()) if path.exists() else {}
        existing[self.vendor] = {**self.results, "rows": self.rows}
        path.write_text(json.dumps(existing, ensure_ascii=False, indent=2))
        self.stdout.write(f"\n已写入 {path}")
