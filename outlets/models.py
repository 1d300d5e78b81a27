from django.core.exceptions import ValidationError
from django.db import models

from sheets.text import single_line


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县级"


class OutletQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Outlet(models.Model):
    Level = Level

    class Medium(models.TextChoices):
        NEWSPAPER = "newspaper", "报纸"
        MAGAZINE = "magazine", "期刊"
        WEBSITE = "website", "网站"
        NEW_MEDIA = "new_media", "新媒体"
        TV = "tv", "电视"
        RADIO = "radio", "广播"

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    medium = models.CharField("类型", max_length=16, choices=Medium.choices)
    owner = models.ForeignKey(
        "correspondents.Office", verbose_name="主办机构", on_delete=models.PROTECT, null=True, blank=True,
        related_name="outlets",
        help_text="本系统中某个宣传工作机构自办的刊物、信息、网站：对主办机构是“内部刊物”，对它下面的机构按其级别计。"
                  "其他媒体留空。",
    )
    active = models.BooleanField("启用", default=True)
    aliases = models.TextField(
        "其他名称", blank=True,
        help_text="表格里常见的其他写法，每行一个（如“楚天主人”“楚天主人杂志”）；导入用稿记录时都认作本媒体。",
    )

    objects = OutletQuerySet.as_manager()

    class Meta:
        verbose_name = "媒体"
        verbose_name_plural = "媒体"
        ordering = ["name"]
        indexes = [models.Index(fields=["level"], name="outlet_level_idx")]

    def __str__(self) -> str:
        return self.name

    def is_internal_for(self, office_id: int | None) -> bool:
        """内部刊物 for the office that owns it; its level counts for every other office."""
        return self.owner_id is not None and self.owner_id == office_id

    def clean(self) -> None:
        self.name = single_line(self.name)
        names = list(dict.fromkeys(single_line(line) for line in self.aliases.splitlines() if line.strip()))
        self.aliases = "\n".join(name for name in names if name != self.name)
        taken = Outlet.objects.exclude(pk=self.pk).filter(name__in=self.alias_list).values_list("name", flat=True)
        if taken:
            raise ValidationError({"aliases": f"“{'、'.join(taken)}”是另一个媒体的名称，不能作为本媒体的其他名称。"})
        used_elsewhere = [
            alias for other, others in Outlet.objects.exclude(pk=self.pk).exclude(aliases="")
            .values_list("name", "aliases") for alias in others.splitlines() if alias in self.alias_list + [self.name]
        ]
        if used_elsewhere:
            raise ValidationError({"aliases": f"“{'、'.join(used_elsewhere)}”已是其他媒体的其他名称。"})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Cycle(models.TextChoices):
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    IRREGULAR = "irregular", "不定期"


class Column(models.Model):
    """A 栏目 of an outlet; a 专栏 (such as 《宜昌日报》“民主与法制”) may hold 栏目 of its own (人大论坛,
    代表风采…), and says how often it runs (its cycle, which the cooperation agreements count by)."""

    outlet = models.ForeignKey(
        Outlet, verbose_name="媒体", on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField("栏目名称", max_length=100)
    parent = models.ForeignKey("self", verbose_name="所属专栏", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", help_text="专栏下的栏目（如“民主与法制”专栏下的“人大论坛”）填所属专栏。")
    cycle = models.CharField("刊发周期", max_length=16, choices=Cycle.choices, default=Cycle.IRREGULAR)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["outlet__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "name"], name="column_unique_name_in_outlet"),
        ]

    def __str__(self) -> str:
        if Column.outlet.field.is_cached(self):
            return f"{self.outlet.name} · {self.name}"
        return self.name

    def clean(self) -> None:
        self.name = single_line(self.name)
        if self.parent_id and self.parent.outlet_id != self.outlet_id:
            raise ValidationError({"parent": "所属专栏须是同一媒体的栏目。"})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "专栏下的栏目不能再分栏目（只分两级）。"})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "栏目不能属于自己。"})
