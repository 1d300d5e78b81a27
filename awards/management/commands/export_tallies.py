from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from awards.workbook import default_filename, own_name, write_year_workbook
from awards.years import resolve_year
from correspondents.models import Office
from correspondents.network import scope_of


def office_named(name: str | None) -> int | None:
    """The office a name means (its own name or its head unit's, e.g. 枝江市人大常委会); without a name,
    the top office (the only one, in an installation with one)."""
    if not name:
        return None
    found = list(Office.objects.filter(Q(name=name.strip()) | Q(head_unit__name=name.strip())).values_list("pk", flat=True))
    if not found:
        names = "、".join(Office.objects.order_by("name").values_list("name", flat=True))
        raise CommandError(f"没有名为“{name}”的宣传工作机构（也没有以它为所属人大常委会的机构）。现有：{names}")
    return found[0]


class Command(BaseCommand):
    help = "导出年度统计工作簿（单位汇总、个人汇总、获奖名单、用稿明细）。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="评选年度，如 2025")
        parser.add_argument("-o", "--output", help="输出文件，默认为“人大宣传年度统计-年度.xlsx”")
        parser.add_argument("--office", help="宣传工作机构的名称或其所属人大常委会的名称，如“枝江市人大常委会”；"
                                             "默认为最高一级的机构")

    def handle(self, *args, year: int, output: str | None, office: str | None = None, **options):
        if not 1900 <= year <= 2999:
            raise CommandError(f"年度“{year}”不合理。")
        resolved = resolve_year(year, office=scope_of(office_named(office)).office_id)
        path = Path(output or default_filename(year, own_name(resolved)))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件应以 .xlsx 结尾。")
        try:
            write_year_workbook(resolved, str(path))
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror}") from error
        self.stdout.write(self.style.SUCCESS(f"已导出{resolved.scope.name} {year} 年度统计：{path}"))
