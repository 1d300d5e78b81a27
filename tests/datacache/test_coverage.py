"""The coverage guard: every table and column that a cached computation reads is watched by a
trigger actually installed in the database, so a new column in a tally cannot be forgotten."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards import cached as cached_numbers
from awards.models import CountingMode
from awards.years import resolve_year
from correspondents.models import Correspondent
from datacache.cache import bypass
from desk import numbers
from planning.progress import overdue_count
from tests.awards import counting_example

from .installed import installed_watch

pytestmark = pytest.mark.django_db

QUOTED = re.compile(r'"(\w+)"\."(\w+)"')
ALIASED = re.compile(r'"(\w+)"\s+(?:AS\s+)?"?([UT]\d+)"?')
ALIAS_REF = re.compile(r'\b"?([UT]\d+)"?\."(\w+)"')
IGNORED_TABLES = {"datacache_dataversion", "django_session", "auth_user", "auth_group", "auth_user_groups"}


def table_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def columns_read(sql: str) -> set[tuple[str, str]]:
    # Subqueries reuse aliases (U0 is one table here, another there): an aliased column is read from
    # every table the alias stands for that has such a column.
    aliases: dict[str, set[str]] = {}
    for table, alias in ALIASED.findall(sql):
        aliases.setdefault(alias, set()).add(table)
    read = {(table, column) for table, column in QUOTED.findall(sql) if table not in aliases}
    for alias, column in ALIAS_REF.findall(sql):
        read |= {(table, column) for table in aliases.get(alias, ()) if column in table_columns(table)}
    return {(table, column) for table, column in read if table not in IGNORED_TABLES and column != "id"}


COMPUTATIONS = {
    "tallies": lambda: cached_numbers.tallies(2025),
    "candidates": lambda: cached_numbers.candidates(2025),
    "paper candidates": lambda: cached_numbers.candidates(2025, papers_only=True, order="quality"),
    "awards": lambda: cached_numbers.awards(2025),
    "statistics": lambda: numbers.statistics(2025, timezone.localdate()),
    "assignment completion": lambda: numbers.assignment_completion(2025, timezone.localdate()),
    "overdue assignments": lambda: overdue_count(timezone.localdate()),
    "a person's placements": lambda: cached_numbers.person_placements(
        resolve_year(2025), Correspondent.objects.order_by("pk").values_list("pk", flat=True).first()),
}


@pytest.mark.parametrize("mode", [CountingMode.CUMULATIVE, CountingMode.BEST])
@pytest.mark.parametrize("name", list(COMPUTATIONS))
def test_every_column_a_cached_computation_reads_is_watched_by_an_installed_trigger(name, mode):
    counting_example.build(mode=mode)
    watched = installed_watch()
    with bypass(), CaptureQueriesContext(connection) as captured:
        COMPUTATIONS[name]()
    read = set().union(*(columns_read(query["sql"]) for query in captured.captured_queries))
    assert read, "no columns found: the SQL parser is broken"
    unwatched = sorted(
        f"{table}.{column}" for table, column in read
        if table not in watched
        or not (watched[table]["insert"] and watched[table]["delete"])
        or (column not in watched[table]["update"] and not column.endswith("_ptr_id"))
    )
    assert not unwatched, f"{name} reads what no trigger watches: {unwatched}"
