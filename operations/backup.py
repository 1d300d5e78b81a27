"""One-file backups: every table's rows (Django's JSON serialisation) and every uploaded file.

Portable between SQLite and PostgreSQL and readable for years. For large PostgreSQL installations the
README also gives the pg_dump variant, which is faster to restore.
"""

import datetime
import json
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from datacache.cache import new_epoch

FORMAT = 1
# Rebuilt by migrate (content types, permissions) or worthless in a restored copy (sessions, lock-outs,
# the cache's data version: a restored database starts a new cache epoch).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "datacache"]
# Rows that a freshly migrated installation already has; any other row means it is not empty.
EMPTY_CHECK = ["auth.User", "correspondents.Unit", "outlets.Outlet", "contributions.Contribution"]


class BackupError(Exception):
    pass


def write_backup(target: Path) -> dict:
    """Write the backup zip to `target` and return its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data.json"
        # Primary keys are kept as they are (a restored copy is the same database); links to content
        # types and permissions, which migrate rebuilds with its own ids, go by natural key.
        call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True,
                     format="exactjson", output=str(data), verbosity=0)
        files = sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "rows": {model._meta.label: model._default_manager.count() for model in _backed_up_models()},
            "media_files": len(files),
        }
        partial = target.with_name(target.name + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.write(data, "data.json")
            for path in files:
                archive.write(path, "media/" + path.relative_to(media_root).as_posix())
        partial.replace(target)  # never leave a half-written file under the final name
    return manifest


def _backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        if model._meta.app_label in excluded_apps or model._meta.label_lower in excluded_models:
            continue
        yield model


def installation_is_empty() -> bool:
    return not any(apps.get_model(label).objects.exists() for label in EMPTY_CHECK)


def restore_backup(source: Path) -> dict:
    """Rebuild an empty, migrated installation from a backup zip. All rows or none."""
    if not zipfile.is_zipfile(source):
        raise BackupError(f"{source} 不是本系统的备份文件（应为 .zip）。")
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        if "manifest.json" not in names or "data.json" not in names:
            raise BackupError(f"{source} 缺少 manifest.json 或 data.json，不是本系统的备份文件。")
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本版本为 {FORMAT}）。")
        media = [name for name in names if name.startswith("media/") and not name.endswith("/")]
        for name in media:
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts:
                raise BackupError(f"备份中的文件名“{name}”不安全，拒绝恢复。")
        if not installation_is_empty():
            raise BackupError("恢复只能在空的安装上进行：当前数据库里已有用户、单位、媒体或稿件。")
        with tempfile.TemporaryDirectory() as scratch:
            data = Path(scratch) / "data.json"
            with archive.open("data.json") as packed, open(data, "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked)
            with transaction.atomic():
                # The roles migration made the groups afresh; the backup's own rows replace them.
                Group.objects.all().delete()
                call_command("loaddata", str(data), format="exactjson", verbosity=0)
                new_epoch()  # no server may serve numbers cached from the database this one replaced
        media_root = Path(settings.MEDIA_ROOT)
        for name in media:
            target = media_root / PurePosixPath(name).relative_to("media")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as packed, open(target, "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked)
    return manifest
