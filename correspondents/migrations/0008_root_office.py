"""Existing data becomes one office, the root, and every member of staff works at it."""

from django.db import migrations

ROOT_OFFICE_NAME = "人大常委会研究室（宣传处）"
STAFF_GROUPS = ["编辑", "管理员"]


def one_office(apps, schema_editor):
    Office = apps.get_model("correspondents", "Office")
    OfficeStaff = apps.get_model("correspondents", "OfficeStaff")
    User = apps.get_model("auth", "User")
    root = Office.objects.filter(head_unit__isnull=True).first() or Office.objects.create(name=ROOT_OFFICE_NAME)
    for user in User.objects.filter(groups__name__in=STAFF_GROUPS).distinct():
        OfficeStaff.objects.get_or_create(user=user, defaults={"office": root})


class Migration(migrations.Migration):
    dependencies = [("correspondents", "0007_offices"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(one_office, migrations.RunPython.noop)]
