"""What each role may do in the admin, kept in step with the models after every migrate (and after
the test database is flushed), so a new model's permissions reach the groups without a data migration."""

from django.contrib.auth.models import Group, Permission

from correspondents import roles

OUR_APPS = ("correspondents", "messaging", "outlets", "contributions", "awards", "liaison", "training")

CORRESPONDENT_PERMISSIONS = [
    "contributions.view_contribution", "contributions.add_contribution", "contributions.change_contribution",
    "contributions.view_attachment", "contributions.add_attachment", "contributions.view_placement",
    "contributions.view_placementclaim", "contributions.add_placementclaim",
]
EDITOR_PERMISSIONS = [
    *(f"{app}.view_{model}" for app, model in [
        ("correspondents", "unit"), ("correspondents", "team"), ("correspondents", "correspondent"),
        ("outlets", "outlet"), ("outlets", "column"), ("contributions", "transition"),
        ("awards", "appraisalyear"), ("awards", "scoringrules"),
    ]),
    *(f"contributions.{action}_{model}"
      for model in ("contribution", "authorship", "attachment", "placement", "placementclaim")
      for action in ("view", "add", "change", "delete")),
    *(f"awards.{action}_{model}" for model in ("award", "newsawardentry") for action in ("view", "add", "change", "delete")),
    *(f"{app}.{action}_{model}" for app, model in (("liaison", "contact"), ("liaison", "agreement"),
                                                    ("liaison", "meeting"), ("training", "session"),
                                                    ("training", "material"), ("training", "participant"))
      for action in ("view", "add", "change", "delete")),
]
ADMINISTRATOR_EXTRA = ["auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"]


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".")) for name in names}
    found = [p for p in Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted})
             .select_related("content_type") if (p.content_type.app_label, p.codename) in wanted]
    return found


def sync_roles(**kwargs) -> None:
    """Create the three groups if they are missing and give each exactly its permissions."""
    grants = {
        roles.CORRESPONDENT: _permissions(CORRESPONDENT_PERMISSIONS),
        roles.EDITOR: _permissions(EDITOR_PERMISSIONS),
        roles.ADMINISTRATOR: [*Permission.objects.filter(content_type__app_label__in=OUR_APPS),
                              *_permissions(ADMINISTRATOR_EXTRA)],
    }
    for name, granted in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(granted)
