"""The migration to offices changes nothing for a single-office installation: rows written before it
(through the models of that migration state) give, after it, the very workbook the code before offices
wrote for them (tests/offices/golden_single_office_2025.json; see single_office.py)."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards.workbook import write_year_workbook
from awards.years import resolve_year
from correspondents.models import Office, OfficeStaff
from datacache import watched
from datacache.cache import forget_local
from outlets.models import Outlet

from . import single_office

BEFORE_OFFICES = [("correspondents", "0006_phone_check"), ("outlets", "0002_outlet_aliases"),
                  ("contributions", "0009_placement_field_words"), ("awards", "0005_rule_help"),
                  ("planning", "0001_initial"), ("journal", "0001_initial")]
GOLDEN = Path(__file__).with_name("golden_single_office_2025.json")


@pytest.mark.django_db(transaction=True)
def test_a_single_office_installation_gives_the_same_workbook_after_the_migration(tmp_path, django_user_model):
    staff = django_user_model.objects.create(username="研究室编辑", is_staff=True)
    watched.install(connection, scoped=False)  # what `migrate` does first (datacache's pre_migrate)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_OFFICES)
    before = executor.loader.project_state(BEFORE_OFFICES).apps
    single_office.build(before)
    staff_group = before.get_model("auth", "Group").objects.get_or_create(name="编辑")[0]
    staff_group.user_set.add(staff.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    watched.install(connection)  # and last (its post_migrate)
    cache.clear()
    forget_local()

    (office,) = Office.objects.all()
    assert office.is_root
    assert OfficeStaff.objects.get(user=staff).office == office  # existing staff work at the one office
    assert list(Outlet.objects.filter(owner=office).values_list("name", flat=True)) == ["《宜昌人大》"]
    path = tmp_path / "after.xlsx"
    write_year_workbook(resolve_year(2025), str(path))
    # Every sheet the workbook had then, cell for cell (奖励发放表 came later and is tested on its own).
    cells = single_office.cells(path, leave_out=("奖励发放表",))
    assert cells == json.loads(GOLDEN.read_text(encoding="utf-8"))
