"""{{ outlet|level_for:office_id }}: 内部刊物 for the office that owns the outlet, its level for any other."""

from django import template

register = template.Library()


@register.filter
def level_for(outlet, office_id) -> str:
    return "内部刊物" if outlet.is_internal_for(office_id) else outlet.get_level_display()
