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
    internal = models.BooleanField("机关刊物", default=False, help_text="本会自办的刊物或简报。")
    active = models.BooleanField("启用", default=True)

    objects = OutletQuerySet.as_manager()

    class Meta:
        verbose_name = "媒体"
        verbose_name_plural = "媒体"
        ordering = ["name"]
        indexes = [models.Index(fields=["level"], name="outlet_level_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = single_line(self.name)


class Column(models.Model):
    outlet = models.ForeignKey(
        Outlet, verbose_name="媒体", on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField("栏目名称", max_length=100)

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
