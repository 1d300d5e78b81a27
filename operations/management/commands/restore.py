from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份文件恢复到一个空的安装（先建库迁移，再载入全部数据和文件）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup 命令写出的 .zip 文件")

    def handle(self, *args, file: str, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"找不到备份文件：{source}")
        call_command("migrate", verbosity=0, interactive=False)
        try:
            manifest = restore_backup(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"已恢复 {rows} 行数据、{manifest['media_files']} 个文件（备份于 {manifest['created']}）。"))
