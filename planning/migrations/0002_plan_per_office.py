"""The plan belongs to the office that made it: today's topics, assignments and notices are the root's."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["topic", "assignment", "notice"]


def the_roots(apps, schema_editor):
    root = apps.get_model("correspondents", "Office").objects.filter(head_unit__isnull=True).first()
    for name in MODELS:
        apps.get_model("planning", name).objects.filter(office__isnull=True).update(office=root)


def field(null: bool):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="correspondents.office", verbose_name="宣传工作机构",
                             help_text="计划、约稿和通知属于制定它们的机构。")


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial"), ("correspondents", "0008_root_office")]

    operations = [
        *(migrations.AddField(model_name=name, name="office", field=field(True)) for name in MODELS),
        migrations.RunPython(the_roots, migrations.RunPython.noop),
        *(migrations.AlterField(model_name=name, name="office", field=field(False)) for name in MODELS),
    ]
