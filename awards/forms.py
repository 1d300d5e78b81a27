from django import forms

from .models import Award


class AwardPickForm(forms.Form):
    """One winner picked from ranked candidates; which candidate list applies depends on the category."""

    category = forms.ChoiceField(label="奖项", choices=Award.Category.choices)
    candidate = forms.IntegerField(label="获奖对象")
    grade = forms.ChoiceField(label="等次", choices=[("", "—")] + Award.Grade.choices, required=False)
    citation = forms.CharField(label="说明", required=False, max_length=500)
