"""Form pieces the desk and the portal share for the plan."""

from django import forms

from .selectors import topic_and_stage


class TopicStageField(forms.ChoiceField):
    """A topic, or a stage of one, from one dropdown; cleans to (topic, stage)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return topic_and_stage(value or "")
