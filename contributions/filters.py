
import django_filters
from django import forms

from correspondents.models import Team, Unit
from correspondents.network import Scope, scope_of
from correspondents.selectors import unit_choices
from outlets.models import Level, Outlet

from .calendar import appraisal_calendar
from .models import Contribution, Genre, Placement, Prominence, State

DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitsInOrder:
    """The unit dropdown in administrative order (counties with their townships, offices, news), of
    the office's network; `office` (a correspondents.network.Scope) also decides the year's period
    and what 内部刊物 means (the outlets that office owns)."""

    def __init__(self, *args, office: Scope | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office or scope_of()
        network = self.office.network
        # The widget only: the field still validates against its queryset.
        self.form.fields["unit"].widget.choices = unit_choices("全部单位", active_only=False, within=network)
        if network is not None:
            self.filters["unit"].queryset = Unit.objects.filter(pk__in=network)
            self.form.fields["unit"].queryset = self.filters["unit"].queryset


class PlacementFilter(UnitsInOrder, django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="contribution__title", lookup_expr="icontains", label="标题含")
    year = django_filters.NumberFilter(method="filter_year", label="年度")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte", label="起始日期",
                                                widget=DATE_PICKER)
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte", label="截止日期",
                                                 widget=DATE_PICKER)
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
        """The appraisal year's period (a December–November year starts in the December before)."""
        year = int(value)
        if not 1900 <= year <= 2999:
            return queryset.none()
        return queryset.in_period(*appraisal_calendar(self.office.office_id).period(year))

    def filter_level(self, queryset, name, value):
        """A level counts external outlets only; 内部刊物 are the committee's own, whatever their level."""
        if value == "internal":
            return queryset.filter(outlet__owner_id=self.office.office_id)
        return queryset.filter(outlet__level=value).exclude(outlet__owner_id=self.office.office_id)

    def filter_team(self, queryset, name, team):
        return queryset.filter(contribution__authorships__correspondent__team=team).distinct()

    def filter_correspondent(self, queryset, name, value):
        return queryset.filter(contribution__authorships__correspondent__name=value.strip()).distinct()


class ContributionFilter(UnitsInOrder, django_filters.FilterSet):
    """Every piece, whatever its state: by title, author, unit and the day it was written."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="标题含")
    author = django_filters.CharFilter(method="filter_author", label="作者")
    unit = django_filters.ModelChoiceFilter(field_name="credited_unit", queryset=Unit.objects.all(), label="单位",
                                            empty_label="全部单位")
    state = django_filters.ChoiceFilter(choices=State.choices, label="状态", empty_label="全部状态")
    genre = django_filters.ChoiceFilter(choices=Genre.choices, label="体裁", empty_label="全部体裁")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label="起始日期",
                                              widget=DATE_PICKER)
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label="截止日期",
                                               widget=DATE_PICKER)

    class Meta:
        model = Contribution
        fields = []

    def filter_author(self, queryset, name, value):
        return queryset.filter(authorships__correspondent__name__contains=value.strip()).distinct()


SORTS = {
    "date": ("-published_on", "-id"),
    "-date": ("published_on", "id"),
    "title": ("contribution__title", "id"),
    "outlet": ("outlet__name", "-published_on"),
}
