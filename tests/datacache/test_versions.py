"""The data version: bumped by the database itself on writes that feed numbers, and only on those."""

import datetime

import pytest
from django.db import connection

from awards.models import ScoringRules
from awards.services import appraisal_year_get_or_create
from contributions.models import Contribution
from correspondents.models import Office
from correspondents.network import root_office, scope_of
from datacache.cache import data_key, new_epoch
from datacache.models import DataVersion
from datacache.watched import ALL, WATCHED
from planning.models import Topic
from tests.factories import (
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    UnitFactory,
)

from .installed import installed_watch

pytestmark = pytest.mark.django_db


def version() -> int:
    """The global version: what units, offices, people, teams and outlets are."""
    return DataVersion.objects.get(pk=1).version


def everything() -> str:
    """The version the top office's numbers are kept under: every unit's data, its own rows, the global."""
    return data_key(scope_of())


def test_every_table_and_column_of_the_spec_is_watched_by_an_installed_trigger():
    installed = installed_watch()
    for table, columns in WATCHED.items():
        assert installed[table]["insert"] and installed[table]["delete"], table
        if columns == ALL:
            with connection.cursor() as cursor:
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        assert set(columns) <= installed[table]["update"], table


def test_a_body_edit_does_not_bump_the_version_and_a_title_edit_does():
    piece = ContributionFactory()
    before = everything()
    Contribution.objects.filter(pk=piece.pk).update(body="改过的正文")
    piece.refresh_from_db()
    piece.save()  # every column written, none of the watched ones changed
    assert everything() == before
    Contribution.objects.filter(pk=piece.pk).update(title="改过的标题")
    assert everything() != before


def test_bulk_updates_raw_sql_inserts_and_deletes_bump_the_version():
    outlet = OutletFactory()
    steps = [
        lambda: type(outlet).objects.filter(pk=outlet.pk).update(level="national"),
        lambda: connection.cursor().execute("UPDATE outlets_outlet SET medium = 'tv' WHERE id = %s", [outlet.pk]),
        lambda: OutletFactory(),
        lambda: type(outlet).objects.filter(pk=outlet.pk).delete(),
    ]
    for step in steps:
        before = version()
        step()
        assert version() > before


def test_a_new_epoch_starts_when_the_version_row_is_gone():
    first = data_key()
    new_epoch()
    second = data_key()
    assert first.split(":")[0] != second.split(":")[0]


def test_numbers_are_shared_through_redis_when_redis_url_is_set(settings):
    """Several app servers share one cache: Django's Redis backend, against a redis-server the test starts."""
    import shutil
    import socket
    import subprocess
    import time

    from django.core.cache import cache

    from awards import cached as cached_numbers
    from tests.awards import worked_example

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("没有 redis-server（apt-get install redis-server）：跳过 Redis 缓存测试。CI 会安装它。")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": f"redis://127.0.0.1:{port}/0"}}
        worked_example.build()
        first = cached_numbers.tallies(2025)
        key = f"numbers:{everything()}:tallies:None:2025:True:True"
        assert cache.get(key) == first and [row.points for row in first.units][0] == 36
        OutletFactory(name="又一家媒体")  # a write: a new version, a new key
        assert f"numbers:{everything()}:tallies:None:2025:True:True" != key
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_rendered_parts_are_kept_in_the_process_under_their_version():
    """Immutable values skip the shared cache's round trip; a write (a new version) computes anew."""
    from django.core.cache import cache

    from datacache.cache import cached

    calls = []

    def render():
        calls.append(1)
        return f"第 {len(calls)} 次"

    assert cached("part", ("t",), render, immutable=True) == "第 1 次"
    cache.clear()  # the shared cache lost it: this process still has it, under the same version
    assert cached("part", ("t",), render, immutable=True) == "第 1 次" and len(calls) == 1
    ContributionFactory()  # a write that feeds the numbers: a new version
    assert cached("part", ("t",), render, immutable=True) == "第 2 次"


def test_a_write_in_one_county_leaves_the_other_countys_key_and_raises_its_own_and_the_citys(network_of_two):
    a, b = network_of_two
    writer_a, writer_b = (CorrespondentFactory(unit=office.head_unit) for office in (a, b))
    outlet = OutletFactory()
    keys = lambda: {name: data_key(scope_of(office.pk)) for name, office in  # noqa: E731
                    [("a", a), ("b", b), ("city", root_office())]}
    steps = [
        ("a piece of 甲县", lambda: ContributionFactory(credited_unit=a.head_unit, authors=[writer_a]),
         {"a", "city"}),
        ("a placement of 乙县", lambda: PlacementFactory(
            contribution=ContributionFactory(credited_unit=b.head_unit, authors=[writer_b]), outlet=outlet),
         {"b", "city"}),
        ("乙县's rules", lambda: ScoringRules.objects.filter(appraisal_year__office=b).update(county_points=4), {"b"}),
        ("甲县's topic", lambda: Topic.objects.create(office=a, title="甲县选题", kind="other",
                                                     starts_on=datetime.date(2026, 1, 1),
                                                     ends_on=datetime.date(2026, 2, 1)), {"a"}),
        ("a unit (what networks are made of)", lambda: UnitFactory(), {"a", "b", "city"}),
    ]
    for what, step, changed in steps:
        before = keys()
        step()
        after = keys()
        assert {name for name in before if before[name] != after[name]} == changed, what


@pytest.fixture
def network_of_two(db):
    a = Office.objects.create(name="甲县办", head_unit=UnitFactory(name="甲县人大常委会"))
    b = Office.objects.create(name="乙县办", head_unit=UnitFactory(name="乙县人大常委会"))
    appraisal_year_get_or_create(year=2026, office=b.pk)
    return a, b


def test_migrate_runs_under_the_global_triggers_and_gets_the_scoped_ones_back_after():
    """SQLite refuses to rename a table rebuilt by a migration while another table's trigger names
    it: before migrating, a placement's write raises the global version only (the global triggers
    name no other table); after, its unit's version again and not the global one."""
    from datacache.apps import globalize_triggers, reinstall_triggers
    from datacache.models import UnitVersion

    piece, outlet = ContributionFactory(), OutletFactory()

    def unit_version() -> int:
        return UnitVersion.objects.filter(unit_id=piece.credited_unit_id).values_list("version", flat=True).first() or 0

    def raised_by_a_placement(day: int) -> tuple[int, int]:
        before = version(), unit_version()
        PlacementFactory(contribution=piece, outlet=outlet, published_on=datetime.date(2026, 3, day))
        return version() - before[0], unit_version() - before[1]

    globalize_triggers()
    assert raised_by_a_placement(1) == (1, 0)
    reinstall_triggers()
    assert raised_by_a_placement(2) == (0, 1)
