from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_once_all_permissions_exist(sender, **kwargs) -> None:
    from .roles import sync_roles

    # post_migrate is sent per app with models; the permissions of all of them exist after the last.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        sync_roles()


class OperationsConfig(AppConfig):
    """Running the installation: demo and scale data, benchmarks, backups, the roles' permissions."""

    name = "operations"
    verbose_name = "运行维护"

    def ready(self) -> None:
        # After migrate, and after a test run flushes the tables, the groups get their permissions back.
        post_migrate.connect(_sync_roles_once_all_permissions_exist, dispatch_uid="operations.sync_roles")
