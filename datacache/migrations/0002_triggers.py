"""The version row, the cache table (when the cache is the database) and the bump triggers.

A later migration that adds a watched table or column runs `watched.install` again."""

from django.core.management import call_command
from django.db import migrations

from datacache import watched


def install(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)
    apps.get_model("datacache", "DataVersion").objects.using(schema_editor.connection.alias).get_or_create(pk=1)
    watched.install(schema_editor.connection, scoped=False)


def uninstall(apps, schema_editor):
    watched.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("datacache", "0001_data_version"),
        ("correspondents", "0002_unit_annual_target"),
        ("outlets", "0001_initial"),
        ("contributions", "0004_instruction_and_accepted_label"),
        ("awards", "0004_counting_rules_and_nominations"),
        ("journal", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
