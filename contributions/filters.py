import datetime

import django_filters

from correspondents.models import Team, Unit
from outlets.models import Level, Outlet

from .models import Genre, Placement, Prominence, State


class PlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="contribution__title", lookup_expr="icontains", label="标题含")
    year = django_filters.NumberFilter(method="filter_year", label="年度")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte", label="起始日期")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte", label="截止日期")
    level = django_filters.ChoiceFilter(method="filter_level", choices=[*Level.choices, ("internal", "内部刊物")],
                                        label="级别", empty_label="全部级别")
    medium = django_filters.ChoiceFilter(field_name="outlet__medium", choices=Outlet.Medium.choices, label="媒体类型",
                                         empty_label="全部类型")
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all(), label="媒体", empty_label="全部媒体")
    unit = django_filters.ModelChoiceFilter(field_name="contribution__credited_unit", queryset=Unit.objects.all(),
                                            label="单位", empty_label="全部单位")
    team = django_filters.ModelChoiceFilter(method="filter_team", queryset=Team.objects.all(), label="小组",
                                            empty_label="全部小组")
    # By name: a select of every correspondent would be thousands of options on every page view.
    correspondent = django_filters.CharFilter(method="filter_correspondent", label="通讯员")
    genre = django_filters.ChoiceFilter(field_name="contribution__genre", choices=Genre.choices, label="体裁",
                                        empty_label="全部体裁")
    prominence = django_filters.ChoiceFilter(choices=Prominence.choices, label="位置", empty_label="全部位置")
    state = django_filters.ChoiceFilter(field_name="contribution__state", choices=State.choices, label="稿件状态",
                                        empty_label="全部状态")

    class Meta:
        model = Placement
        fields = []

    def filter_year(self, queryset, name, value):
        year = int(value)
        if not 1900 <= year <= 2999:
            return queryset.none()
        return queryset.filter(published_on__gte=datetime.date(year, 1, 1), published_on__lte=datetime.date(year, 12, 31))

    def filter_level(self, queryset, name, value):
        """A level counts external outlets only; 内部刊物 are the committee's own, whatever their level."""
        if value == "internal":
            return queryset.filter(outlet__internal=True)
        return queryset.filter(outlet__level=value, outlet__internal=False)

    def filter_team(self, queryset, name, team):
        return queryset.filter(contribution__authorships__correspondent__team=team).distinct()

    def filter_correspondent(self, queryset, name, value):
        return queryset.filter(contribution__authorships__correspondent__name=value.strip()).distinct()


SORTS = {
    "date": ("-published_on", "-id"),
    "-date": ("published_on", "id"),
    "title": ("contribution__title", "id"),
    "outlet": ("outlet__name", "-published_on"),
}
