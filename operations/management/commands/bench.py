"""`make bench`: speed and memory at ten years of data, each figure beside a baseline measured in
the same run on the same database. Prints a table and writes bench/results.json."""

import datetime
import re
import shutil
import threading
import time

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from contributions.models import Contribution, Placement, State
from contributions.services import placement_create, placement_delete
from correspondents.models import Correspondent, Unit
from datacache import watched
from datacache.cache import bypass
from operations.benchmark import batch
from operations.benchmark.measure import ROOT, Results, p95
from operations.benchmark.pages import measure_page
from operations.benchmark.served import fetch, gunicorn, redis_server, wrk
from operations.management.commands.seed_scale import MARK
from outlets.models import Outlet
from planning.models import Notice, Topic

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def comparable(html: str) -> str:
    """A page without what differs from one request to the next."""
    return re.sub(r"\s+", " ", CSRF.sub("", html))


class Command(BaseCommand):
    help = "性能测试：十年数据下的统计、导出、导入、页面与并发吞吐，并与同库同次测得的基准对比。"

    def add_arguments(self, parser):
        parser.add_argument("--placements", type=int, default=150_000)
        parser.add_argument("--skip-served", action="store_true", help="不做 gunicorn + wrk 的吞吐测试")
        parser.add_argument("--only", default="", help="只跑这些部分（逗号分隔）：batch,pages,writes,served")

    def handle(self, *args, placements: int, skip_served: bool, only: str, **options):
        (ROOT / "var").mkdir(exist_ok=True)
        if not Unit.objects.filter(name__startswith=MARK).exists():
            self.stdout.write("没有规模数据，先生成……")
        call_command("seed_scale", placements=placements, stdout=self.stdout)  # adds the plan to older data
        parts = set(filter(None, only.split(","))) or {"batch", "pages", "writes", "served"}
        today = timezone.localdate()
        self.big_year, self.tally_year = today.year - 1, today.year - 2
        self.results = Results(connection.vendor, Placement.objects.count())
        self.editor, self.correspondent = self.users()
        if "batch" in parts:
            batch.tallies(self.results, self.tally_year)
            batch.growth(self.results, self.tally_year)
            batch.workbook(self.results, self.big_year)
            batch.imports(self.results, self.big_year, MARK)
        if "pages" in parts:
            self.pages()
        if "writes" in parts:
            self.write_cost()
        if "served" in parts and not skip_served:
            self.served()
        self.results.report(self.stdout)
        self.results.save(ROOT / "bench" / "results.json", connection.vendor)
        self.stdout.write(f"\n已写入 {ROOT / 'bench' / 'results.json'}")

    def users(self):
        editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
        editor.groups.add(Group.objects.get_or_create(name="管理员")[0])
        busy = Correspondent.objects.filter(unit__name__startswith=MARK).order_by("pk").first()
        if busy.user is None:
            busy.user = User.objects.create_user("bench-correspondent")
            busy.save(update_fields=["user"])
        busy.user.groups.add(Group.objects.get_or_create(name="通讯员")[0])
        return editor, busy.user

    # --- 5. pages: warm p95 and the first request after a write -------------------------------------
    def pages(self):
        staff, portal = Client(), Client()
        staff.force_login(self.editor)
        portal.force_login(self.correspondent)
        deep = Placement.objects.order_by("-published_on", "-id").values_list("published_on", "id")[24_999]
        cursor = f"{deep[0]:%Y-%m-%d}.{deep[1]}"
        for label, client, url, cold in [
            ("审核队列", staff, "/desk/", False),
            ("用稿记录 第1页", staff, "/desk/placements/", False),
            ("用稿记录 第500页（游标）", staff, f"/desk/placements/?after={cursor}", False),
            ("用稿记录 筛选 第1页", staff, f"/desk/placements/?level=provincial&year={self.big_year}", False),
            ("统计", staff, f"/desk/statistics/?year={self.big_year}", True),
            ("年度评选", staff, f"/desk/years/{self.big_year}/", True),
            ("通讯员门户首页", portal, "/portal/", True),
            ("后台用稿记录列表", staff, "/admin/contributions/placement/", False),
            *self.planning_pages(staff, portal),
        ]:
            figures = measure_page(client, url, cold=cold)
            row = self.results.add(f"5. {label}", figures["median_ms"], None, "max", 150, unit="ms",
                                   extra={"p95_ms": round(figures["p95_ms"], 1), "queries": figures["queries"]},
                                   compare_value=figures["p95_ms"])
            if cold:
                row["cold_ms"] = round(figures["cold_ms"], 1)
                self.results.add(f"5. {label}（写入后首次）", figures["cold_ms"], None, "max", 1000, unit="ms")

    def planning_pages(self, staff: Client, portal: Client) -> list:
        """The plan's pages at 5,000 assignments a year: the busiest topic of this year, the notice
        read by half of 2,000 correspondents."""
        today = timezone.localdate()
        topic = (Topic.objects.filter(starts_on__year=today.year).annotate(n=Count("assignments"))
                 .order_by("-n", "pk").first())
        notice = Notice.objects.order_by("-published_at", "-pk").first()
        pages = [("宣传计划", staff, f"/desk/plan/?year={today.year}", False),
                 ("约稿 第1页", staff, "/desk/assignments/", False),
                 ("约稿 逾期", staff, "/desk/assignments/?status=overdue", False),
                 ("我的任务", portal, "/portal/tasks/", False)]
        if topic is not None:
            pages.append(("选题跟踪页", staff, f"/desk/topics/{topic.pk}/", False))
        if notice is not None:
            pages.append(("通知阅读情况", staff, f"/desk/notices/{notice.pk}/", False))
        return pages

    # --- 6. what the triggers cost a write ------------------------------------------------------------
    def write_cost(self):
        piece = Contribution.objects.filter(state=State.PUBLISHED).order_by("-pk").first()
        outlet = Outlet.objects.filter(name__startswith=MARK).order_by("pk").first()

        def creates() -> list[float]:
            times = []
            for day in range(40):
                published_on = datetime.date(self.big_year, 1, 1) + datetime.timedelta(days=300 + day)
                started = time.perf_counter()
                placement = placement_create(contribution=piece, outlet=outlet, published_on=published_on, actor=None)
                times.append(time.perf_counter() - started)
                placement_delete(placement=placement, actor=None)
            return times

        with_triggers = creates()
        watched.uninstall(connection)
        try:
            without = creates()
        finally:
            watched.install(connection)
        self.results.add("6. 登记一条用稿 p95（有触发器 ÷ 无触发器）", p95(with_triggers) * 1000, p95(without) * 1000,
                         "ratio", 1.2, unit="ms", note="数据版本由数据库触发器递增")

    # --- 7. served throughput -----------------------------------------------------------------------
    def served(self, redis_url: str | None = None):
        if shutil.which("wrk") is None:
            self.stdout.write("未安装 wrk（apt-get install wrk），跳过吞吐测试。")
            return
        cookies = {}
        for name, user in [("editor", self.editor), ("correspondent", self.correspondent)]:
            client = Client()
            client.force_login(user)
            cookies[name] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        targets = [("统计页", f"/desk/statistics/?year={self.big_year}", "editor", 0.5, 0.25),
                   ("门户首页", "/portal/", "correspondent", 0.5, 0.25),
                   ("年度评选页", f"/desk/years/{self.big_year}/", "editor", 0.25, None)]
        suffix = "（Redis）" if redis_url else ""
        with gunicorn({"REDIS_URL": redis_url} if redis_url else None) as base:
            for _, path, who, _, _ in targets:
                fetch(base + path, cookies[who])  # fill the cache as a running server has it
            healthz = wrk(base + "/healthz")
            ping = wrk(base + "/ping", cookies["editor"])
            self.results.add(f"7. 简单视图 /healthz{suffix} (请求/秒)", healthz["rps"], None, "info", None,
                             extra={"p99_ms": healthz["p99_ms"], "timeouts": healthz["timeouts"]})
            self.results.add(f"7. 登录后的简单页 /ping{suffix} (请求/秒)", ping["rps"], healthz["rps"], "info", None,
                             extra={"p99_ms": ping["p99_ms"], "timeouts": ping["timeouts"]})
            for label, path, who, of_ping, of_healthz in targets:
                figures = wrk(base + path, cookies[who])
                extra = {key: figures[key] for key in ("p99_ms", "non_2xx", "socket_errors", "timeouts")}
                row = self.results.add(f"7. {label}{suffix} ÷ 登录简单页", figures["rps"], ping["rps"], "min_ratio",
                                       of_ping, extra=extra)
                row["met"] = row["met"] and not (figures["non_2xx"] or figures["socket_errors"] or figures["timeouts"])
                if of_healthz:
                    self.results.add(f"7. {label}{suffix} ÷ /healthz", figures["rps"], healthz["rps"], "min_ratio",
                                     of_healthz)
            if not redis_url:
                self.mixed(base, cookies)
        if not redis_url:
            with redis_server() as url:
                if url is None:
                    self.stdout.write("本机没有 redis-server（apt-get install redis-server），跳过 Redis 缓存的吞吐测试。")
                else:
                    self.served(url)

    def mixed(self, base: str, cookies: dict) -> None:
        """One client logs a placement every second while 31 read; then what is served must equal a
        fresh computation."""
        stop = threading.Event()
        logged = []
        piece = Contribution.objects.filter(state=State.PUBLISHED).order_by("-pk").first()
        outlet = Outlet.objects.filter(name__startswith=MARK).order_by("-pk").first()

        def writer():
            try:
                day = 0
                while not stop.is_set():
                    published_on = datetime.date(self.big_year, 12, 31) - datetime.timedelta(days=day)
                    logged.append(placement_create(contribution=piece, outlet=outlet, published_on=published_on,
                                                   actor=None))
                    day += 1
                    stop.wait(1)
            finally:
                connections.close_all()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            figures = wrk(base + f"/desk/statistics/?year={self.big_year}", cookies["editor"], connections=31)
        finally:
            stop.set()
            thread.join(timeout=30)
        path = f"/desk/statistics/?year={self.big_year}"
        served = comparable(fetch(base + path, cookies["editor"]))
        client = Client()
        client.force_login(self.editor)
        with bypass():
            fresh = comparable(client.get(path, HTTP_HOST="127.0.0.1").content.decode())
        same = served.split("<main>")[1].split("</main>")[0] == fresh.split("<main>")[1].split("</main>")[0]
        for placement in logged:
            placement_delete(placement=placement, actor=None)
        row = self.results.add("8. 混合：每秒登记一条用稿，31 连接读统计页 (请求/秒)", figures["rps"], None, "info", None,
                               extra={"p99_ms": figures["p99_ms"], "timeouts": figures["timeouts"],
                                      "note": f"登记 {len(logged)} 条；结束时页面与重新计算{'一致' if same else '不一致'}"})
        row["met"] = same
