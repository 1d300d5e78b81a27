"""Every table and column whose change can change a cached number, and the triggers that bump a
data version when one does. Inserts and deletes bump whatever the columns; an update bumps only
when a watched column's value actually changes (a body-text edit does not).

Which version: the rows of SCOPED tables belong to a unit (a piece, its bylines, transitions and
placements: the piece's credited unit) or to an office (years, rules, awards, nominations, plan,
journal): their writes raise that unit's or that office's version (both units, before and after,
when a piece moves). Everything else (units, offices, people, teams, outlets: what networks, names
and levels are made of) raises the global version, which every cached number is kept under. An
office's numbers are kept under the global version, the sum of its network's unit versions and its
own version (datacache.cache.data_key), so a write in one county leaves every other county's
cached numbers warm, while the offices above it, which count it, compute afresh.

Migrations install the global form only; the reinstall after every migrate installs the scoped one
(its key expressions name columns a migration may not have added yet)."""

ALL = "*"

# table → watched columns on update ("*": every column)
WATCHED: dict[str, tuple[str, ...] | str] = {
    "correspondents_unit": ("name", "kind", "parent_id", "active", "annual_target"),
    "correspondents_team": ("name", "weekly_target"),
    "correspondents_correspondent": ("name", "unit_id", "team_id", "kind", "annual_quota", "active"),
    "outlets_outlet": ("name", "level", "medium", "owner_id", "active"),
    "correspondents_office": ALL,
    "outlets_column": ("name", "outlet_id"),
    "contributions_contribution": ("title", "genre", "credited_unit_id", "state"),
    "contributions_authorship": ("contribution_id", "correspondent_id", "position", "share"),
    "contributions_transition": ALL,
    "contributions_placement": ("contribution_id", "outlet_id", "column_id", "published_on", "edition", "page",
                                "prominence", "instruction"),
    "awards_appraisalyear": ALL,
    "awards_scoringrules": ALL,
    "awards_award": ALL,
    "awards_nomination": ALL,
    "journal_journalissue": ("outlet_id", "number", "issue_date", "theme", "status"),
    "journal_issueitem": ALL,
    "planning_assignment": ("office_id", "topic_id", "stage_id", "unit_id", "correspondent_id", "team_id", "due_on"),
    "planning_answer": ALL,
    "planning_topic": ("office_id", "title", "kind", "starts_on", "ends_on"),
    "planning_topictag": ("contribution_id", "topic_id"),
}
VERSION_TABLE = "datacache_dataversion"
BUMP = f"UPDATE {VERSION_TABLE} SET version = version + 1"
UNIT_VERSIONS = ("datacache_unitversion", "unit_id")
OFFICE_VERSIONS = ("datacache_officeversion", "office_id")
# What a row belongs to, as SQL over the row ({row}: NEW, OLD or a transition table's alias).
PIECE_UNIT = "(SELECT credited_unit_id FROM contributions_contribution WHERE id = {row}.contribution_id)"
YEAR_OFFICE = "(SELECT office_id FROM awards_appraisalyear WHERE id = {row}.appraisal_year_id)"
SCOPED: dict[str, tuple[tuple[str, str], str]] = {
    "contributions_contribution": (UNIT_VERSIONS, "{row}.credited_unit_id"),
    "contributions_authorship": (UNIT_VERSIONS, PIECE_UNIT),
    "contributions_transition": (UNIT_VERSIONS, PIECE_UNIT),
    "contributions_placement": (UNIT_VERSIONS, PIECE_UNIT),
    "awards_appraisalyear": (OFFICE_VERSIONS, "{row}.office_id"),
    "awards_scoringrules": (OFFICE_VERSIONS, YEAR_OFFICE),
    "awards_award": (OFFICE_VERSIONS, YEAR_OFFICE),
    "awards_nomination": (OFFICE_VERSIONS, YEAR_OFFICE),
    "journal_journalissue": (OFFICE_VERSIONS, "(SELECT owner_id FROM outlets_outlet WHERE id = {row}.outlet_id)"),
    "journal_issueitem": (OFFICE_VERSIONS, "(SELECT o.owner_id FROM journal_journalissue i JOIN outlets_outlet o "
                                           "ON o.id = i.outlet_id WHERE i.id = {row}.issue_id)"),
    "planning_assignment": (OFFICE_VERSIONS, "{row}.office_id"),
    "planning_answer": (OFFICE_VERSIONS, "(SELECT office_id FROM planning_assignment WHERE id = {row}.assignment_id)"),
    "planning_topic": (OFFICE_VERSIONS, "{row}.office_id"),
    "planning_topictag": (OFFICE_VERSIONS, "(SELECT office_id FROM planning_topic WHERE id = {row}.topic_id)"),
}


def scoped_bump(table: str, keys: str) -> str:
    """Raise the versions of the units or offices a SELECT of keys names (a key never seen starts at 1)."""
    (versions, column), _ = SCOPED[table]
    return (f"INSERT INTO {versions} ({column}, version) SELECT k, 1 FROM ({keys}) AS s WHERE k IS NOT NULL "
            f"ON CONFLICT ({column}) DO UPDATE SET version = {versions}.version + 1")


def row_key(table: str, row: str) -> str:
    return SCOPED[table][1].format(row=row)


def trigger_names(table: str) -> list[str]:
    return [f"dv_{table}_insert", f"dv_{table}_delete", f"dv_{table}_update", f"dv_{table}_truncate"]


def _columns(connection, table: str, watched) -> list[str]:
    """The watched columns the table has now (a column a later migration adds is watched from the
    reinstall after every migrate)."""
    with connection.cursor() as cursor:
        present = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    return present if watched == ALL else [column for column in watched if column in present]


def install(connection, watched: dict = WATCHED, *, scoped: bool = True) -> None:
    """(Re)create the bump triggers of every watched table, for SQLite or PostgreSQL. A table a
    later migration creates is skipped here and covered by the reinstall after every migrate."""
    watched = existing(connection, watched)
    uninstall(connection, watched)
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(f"CREATE OR REPLACE FUNCTION datacache_bump() RETURNS trigger AS $$ "
                           f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql")
        for table, columns in watched.items():
            names = trigger_names(table)
            changed = " OR ".join(
                f"OLD.{quote(c)} IS DISTINCT FROM NEW.{quote(c)}" if postgres
                else f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in _columns(connection, table, columns))
            if scoped and table in SCOPED:
                _install_scoped(cursor, table, names, changed, postgres)
            elif postgres:
                # Statement-level for inserts and deletes: a bulk write of 1,000 rows bumps once.
                cursor.execute(f"CREATE TRIGGER {names[0]} AFTER INSERT ON {table} FOR EACH STATEMENT "
                               f"EXECUTE FUNCTION datacache_bump()")
                cursor.execute(f"CREATE TRIGGER {names[1]} AFTER DELETE ON {table} FOR EACH STATEMENT "
                               f"EXECUTE FUNCTION datacache_bump()")
                cursor.execute(f"CREATE TRIGGER {names[2]} AFTER UPDATE ON {table} FOR EACH ROW "
                               f"WHEN ({changed}) EXECUTE FUNCTION datacache_bump()")
                cursor.execute(f"CREATE TRIGGER {names[3]} AFTER TRUNCATE ON {table} FOR EACH STATEMENT "
                               f"EXECUTE FUNCTION datacache_bump()")
            else:
                cursor.execute(f"CREATE TRIGGER {names[0]} AFTER INSERT ON {table} BEGIN {BUMP}; END")
                cursor.execute(f"CREATE TRIGGER {names[1]} AFTER DELETE ON {table} BEGIN {BUMP}; END")
                cursor.execute(f"CREATE TRIGGER {names[2]} AFTER UPDATE ON {table} FOR EACH ROW "
                               f"WHEN {changed} BEGIN {BUMP}; END")


def _install_scoped(cursor, table: str, names: list[str], changed: str, postgres: bool) -> None:
    both = f"SELECT {row_key(table, 'OLD')} AS k UNION SELECT {row_key(table, 'NEW')}"
    if not postgres:
        cursor.execute(f"CREATE TRIGGER {names[0]} AFTER INSERT ON {table} FOR EACH ROW "
                       f"BEGIN {scoped_bump(table, 'SELECT ' + row_key(table, 'NEW') + ' AS k')}; END")
        cursor.execute(f"CREATE TRIGGER {names[1]} AFTER DELETE ON {table} FOR EACH ROW "
                       f"BEGIN {scoped_bump(table, 'SELECT ' + row_key(table, 'OLD') + ' AS k')}; END")
        cursor.execute(f"CREATE TRIGGER {names[2]} AFTER UPDATE ON {table} FOR EACH ROW "
                       f"WHEN {changed} BEGIN {scoped_bump(table, both)}; END")
        return
    # Inserts and deletes once per statement, over the rows it wrote (a transition table): a bulk
    # import raises each unit it touches once. A truncate raises the global version.
    for name, event, alias in [(names[0], "INSERT", "NEW"), (names[1], "DELETE", "OLD")]:
        keys = f"SELECT DISTINCT {row_key(table, 'changed')} AS k FROM changed"
        cursor.execute(f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger AS $$ "
                       f"BEGIN {scoped_bump(table, keys)}; RETURN NULL; END $$ LANGUAGE plpgsql")
        cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {alias} TABLE AS changed "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_fn()")
    cursor.execute(f"CREATE OR REPLACE FUNCTION {names[2]}_fn() RETURNS trigger AS $$ "
                   f"BEGIN {scoped_bump(table, both)}; RETURN NULL; END $$ LANGUAGE plpgsql")
    cursor.execute(f"CREATE TRIGGER {names[2]} AFTER UPDATE ON {table} FOR EACH ROW "
                   f"WHEN ({changed}) EXECUTE FUNCTION {names[2]}_fn()")
    cursor.execute(f"CREATE TRIGGER {names[3]} AFTER TRUNCATE ON {table} FOR EACH STATEMENT "
                   f"EXECUTE FUNCTION datacache_bump()")


def existing(connection, watched: dict) -> dict:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return {table: columns for table, columns in watched.items() if table in tables}


def uninstall(connection, watched: dict = WATCHED) -> None:
    watched = existing(connection, watched)
    with connection.cursor() as cursor:
        for table in watched:
            for name in trigger_names(table):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
