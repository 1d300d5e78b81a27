"""Forms of the admin's contribution and placement pages. They validate input and ask the services
for refusals early; the services themselves decide."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Attachment, Authorship, Placement
from .services import check_placement_allowed, check_shares, split_shares
from .uploads import ATTACHMENT, is_new_upload


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
        if is_new_upload(upload):
            self.instance.original_name = ATTACHMENT.check(upload)
            self.instance.size = upload.size
        return upload


class PlacementForm(forms.ModelForm):
    """Placement fields; the workflow's refusals are shown as form errors before anything is saved."""

    actor = None  # set by the admin that builds the form

    class Meta:
        model = Placement
        fields = ["contribution", "outlet", "column", "published_on", "edition", "page", "prominence", "instruction", "url",
                  "clipping"]

    def clean(self):
        cleaned = super().clean()
        contribution = cleaned.get("contribution") or getattr(self.instance, "contribution", None)
        if contribution is None:
            return cleaned
        check_placement_allowed(contribution=contribution, published_on=cleaned.get("published_on"),
                                actor=self.actor, clipping=cleaned.get("clipping"))
        if self.instance.pk is not None:  # a correction may not move a placement out of a closed year either
            stored = Placement.objects.values_list("published_on", flat=True).get(pk=self.instance.pk)
            check_placement_allowed(contribution=contribution, published_on=stored, actor=self.actor)
        return cleaned


class TransitionNoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []
