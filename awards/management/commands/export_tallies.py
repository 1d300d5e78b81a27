from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.workbook import default_filename, write_year_workbook
from awards.years import resolve_year


class Command(BaseCommand):
    help = "导出年度统计工作簿（单位汇总、个人汇总、获奖名单、用稿明细）。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="评选年度，如 2025")
        parser.add_argument("-o", "--output", help="输出文件，默认为“人大宣传年度统计-年度.xlsx”")

    def handle(self, *args, year: int, output: str | None, **options):
        if not 1900 <= year <= 2999:
            raise CommandError(f"年度“{year}”不合理。")
        path = Path(output or default_filename(year))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件应以 .xlsx 结尾。")
        try:
            write_year_workbook(resolve_year(year), str(path))
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror}") from error
        self.stdout.write(self.style.SUCCESS(f"已导出 {year} 年度统计：{path}"))
