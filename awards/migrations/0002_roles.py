"""The three roles as groups with their permissions, so that every new database has them."""

from django.db import migrations

OUR_APPS = ("correspondents", "outlets", "contributions", "awards")

CORRESPONDENT_PERMISSIONS = [
    "contributions.view_contribution",
    "contributions.add_contribution",
    "contributions.change_contribution",
    "contributions.view_attachment",
    "contributions.add_attachment",
    "contributions.view_placement",
    "contributions.view_placementclaim",
    "contributions.add_placementclaim",
]

EDITOR_PERMISSIONS = [
    *(f"{app}.view_{model}" for app, model in [
        ("correspondents", "unit"), ("correspondents", "team"), ("correspondents", "correspondent"),
        ("outlets", "outlet"), ("outlets", "column"),
        ("contributions", "transition"),
        ("awards", "appraisalyear"), ("awards", "scoringrules"),
    ]),
    *(f"contributions.{action}_{model}"
      for model in ("contribution", "authorship", "attachment", "placement", "placementclaim")
      for action in ("view", "add", "change", "delete")),
    *(f"awards.{action}_award" for action in ("view", "add", "change", "delete")),
]

ADMINISTRATOR_EXTRA = [
    "auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group",
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(names):
        found = []
        for name in names:
            app_label, codename = name.split(".")
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    every_permission_of_ours = Permission.objects.filter(content_type__app_label__in=OUR_APPS)
    roles = {
        "通讯员": permissions(CORRESPONDENT_PERMISSIONS),
        "编辑": permissions(EDITOR_PERMISSIONS),
        "管理员": [*every_permission_of_ours, *permissions(ADMINISTRATOR_EXTRA)],
    }
    for name, granted in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(granted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["通讯员", "编辑", "管理员"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("correspondents", "0001_initial"),
        ("outlets", "0001_initial"),
        ("contributions", "0001_initial"),
        ("awards", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
