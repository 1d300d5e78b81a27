"""Every table and column whose change can change a cached number, and the triggers that bump the
data version when one does. Inserts and deletes bump whatever the columns; an update bumps only
when a watched column's value actually changes (a body-text edit does not)."""

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


def trigger_names(table: str) -> list[str]:
    return [f"dv_{table}_insert", f"dv_{table}_delete", f"dv_{table}_update", f"dv_{table}_truncate"]


def _columns(connection, table: str, watched) -> list[str]:
    """The watched columns the table has now (a column a later migration adds is watched from the
    reinstall after every migrate)."""
    with connection.cursor() as cursor:
        present = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    return present if watched == ALL else [column for column in watched if column in present]


def install(connection, watched: dict = WATCHED) -> None:
    """(Re)create the bump triggers of every watched table, for SQLite or PostgreSQL. A table a
    later migration creates is skipped here and covered by the reinstall after every migrate."""
    watched = existing(connection, watched)
    uninstall(connection, watched)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE OR REPLACE FUNCTION datacache_bump() RETURNS trigger AS $$ "
                           f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql")
        for table, columns in watched.items():
            names = trigger_names(table)
            changed = " OR ".join(
                f"OLD.{quote(c)} IS DISTINCT FROM NEW.{quote(c)}" if connection.vendor == "postgresql"
                else f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in _columns(connection, table, columns))
            if connection.vendor == "postgresql":
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
