"""What the database actually watches: read back from the triggers it holds, not from the spec."""

import re

from django.db import connection

from datacache.watched import VERSION_TABLE

# SQLite keeps the trigger as written (OLD."name" IS NOT ...); PostgreSQL prints it back as
# ((old.name)::text IS DISTINCT FROM ...).
COLUMN = re.compile(r'OLD\."?(\w+)"?\)?(?:::[\w ]+)?\s+IS', re.IGNORECASE)


def installed_watch() -> dict[str, dict[str, set[str] | bool]]:
    """{table: {"insert": bool, "delete": bool, "update": {columns}}} for every bump trigger present."""
    found: dict[str, dict] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                           "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'dv\\_%' AND NOT t.tgisinternal")
        else:
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dv\\_%' "
                           "ESCAPE '\\'")
        for table, sql in cursor.fetchall():
            if not any(mark in sql for mark in (VERSION_TABLE, "datacache_bump", "datacache_unitversion",
                                                  "datacache_officeversion", "_fn()")):
                continue
            entry = found.setdefault(table, {"insert": False, "delete": False, "update": set()})
            head = sql.upper()
            if "AFTER INSERT" in head:
                entry["insert"] = True
            elif "AFTER DELETE" in head:
                entry["delete"] = True
            elif "AFTER UPDATE" in head:
                entry["update"] |= set(COLUMN.findall(sql))
    return found
