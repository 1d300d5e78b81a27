from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class DatacacheConfig(AppConfig):
    """Computed numbers cached under a data version that the database itself bumps on every write
    that can change them (triggers), so a cached tally is never stale."""

    name = "datacache"
    verbose_name = "统计缓存"

    def ready(self) -> None:
        pre_migrate.connect(globalize_triggers, sender=self)
        post_migrate.connect(reinstall_triggers, sender=self)


def globalize_triggers(using: str = "default", **kwargs) -> None:
    """Before every migrate: the scoped triggers read other tables (a placement's piece, an answer's
    assignment), and SQLite refuses to rename a rebuilt table while a trigger elsewhere names it; the
    global triggers name only the version table. post_migrate puts the scoped ones back."""
    from django.db import connections

    from . import watched
    from .models import DataVersion

    connection = connections[using]
    if DataVersion._meta.db_table in connection.introspection.table_names():
        watched.install(connection, scoped=False)


def reinstall_triggers(using: str = "default", **kwargs) -> None:
    """After every migrate: SQLite rebuilds a table to add or change a column, and the rebuilt table
    has no triggers; a data migration may have changed numbers. Reinstall them all and bump."""
    from django.db import connections
    from django.db.models import F

    from . import watched
    from .models import DataVersion, OfficeVersion, UnitVersion

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    needed = {DataVersion._meta.db_table, UnitVersion._meta.db_table, OfficeVersion._meta.db_table}
    if not set(watched.WATCHED) <= tables or not needed <= tables:
        return  # migrated only part of the way (e.g. `migrate app 0001`): the triggers' migration will run
    watched.install(connection)
    DataVersion.objects.using(using).filter(pk=1).update(version=F("version") + 1)
