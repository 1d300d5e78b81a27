import secrets

from django.db import models


def new_epoch() -> str:
    return secrets.token_hex(8)


class DataVersion(models.Model):
    """One row. `version` is raised by database triggers on every write that feeds a number
    (see datacache/watched.py); `epoch` is new whenever the row is (re)created, so a database that
    was flushed or restored never meets the cache entries of the one it replaced."""

    version = models.BigIntegerField("数据版本", default=0)
    epoch = models.CharField("缓存纪元", max_length=32, default=new_epoch)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self) -> str:
        return f"{self.epoch}:{self.version}"


class UnitVersion(models.Model):
    """A unit's data version: raised by triggers on every write to its pieces, bylines, transitions and
    placements. An office's numbers are cached under the sum over its network (with its own rows'
    version below and the global one), so a write in one county leaves the other offices' caches warm."""

    unit_id = models.BigIntegerField("单位", primary_key=True)
    version = models.BigIntegerField("数据版本", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "单位数据版本"


class OfficeVersion(models.Model):
    """An office's own rows' version: its appraisal years, rules, awards, nominations, plan, journal."""

    office_id = models.BigIntegerField("宣传工作机构", primary_key=True)
    version = models.BigIntegerField("数据版本", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "机构数据版本"
