from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import write_backup


class Command(BaseCommand):
    help = "备份：把数据库中的全部数据和上传的文件写入一个 .zip 文件。"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="输出文件，默认为 人大宣传备份-日期时间.zip")

    def handle(self, *args, output: str | None, **options):
        target = Path(output or f"人大宣传备份-{timezone.localtime():%Y%m%d-%H%M%S}.zip")
        try:
            manifest = write_backup(target)
        except OSError as error:
            raise CommandError(f"无法写入 {target}：{error.strerror}") from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份 {rows} 行数据、{manifest['media_files']} 个文件：{target}"))
