import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from contributions.models import Contribution
from contributions.services import attachment_add
from operations.backup import _backed_up_models

# Transactional: restore runs migrate and loaddata as in real life. Every flush gives the roles back
# (operations.roles.sync_roles after post_migrate), so no test depends on another's leftovers.
pytestmark = pytest.mark.django_db(transaction=True)


def everything(media_root) -> dict:
    tables = {}
    for model in _backed_up_models():
        if model is Group:
            tables["auth.Group"] = sorted(
                (g.name, tuple(sorted(g.permissions.values_list("codename", flat=True)))) for g in Group.objects.all()
            )
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    files = {path.relative_to(media_root).as_posix(): path.read_bytes()
             for path in media_root.rglob("*") if path.is_file()} if media_root.exists() else {}
    return {"tables": tables, "files": files}


def test_backup_and_restore_round_trip_the_demo_data_and_files(settings, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    piece = Contribution.objects.order_by("pk").first()
    attachment_add(contribution=piece, upload=SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 demo"), actor=None)
    before = everything(settings.MEDIA_ROOT)
    assert before["files"] and len(before["tables"]["contributions.Placement"]) > 100
    assert before["tables"]["contributions.HistoricalPlacement"]

    backup = tmp_path / "备份.zip"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())

    # A new, empty installation: empty database, no uploaded files.
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    call_command("restore", str(backup), stdout=io.StringIO())

    after = everything(settings.MEDIA_ROOT)
    assert after["files"] == before["files"]
    assert after["tables"].keys() == before["tables"].keys()
    for label in before["tables"]:
        assert after["tables"][label] == before["tables"][label], label


def test_restore_refuses_a_non_empty_installation_and_changes_nothing(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    backup = tmp_path / "b.zip"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    count = Contribution.objects.count()
    with pytest.raises(CommandError, match="空的安装"):
        call_command("restore", str(backup), stdout=io.StringIO())
    assert Contribution.objects.count() == count


def test_restore_refuses_files_that_are_not_backups_or_escape_the_media_folder(tmp_path):
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="不是本系统的备份文件"):
        call_command("restore", str(not_zip), stdout=io.StringIO())
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("manifest.json", '{"format": 1}')
        archive.writestr("data.json", "[]")
        archive.writestr("media/../../etc/passwd", "x")
    with pytest.raises(CommandError, match="不安全"):
        call_command("restore", str(evil), stdout=io.StringIO())
