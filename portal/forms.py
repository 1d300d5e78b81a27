import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.urls import reverse
from django.utils import timezone

from contributions.forms import MultipleFileField
from contributions.models import Genre, Prominence
from correspondents.models import Correspondent, Unit
from correspondents.network import office_tree
from correspondents.selectors import (
    AmbiguousName,
    UnknownName,
    correspondents_by_name,
    split_label,
    unit_choices,
)
from outlets.models import Outlet
from outlets.selectors import outlet_choices
from planning.forms import TopicStageField
from planning.selectors import open_topics, topic_stage_choices

NAME_SEPARATORS = re.compile(r"[、，,\s]+")
PEOPLE_SEPARATORS = re.compile(r"[、，,；;\n]+")


class DraftForm(forms.Form):
    """A correspondent's draft. The first author writes the byline (co-authors named after, shares,
    the credited unit); a co-author edits the text and sees the byline without changing it."""

    BYLINE_FIELDS = ("co_authors", "shares", "credited_unit")

    title = forms.CharField(label="标题", max_length=300, widget=forms.TextInput(attrs={"autofocus": True}))
    genre = forms.ChoiceField(label="体裁", choices=Genre.choices)
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="直接粘贴正文，空行分段；正文在附件中时可不填。")
    credited_unit = forms.ModelChoiceField(label="计分单位", queryset=Unit.objects.filter(active=True),
                                           help_text="默认为第一作者所在单位，须为某位作者所在的单位。")
    co_authors = forms.CharField(label="合作者", required=False,
                                 help_text="按署名顺序输入姓名，从提示中选择“姓名（单位）”，多位用“、”分隔；没有可不填。")
    shares = forms.CharField(label="积分份额", required=False,
                             help_text="可不填（平均分配，余数归第一作者）。如填写，按署名顺序写，如“0.6、0.4”，合计 1。")
    topic_stage = TopicStageField(label="选题", help_text="稿件写的是哪个宣传选题（及其阶段），可不填。")
    attachments = MultipleFileField(label="附件", required=False,
                                    help_text="可多选。支持 .docx .doc .wps .pdf .jpg .png，每个不超过 20 MB。")

    def __init__(self, *args, writer: Correspondent, byline_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.writer = writer  # the first author
        self.byline_editable = byline_editable
        self.named_the_writer = False  # the first author wrote their own name among the co-authors
        tree = office_tree()
        # A correspondent works within their home office's network: its units, its people, and the
        # topics of the offices that count their unit.
        self.network = tree.scope(tree.home_office(writer.unit_id)).network
        self.fields["credited_unit"].initial = writer.unit_id
        if self.network is not None:
            self.fields["credited_unit"].queryset = Unit.objects.filter(active=True, pk__in=sorted(self.network))
        self.fields["credited_unit"].choices = unit_choices(within=self.network)
        self.fields["topic_stage"].choices = topic_stage_choices(
            open_topics(offices=tree.offices_counting(writer.unit_id)))
        self.fields["co_authors"].widget.attrs.update(
            {"list": "people-suggestions", "autocomplete": "off", "data-people-suggest": reverse("portal:people-search")})
        if not byline_editable:
            for name in self.BYLINE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "署名、份额和计分单位由第一作者填写。"

    def clean(self):
        cleaned = super().clean()
        if not self.byline_editable:
            cleaned["authors"] = cleaned["share_list"] = None
            return cleaned
        labels = [label.strip() for label in PEOPLE_SEPARATORS.split(cleaned.get("co_authors") or "") if label.strip()]
        labels = list(dict.fromkeys(labels))
        people = correspondents_by_name((split_label(label)[0] for label in labels), active_only=True,
                                        within=self.network)
        picked = []
        for label in labels:
            try:
                person = people.pick_labelled(label)
            except AmbiguousName as error:
                self.add_error("co_authors", str(error))
            except UnknownName as error:
                self.add_error("co_authors", f"{error}请核对姓名，或请研究室先登记。")
            else:
                if person.id == self.writer.pk:
                    self.named_the_writer = True
                else:
                    picked.append(person.id)
        by_id = Correspondent.objects.select_related("unit").in_bulk(picked)
        authors = [self.writer] + [by_id[pk] for pk in dict.fromkeys(picked) if pk != self.writer.pk]
        cleaned["authors"] = authors
        raw_shares = [part for part in NAME_SEPARATORS.split(cleaned.get("shares") or "") if part]
        if raw_shares:
            try:
                shares = [Decimal(part).quantize(Decimal("0.01")) for part in raw_shares]
            except InvalidOperation:
                self.add_error("shares", "份额应写成小数，如“0.6、0.4”。")
                shares = None
            if shares is not None and len(shares) != len(authors):
                self.add_error("shares", f"共 {len(authors)} 位作者，却写了 {len(shares)} 个份额。")
                shares = None
            cleaned["share_list"] = shares
        else:
            cleaned["share_list"] = None
        return cleaned


class ClaimForm(forms.Form):
    outlet = forms.TypedChoiceField(label="媒体", coerce=int)
    published_on = forms.DateField(label="刊发日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    page = forms.CharField(label="版面", max_length=50, required=False, help_text="如“第3版”，网站可不填。")
    prominence = forms.ChoiceField(label="位置", choices=Prominence.choices, initial=Prominence.REGULAR, required=False,
                                   help_text="头版头条、头版等位置积分更高，研究室核实时会对照佐证材料。")
    url = forms.URLField(label="链接", required=False, max_length=500)
    evidence = forms.FileField(label="佐证材料", required=False, help_text="报纸版面的照片或网页截图（.jpg .png .pdf）。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].choices = outlet_choices()
        self.fields["published_on"].initial = timezone.localdate()

    def clean_outlet(self):
        outlet = Outlet.objects.filter(pk=self.cleaned_data["outlet"]).first()
        if outlet is None:
            raise forms.ValidationError("请选择媒体。")
        return outlet
