from .models import Column, Level, Outlet


def outlet_choices() -> list:
    """Active outlets grouped by level, national first: the order the office thinks in."""
    grouped = {level: [] for level in Level.values}
    for pk, name, level in Outlet.objects.filter(active=True).order_by("name").values_list("pk", "name", "level"):
        grouped[level].append((pk, name))
    return [("", "— 选择媒体 —")] + [(Level(level).label, options) for level, options in grouped.items() if options]


def column_choices() -> tuple[list, dict[int, int]]:
    """Every column, grouped by its outlet and named with it ("《三峡日报》 · 代表风采": three outlets
    may each have a 代表风采), and which outlet each column belongs to (for filtering by outlet)."""
    grouped: dict[str, list] = {}
    outlet_of: dict[int, int] = {}
    for pk, name, outlet_id, outlet in Column.objects.order_by("outlet__name", "name").values_list(
            "pk", "name", "outlet_id", "outlet__name"):
        grouped.setdefault(outlet, []).append((pk, f"{outlet} · {name}"))
        outlet_of[pk] = outlet_id
    return [("", "（无栏目）")] + list(grouped.items()), outlet_of
