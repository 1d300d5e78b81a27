"""Possible duplicates: pieces written within 400 local days of a day, on either side, whole days."""

import datetime

import pytest
from django.utils import timezone

from contributions.selectors import possible_duplicates
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

AROUND = datetime.date(2026, 6, 15)
TITLE = "某镇人大代表联络站开展接待选民活动"


def written(day: datetime.date, hour: int, minute: int) -> int:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return ContributionFactory(title=TITLE, created_at=moment).pk


def test_the_window_holds_whole_local_days_400_either_side():
    window = datetime.timedelta(days=400)
    day = datetime.timedelta(days=1)
    inside = {written(AROUND - window, 0, 5), written(AROUND + window, 23, 55)}
    outside = {written(AROUND - window - day, 23, 55), written(AROUND + window + day, 0, 5)}
    found = {duplicate.contribution.pk for duplicate in possible_duplicates(title=TITLE, around=AROUND, limit=10)}
    assert found == inside and not found & outside
