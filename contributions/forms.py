import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Attachment, Authorship, Genre, Placement, State
from .services import check_placement_allowed, check_shares, split_shares
from .uploads import EVIDENCE_KINDS, MEGABYTE, check_upload


class AuthorshipForm(forms.ModelForm):
    class Meta:
        model = Authorship
        fields = ["correspondent", "position", "share"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].required = False
        self.fields["share"].help_text = "全部留空则平均分配，余数归第一作者。"


class AuthorshipFormSet(BaseInlineFormSet):
    """Shares either all given (summing to 1.00) or all left blank (split equally)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        forms_kept = [
            form for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("correspondent")
        ]
        if not forms_kept:
            raise ValidationError("至少需要一位作者。")
        forms_kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        positions = [form.cleaned_data.get("position") for form in forms_kept]
        if len(set(positions)) != len(positions):
            raise ValidationError("署名顺序不能重复。")
        shares = [form.cleaned_data.get("share") for form in forms_kept]
        if all(share is None for share in shares):
            shares = split_shares(len(forms_kept))
            for form, share in zip(forms_kept, shares):
                form.cleaned_data["share"] = share
                form.instance.share = share
        elif any(share is None for share in shares):
            raise ValidationError("请填写所有作者的积分份额，或全部留空以平均分配。")
        check_shares([Decimal(share) for share in shares])


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.original_name = check_upload(upload)
            self.instance.size = upload.size
        return upload


class ClippingCheck:
    """A clipping is a scan or screenshot: checked by content like every upload."""

    def clean_clipping(self):
        upload = self.cleaned_data.get("clipping")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=20 * MEGABYTE)
        return upload


class PlacementForm(ClippingCheck, forms.ModelForm):
    """Placement fields; the workflow's refusals are shown as form errors before anything is saved."""

    actor = None  # set by the view or admin that builds the form

    class Meta:
        model = Placement
        fields = ["contribution", "outlet", "column", "published_on", "edition", "page", "prominence", "url", "clipping"]


    def clean(self):
        cleaned = super().clean()
        contribution = cleaned.get("contribution") or getattr(self.instance, "contribution", None)
        if contribution is not None and self.instance.pk is None:
            check_placement_allowed(
                contribution=contribution, published_on=cleaned.get("published_on"), actor=self.actor
            )
        elif self.instance.pk is not None and cleaned.get("published_on"):
            check_placement_allowed(
                contribution=self.instance.contribution, published_on=cleaned["published_on"], actor=self.actor
            )
            check_placement_allowed(
                contribution=self.instance.contribution,
                published_on=Placement.objects.values_list("published_on", flat=True).get(pk=self.instance.pk),
                actor=self.actor,
            )
        return cleaned


class TransitionNoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


# --- the desk ----------------------------------------------------------------------------------------

class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=State.choices)
    seen_state = forms.ChoiceField(choices=State.choices)
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


def outlet_choices():
    """Outlets grouped by level, national first: the order the office thinks in."""
    from outlets.models import Level, Outlet

    grouped = {level: [] for level in Level.values}
    for pk, name, level in Outlet.objects.filter(active=True).order_by("name").values_list("pk", "name", "level"):
        grouped[level].append((pk, name))
    return [("", "— 选择媒体 —")] + [(Level(level).label, options) for level, options in grouped.items() if options]


def column_choices():
    from outlets.models import Column

    grouped: dict[str, list] = {}
    for pk, name, outlet in Column.objects.order_by("outlet__name", "name").values_list("pk", "name", "outlet__name"):
        grouped.setdefault(outlet, []).append((pk, name))
    return [("", "（无栏目）")] + list(grouped.items())


class PlacementLogForm(ClippingCheck, forms.ModelForm):
    """A placement logged on the desk; the contribution is chosen before this form."""

    actor = None

    class Meta:
        model = Placement
        fields = ["outlet", "column", "published_on", "edition", "page", "prominence", "url", "clipping"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, contribution=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        self.fields["outlet"].choices = outlet_choices()
        self.fields["outlet"].widget.attrs["autofocus"] = True
        self.fields["column"].choices = column_choices()
        from django.utils import timezone

        self.fields["published_on"].initial = timezone.localdate()


    def clean(self):
        cleaned = super().clean()
        if self.contribution is not None:
            check_placement_allowed(contribution=self.contribution, published_on=cleaned.get("published_on"),
                                    actor=self.actor)
        return cleaned

    def _post_clean(self):
        # Model validation needs the contribution for the unique (contribution, outlet, date) check.
        if self.contribution is not None:
            self.instance.contribution = self.contribution
        super()._post_clean()


class FoundInPrintForm(forms.Form):
    """A piece nobody submitted, seen in print: the contribution's own fields."""

    title = forms.CharField(label="标题", max_length=300)
    unit = forms.ModelChoiceField(label="计分单位", queryset=None)
    authors = forms.CharField(label="作者", help_text="多位作者用“、”分隔，第一位为第一作者。")
    genre = forms.ChoiceField(label="体裁", choices=Genre.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from correspondents.models import Unit

        self.fields["unit"].queryset = Unit.objects.filter(active=True)

    def clean(self):
        from correspondents.models import Correspondent

        cleaned = super().clean()
        unit = cleaned.get("unit")
        names = [name.strip() for name in re.split(r"[、，,]", cleaned.get("authors") or "") if name.strip()]
        if unit is None or not names:
            return cleaned
        people = {}
        for person in Correspondent.objects.filter(name__in=names).select_related("unit"):
            people.setdefault(person.name, []).append(person)
        authors = []
        for name in names:
            candidates = people.get(name, [])
            in_unit = [person for person in candidates if person.unit_id == unit.pk]
            if len(in_unit) == 1:
                authors.append(in_unit[0])
            elif len(candidates) == 1:
                authors.append(candidates[0])
            elif not candidates:
                self.add_error("authors", f"系统中没有通讯员“{name}”。")
            else:
                self.add_error("authors", f"有多位名叫“{name}”的通讯员，且都不在所选单位。")
        cleaned["author_list"] = authors
        return cleaned


class PlacementImportForm(forms.Form):
    file = forms.FileField(label="用稿记录表格（.xlsx 或 .csv）")
