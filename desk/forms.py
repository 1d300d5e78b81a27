"""The desk's forms: they validate and normalise input; the services decide."""

import re

from django import forms
from django.utils import timezone

from awards.models import Award, QualityGrade
from contributions.models import Genre, Placement, State
from contributions.states import ACCEPTED_OR_PLACED
from correspondents.models import Unit
from correspondents.selectors import correspondents_by_name, unit_choices
from journal.models import JournalIssue
from outlets.models import Outlet
from outlets.selectors import column_choices, outlet_choices

NAME_SEPARATORS = re.compile(r"[、，,]")


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=State.choices)
    seen_state = forms.ChoiceField(choices=State.choices)
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


PUBLISH_QUESTION = "此稿件尚未录用，登记用稿将直接设为已刊发，确定吗？"
# A date typed as text: Tab always moves to the next field (a date picker's Tab walks its year,
# month and day first, and a "3" meant for the next field landed in the wrong one).
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]


class ColumnSelect(forms.Select):
    """The column dropdown: each option says its outlet (data-outlet), so the page can offer only the
    chosen outlet's columns."""

    def __init__(self, *args, outlet_of: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.outlet_of = outlet_of or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        outlet = self.outlet_of.get(int(value)) if str(value).isdigit() else None
        if outlet is not None:
            option["attrs"]["data-outlet"] = str(outlet)
        return option


class PlacementLogForm(forms.ModelForm):
    """A placement logged on the desk; the contribution is chosen before this form.

    A piece that has not been accepted is published by its first placement: that is asked first
    (the browser asks in a dialog and fills the hidden field; without JavaScript the form asks)."""

    confirm_publish = forms.BooleanField(label="确认直接设为已刊发", required=False, widget=forms.HiddenInput)

    class Meta:
        model = Placement
        fields = ["outlet", "column", "published_on", "edition", "page", "prominence", "instruction", "url", "clipping"]
        widgets = {
            "published_on": forms.DateInput(format="%Y-%m-%d", attrs={
                "placeholder": "如 2026-03-05", "inputmode": "numeric", "autocomplete": "off"}),
            "edition": forms.TextInput(attrs={"placeholder": "如 第12345期"}),
            "page": forms.TextInput(attrs={"placeholder": "如 第3版"}),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, contribution=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        if not self.asks_to_publish:
            del self.fields["confirm_publish"]
        self.fields["outlet"].choices = outlet_choices()
        self.fields["outlet"].widget.attrs["autofocus"] = True
        choices, outlet_of = column_choices()
        self.fields["column"].widget = ColumnSelect(outlet_of=outlet_of, attrs={"data-columns-of": self["outlet"].auto_id})
        self.fields["column"].choices = choices
        self.fields["column"].help_text = "只列出所选媒体的栏目。"
        self.fields["published_on"].input_formats = DATE_FORMATS
        self.fields["published_on"].help_text = "年-月-日，默认今天。"
        self.fields["published_on"].initial = timezone.localdate()

    @property
    def asks_to_publish(self) -> bool:
        """A new placement that will move the piece to 已刊发 without its having been accepted."""
        return (self.contribution is not None and self.instance.pk is None
                and self.contribution.state not in ACCEPTED_OR_PLACED)

    def clean(self):
        cleaned = super().clean()
        if self.asks_to_publish and not cleaned.get("confirm_publish"):
            self.fields["confirm_publish"].widget = forms.CheckboxInput()
            self.add_error("confirm_publish", PUBLISH_QUESTION + "请勾选确认后再保存。")
        return cleaned

    def _post_clean(self):
        # Model validation needs the contribution for the unique (contribution, outlet, date) check.
        if self.contribution is not None:
            self.instance.contribution = self.contribution
        super()._post_clean()


class FoundInPrintForm(forms.Form):
    """A piece nobody submitted, seen in print: the contribution's own fields."""

    title = forms.CharField(label="标题", max_length=300)
    unit = forms.ModelChoiceField(label="计分单位", queryset=Unit.objects.filter(active=True))
    authors = forms.CharField(label="作者", help_text="多位作者用“、”分隔，第一位为第一作者。")
    genre = forms.ChoiceField(label="体裁", choices=Genre.choices)

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        network = office.network if office is not None else None
        self.fields["unit"].choices = unit_choices(within=network)
        if network is not None:
            self.fields["unit"].queryset = Unit.objects.filter(active=True, pk__in=network)

    def clean(self):
        from correspondents.models import Correspondent

        cleaned = super().clean()
        unit = cleaned.get("unit")
        names = [name.strip() for name in NAME_SEPARATORS.split(cleaned.get("authors") or "") if name.strip()]
        if unit is None or not names:
            return cleaned
        people = correspondents_by_name(names)
        picked = []
        for name in names:
            try:
                picked.append(people.pick(name, unit_id=unit.pk).id)
            except ValueError as error:
                self.add_error("authors", str(error))
        by_id = Correspondent.objects.select_related("unit").in_bulk(picked)
        cleaned["author_list"] = [by_id[pk] for pk in picked]
        return cleaned


class PlacementImportForm(forms.Form):
    file = forms.FileField(label="用稿记录表格（.xlsx 或 .csv）")


class AwardPickForm(forms.Form):
    """One winner picked from ranked candidates; which candidate list applies depends on the category."""

    category = forms.ChoiceField(label="奖项", choices=Award.Category.choices)
    candidate = forms.IntegerField(label="获奖对象")
    grade = forms.ChoiceField(label="等次", choices=[("", "—")] + Award.Grade.choices, required=False)
    citation = forms.CharField(label="说明", required=False, max_length=500)


class NominationForm(forms.Form):
    category = forms.ChoiceField(choices=[(Award.Category.GOOD_NEWS, "好新闻奖"), (Award.Category.EXCELLENT_PAPER, "优秀论文")])
    contribution = forms.IntegerField()
    quality = forms.ChoiceField(label="质量等级", choices=[("", "—")] + QualityGrade.choices, required=False)
    score = forms.DecimalField(label="评分", max_digits=5, decimal_places=1, min_value=0, max_value=100, required=False)
    note = forms.CharField(label="推荐理由", max_length=300, required=False)


class IssueForm(forms.ModelForm):
    class Meta:
        model = JournalIssue
        fields = ["outlet", "number", "issue_date", "theme"]
        widgets = {"issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, office: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        owned = Outlet.objects.filter(active=True)
        self.fields["outlet"].queryset = (owned.filter(owner__isnull=False) if office is None
                                          else owned.filter(owner_id=office))
