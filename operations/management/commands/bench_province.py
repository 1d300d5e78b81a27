"""`make bench-province`: a province in one installation (seed_scale --province), measured for a
county, a city and the province: every desk page warm, statistics and the year page on the first
request after a write in the county, the unit and people tallies against hand-written SQL, and a
mixed run of writes in 50 counties with readers at every office. Prints a table and writes
bench/results.json (key "<database>-province")."""

from functools import partial

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.utils import timezone

from awards.years import resolve_year
from contributions.models import Contribution, Placement, State
from correspondents.models import Office, OfficeStaff
from correspondents.network import scope_of
from operations import scale_province
from operations.benchmark import batch, mixed
from operations.benchmark.measure import ROOT, Results
from operations.benchmark.pages import a_write, measure_page
from operations.benchmark.served import fetch, gunicorn
from outlets.models import Outlet

KINDS = {"county": "县级机构", "city": "市级机构", "province": "省级机构"}


class Command(BaseCommand):
    help = "全省规模性能测试：县、市、省三级机构的工作台页面、写入后首次统计、统计与手写 SQL 对比、混合读写。"

    def add_arguments(self, parser):
        parser.add_argument("--placements", type=int, default=600_000)
        parser.add_argument("--seconds", type=int, default=60, help="混合读写的时长（秒）")
        parser.add_argument("--only", default="", help="只跑这些部分（逗号分隔）：pages,tallies,mixed")

    def handle(self, *args, placements: int, seconds: int, only: str, **options):
        call_command("seed_scale", province=True, placements=placements, stdout=self.stdout)
        parts = set(filter(None, only.split(","))) or {"pages", "tallies", "mixed"}
        today = timezone.localdate()
        self.big_year = today.year - 1
        self.results = Results(connection.vendor, Placement.objects.count())
        county = Office.objects.filter(head_unit__kind="county_congress", name__startswith=scale_province.MARK) \
            .order_by("pk").first()
        city = Office.objects.get(head_unit=county.head_unit.parent_id)
        self.offices = {"county": county, "city": city, "province": Office.objects.get(head_unit__isnull=True)}
        # A write that the county, its city and the province all count: one of the county's placements.
        self.write_in_county = partial(a_write, Placement.objects.filter(
            contribution__credited_unit__in=sorted(scope_of(county.pk).network)))
        if "pages" in parts:
            for kind, office in self.offices.items():
                self.pages(kind, office)
        if "tallies" in parts:
            for kind, office in self.offices.items():
                self.tallies(kind, office)
        if "mixed" in parts:
            self.mixed(seconds)
        self.results.report(self.stdout)
        self.results.save(ROOT / "bench" / "results.json", f"{connection.vendor}-province")

    def staff(self, office: Office) -> User:
        user, _ = User.objects.get_or_create(username=f"bench-{office.pk}", defaults={"is_staff": True})
        user.groups.add(Group.objects.get_or_create(name="编辑")[0])
        OfficeStaff.objects.get_or_create(user=user, defaults={"office": office})
        return user

    # --- every desk page of an office, warm; statistics and the year page after a write ---------------
    def pages(self, kind: str, office: Office) -> None:
        client = Client()
        client.force_login(self.staff(office))
        label = KINDS[kind]
        year = self.big_year
        network = scope_of(office.pk).network
        unit = office.head_unit_id or Contribution.objects.order_by("pk").values_list("credited_unit", flat=True)[0]
        piece = Contribution.objects.filter(**({} if network is None else {"credited_unit__in": sorted(network)})) \
            .filter(state=State.PUBLISHED).order_by("-pk").values_list("pk", flat=True)[0]
        for name, url, cold in [
            ("审核队列", "/desk/", False), ("稿件", "/desk/contributions/", False),
            ("用稿记录 第1页", "/desk/placements/", False),
            ("用稿记录 筛选", f"/desk/placements/?level=provincial&year={year}", False),
            ("统计", f"/desk/statistics/?year={year}", True), ("年度评选", f"/desk/years/{year}/", True),
            ("简报", "/desk/bulletin/", False), ("宣传计划", "/desk/plan/", False),
            ("约稿", "/desk/assignments/", False), ("通知", "/desk/notices/", False),
            ("认领", "/desk/claims/", False), ("单位页", f"/desk/units/{unit}/?year={year}", False),
            ("稿件详情", f"/desk/contributions/{piece}/", False),
        ]:
            figures = measure_page(client, url, cold=cold, write=self.write_in_county)
            self.results.add(f"P. {label} {name}", figures["median_ms"], None, "max", 150, unit="ms",
                             extra={"p95_ms": round(figures["p95_ms"], 1), "queries": figures["queries"]},
                             compare_value=figures["p95_ms"])
            if cold:
                self.results.add(f"P. {label} {name}（写入后首次）", figures["cold_ms"], None, "max", 1000, unit="ms")

    # --- tallies against hand-written SQL ---------------------------------------------------------------
    def tallies(self, kind: str, office: Office) -> None:
        batch.against_sql(self.results, resolve_year(self.big_year, office=office.pk),
                          lambda label: f"T. {KINDS[kind]} {label}年度统计")

    # --- writes in 50 counties, readers at every office ---------------------------------------------------
    def mixed(self, seconds: int) -> None:
        counties = list(Office.objects.filter(head_unit__kind="county_congress").order_by("pk"))
        cookies = {}
        for office in Office.objects.all():
            client = Client()
            client.force_login(self.staff(office))
            cookies[office.pk] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        written = {office.pk for office in counties[:50]}
        kind_of = {office.pk: (("县级机构（有写入的 50 个县）" if office.pk in written else "县级机构（其余 50 个县）")
                               if office.head_unit and office.head_unit.kind == "county_congress" else
                               KINDS["province"] if office.head_unit_id is None else KINDS["city"])
                   for office in Office.objects.select_related("head_unit")}
        year = self.big_year
        paths = ["/desk/", "/desk/placements/", f"/desk/statistics/?year={year}", f"/desk/years/{year}/",
                 "/desk/plan/", "/desk/assignments/"]
        visits = [(kind_of[pk], cookie, path) for pk, cookie in cookies.items() for path in paths]
        targets = []
        for office in counties[:50]:
            network = sorted(scope_of(office.pk).network)
            piece = Contribution.objects.filter(credited_unit__in=network, state=State.PUBLISHED).order_by("pk").first()
            outlet = Outlet.objects.filter(owner=office).first()
            targets.append((piece, outlet))
        with gunicorn({"DJANGO_DATACACHE_SERVER_TIMING": "1"}) as base:
            for _, cookie, path in visits:  # fill the cache as a running server has it
                fetch(base + path, cookie)
            summary, logged, failures = mixed.run(base, visits, targets, seconds=seconds, readers=8)
        for kind, figures in summary.items():
            row = self.results.add(f"M. 混合读写 {kind} p95", figures["p95_ms"] or 0, None, "max", 150, unit="ms",
                                   extra={"errors": figures["errors"],
                                          "note": f"请求 {figures['requests']}，缓存命中（全部数字已缓存）"
                                                  f"占 {figures['warm_share']:.0%}"})
            row["met"] = row["met"] and figures["errors"] == 0
        row = self.results.add("M. 混合读写 写入（条）", logged, None, "info", None,
                               extra={"errors": len(failures), "note": f"{seconds} 秒，每秒 5 条，分布在 50 个县"
                                      + (f"；失败：{failures[0]}" if failures else "")})
        row["met"] = not failures
