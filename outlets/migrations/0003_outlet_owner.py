"""机关刊物 becomes ownership: every outlet flagged internal is owned by the root office."""

import django.db.models.deletion
from django.db import migrations, models


def internal_to_owner(apps, schema_editor):
    Office = apps.get_model("correspondents", "Office")
    Outlet = apps.get_model("outlets", "Outlet")
    root = Office.objects.filter(head_unit__isnull=True).first()
    Outlet.objects.filter(internal=True).update(owner=root)


def owner_to_internal(apps, schema_editor):
    Outlet = apps.get_model("outlets", "Outlet")
    Outlet.objects.filter(owner__isnull=False).update(internal=True)


class Migration(migrations.Migration):
    dependencies = [
        ("correspondents", "0008_root_office"),
        ("outlets", "0002_outlet_aliases"),
    ]

    operations = [
        migrations.AddField(
            model_name="outlet",
            name="owner",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="outlets",
                to="correspondents.office", verbose_name="主办机构",
                help_text="本系统中某个宣传工作机构自办的刊物、信息、网站：对主办机构是“内部刊物”，对它下面的机构按其级别计。其他媒体留空。"),
        ),
        migrations.RunPython(internal_to_owner, owner_to_internal),
        migrations.RemoveField(model_name="outlet", name="internal"),
    ]
