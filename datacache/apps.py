from django.apps import AppConfig


class DatacacheConfig(AppConfig):
    """Computed numbers cached under a data version that the database itself bumps on every write
    that can change them (triggers), so a cached tally is never stale."""

    name = "datacache"
    verbose_name = "统计缓存"
