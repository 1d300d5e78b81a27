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
