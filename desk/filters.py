"""The desk's lists filter by topic too (the filters of contributions know nothing of the plan)."""

import django_filters

from contributions.filters import ContributionFilter, PlacementFilter
from planning.models import Topic


class TopicChoice(django_filters.ModelChoiceFilter):
    def __init__(self, path: str, **kwargs):
        super().__init__(queryset=Topic.objects.order_by("-starts_on", "title"), label="选题", empty_label="全部选题",
                         method=lambda queryset, name, topic: queryset.filter(**{path: topic}).distinct(), **kwargs)


class OfficeTopics:
    """The topic dropdown offers the office's own plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.filter(office_id=self.office.office_id).order_by("-starts_on", "title")
        self.filters["topic"].queryset = topics
        self.form.fields["topic"].queryset = topics


class DeskContributionFilter(OfficeTopics, ContributionFilter):
    topic = TopicChoice("topic_tags__topic")


class DeskPlacementFilter(OfficeTopics, PlacementFilter):
    topic = TopicChoice("contribution__topic_tags__topic")
