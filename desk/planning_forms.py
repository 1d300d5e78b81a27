"""The desk's forms for the plan: topics, assignments (one or many assignees), notices, tags."""

from django import forms

from contributions.forms import MultipleFileField
from contributions.models import Genre
from correspondents.models import Correspondent, Team, Unit
from correspondents.network import staff_of
from correspondents.selectors import (
    AmbiguousName,
    UnknownName,
    correspondents_by_name,
    split_label,
    unit_choices,
    unit_groups,
)
from planning.forms import TopicStageField
from planning.models import Notice, Topic
from planning.selectors import open_topics, topic_stage_choices

PEOPLE_SEPARATORS = "、，,;；\n"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def office_accounts(office: int):
    return staff_of(office).order_by("username")


class TopicForm(forms.ModelForm):
    stages = forms.CharField(label="阶段", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="一行一个，按先后顺序；新选题留空则按类别使用默认阶段（如监督：议题征集、调查研究、会议审议、意见反馈、督办落实）。")

    class Meta:
        model = Topic
        fields = ["title", "kind", "description", "starts_on", "ends_on", "owner", "status"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, office: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = office_accounts(office)
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        if self.instance.pk:
            self.fields["stages"].initial = "\n".join(stage.name for stage in self.instance.stages.all())

    def stage_list(self) -> list[str] | None:
        text = self.cleaned_data.get("stages", "")
        if not text.strip():
            return None if self.instance.pk is None else []
        return [line.strip() for line in text.splitlines() if line.strip()]


class UnitPicking:
    """Forms with a `units` field of the office's network, rendered grouped by county
    (desk/_unit_checkboxes.html); `office` is the desk's scope."""

    def pick_units_of(self, office) -> None:
        self.office = office
        self.fields["units"].choices = unit_choices(None, within=office.network if office else None)

    @property
    def unit_groups(self):
        return unit_groups(within=self.office.network if self.office else None)

    @property
    def picked_units(self) -> set[int]:
        values = self["units"].value() or []
        return {int(value) for value in values if str(value).isdigit()}


class AssignmentForm(UnitPicking, forms.Form):
    topic_stage = TopicStageField(label="选题 / 阶段")
    genre = forms.ChoiceField(label="体裁", required=False, choices=[("", "不限")] + Genre.choices)
    brief = forms.CharField(label="约稿要求", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="写什么、从什么角度、多少字、希望上什么级别或哪家媒体。")
    due_on = forms.DateField(label="交稿期限", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=300)
    units = forms.TypedMultipleChoiceField(label="约稿单位", required=False, coerce=int,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
    teams = forms.ModelMultipleChoiceField(label="约稿小组", required=False, queryset=Team.objects.order_by("name"),
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
    people = forms.CharField(label="约稿通讯员", required=False,
                             help_text="“姓名（单位）”，多位用“、”分隔；同名的须写单位。")

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic_stage"].choices = topic_stage_choices(open_topics(office.office_id if office else None))
        self.pick_units_of(office)

    def clean_people(self):
        labels = [label.strip() for label in _split(self.cleaned_data["people"]) if label.strip()]
        found = correspondents_by_name(split_label(label)[0] for label in labels)
        picked = []
        for label in labels:
            try:
                picked.append(found.pick_labelled(label).id)
            except (AmbiguousName, UnknownName) as error:
                raise forms.ValidationError(str(error)) from None
        return list(Correspondent.objects.filter(pk__in=picked))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("units") or cleaned.get("teams") or cleaned.get("people")) and not self.errors:
            raise forms.ValidationError("请至少选择一个约稿对象（单位、小组或通讯员）。")
        cleaned["unit_list"] = list(Unit.objects.filter(pk__in=cleaned.get("units") or []))
        return cleaned


def _split(text: str) -> list[str]:
    for separator in PEOPLE_SEPARATORS[1:]:
        text = text.replace(separator, PEOPLE_SEPARATORS[0])
    return text.split(PEOPLE_SEPARATORS[0])


class AssignmentEditForm(forms.Form):
    topic_stage = TopicStageField(label="选题 / 阶段")
    genre = forms.ChoiceField(label="体裁", required=False, choices=[("", "不限")] + Genre.choices)
    brief = forms.CharField(label="约稿要求", widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="交稿期限", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args, current_topic: int | None = None, office: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = open_topics(office)
        if current_topic:
            topics = topics | Topic.objects.filter(pk=current_topic)
        self.fields["topic_stage"].choices = topic_stage_choices(topics)


class NoticeForm(UnitPicking, forms.ModelForm):
    units = forms.TypedMultipleChoiceField(label="发给这些单位", required=False, coerce=int,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
    email = forms.BooleanField(label="同时发送邮件", required=False,
                               help_text="发给通知对象中登记了邮箱的通讯员。")
    attachments = MultipleFileField(label="附件", required=False, help_text="可多选，.docx .doc .wps .pdf .jpg .png。")

    class Meta:
        model = Notice
        fields = ["title", "body", "topic", "to_everyone", "teams"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8}),
                   "teams": forms.CheckboxSelectMultiple(attrs={"class": "choices"})}

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pick_units_of(office)
        self.fields["topic"].queryset = open_topics(office.office_id if office else None)
        self.fields["to_everyone"].required = False
        self.fields["to_everyone"].help_text = "本机构所属各单位的全体通讯员。"


class TagForm(forms.Form):
    topic_stage = TopicStageField(label="选题 / 阶段", required=True)

    def __init__(self, *args, office: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic_stage"].choices = topic_stage_choices(open_topics(office))[1:]


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="宣传计划表格（.xlsx 或 .csv）")
