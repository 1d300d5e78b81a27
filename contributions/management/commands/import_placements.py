from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contributions.placement_sheets import SheetError, import_placements


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv 导入用稿记录（全部成功才保存）。表头：标题 | 作者 | 单位 | 体裁 | 媒体 | 刊发日期 | 栏目 | 版面 | 位置 | 链接"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的 .xlsx 或 .csv 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不保存")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            report = import_placements(name=path.name, data=path.read_bytes(), actor=None, dry_run=dry_run)
        except SheetError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"有 {len(report.errors)} 处错误，没有保存任何数据。请改正后重新导入。")
        if dry_run:
            self.stdout.write("试导入（--dry-run）：没有保存任何数据。")
        elif report.saved:
            self.stdout.write(self.style.SUCCESS("导入完成。"))
        else:
            self.stdout.write("没有需要新增的用稿记录。")
