from .models import Column, Level, Outlet


def outlet_choices() -> list:
    """Active outlets grouped by level, national first: the order the office thinks in."""
    grouped = {level: [] for level in Level.values}
    for pk, name, level in Outlet.objects.filter(active=True).order_by("name").values_list("pk", "name", "level"):
        grouped[level].append((pk, name))
    return [("", "— 选择媒体 —")] + [(Level(level).label, options) for level, options in grouped.items() if options]


def column_choices() -> list:
    """Every column, grouped by its outlet."""
    grouped: dict[str, list] = {}
    for pk, name, outlet in Column.objects.order_by("outlet__name", "name").values_list("pk", "name", "outlet__name"):
        grouped.setdefault(outlet, []).append((pk, name))
    return [("", "（无栏目）")] + list(grouped.items())
