"""Calendar feeds: the secret address is the only key and gives that feed only; a new address
revokes the old; a correspondent's feed has their own assignments, an editor's the plan."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from planning.models import CalendarFeed
from planning.services import calendar_feed
from tests.factories import UnitFactory

from .conftest import commission

pytestmark = pytest.mark.django_db


def events(client, user) -> dict[str, datetime.date]:
    response = client.get(reverse("calendar-feed", args=[calendar_feed(user).token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return {str(event["summary"]): event.decoded("dtstart") for event in Calendar.from_ical(response.content).walk("VEVENT")}


def soon(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_correspondents_feed_has_their_own_due_dates_only(anonymous_client, editor, correspondent, inquiry):
    commission(editor, unit=correspondent.unit, due_on=soon(10), topic=inquiry)
    commission(editor, unit=UnitFactory(name="宜都市人大常委会"), due_on=soon(12))
    feed = events(anonymous_client, correspondent.user)  # no login: the token is the key
    assert feed == {f"约稿截止：枝江市人大常委会（{inquiry.title}）": soon(10)}


def test_an_editors_feed_has_the_topics_and_every_due_date(anonymous_client, editor, inquiry):
    commission(editor, unit=UnitFactory(name="宜都市人大常委会"), due_on=soon(12))
    feed = events(anonymous_client, editor)
    assert feed[f"选题：{inquiry.title}"] == inquiry.starts_on
    commission(editor, unit=UnitFactory(), due_on=soon(12))
    commission(editor, unit=UnitFactory(), due_on=soon(14), topic=inquiry)
    assert feed == {f"选题：{inquiry.title}": inquiry.starts_on, "约稿截止：1 项": soon(12)}
    feed = events(anonymous_client, editor)  # one event a day, named by its topic when it has one
    assert feed == {f"选题：{inquiry.title}": inquiry.starts_on, "约稿截止：2 项": soon(12),
                    f"约稿截止：{inquiry.title}（1 项）": soon(14)}
    commission(editor, unit=UnitFactory(), due_on=soon(14))
    assert events(anonymous_client, editor)[f"约稿截止：2 项（{inquiry.title}等）"] == soon(14)


def test_renewing_revokes_the_old_address(client, anonymous_client, correspondent):
    old = calendar_feed(correspondent.user).token
    client.force_login(correspondent.user)
    assert client.post(reverse("calendar-renew")).status_code == 302
    new = CalendarFeed.objects.get(user=correspondent.user).token
    assert new != old
    assert anonymous_client.get(reverse("calendar-feed", args=[old])).status_code == 404
    assert anonymous_client.get(reverse("calendar-feed", args=[new])).status_code == 200


def test_unknown_tokens_and_inactive_accounts_get_nothing(anonymous_client, correspondent):
    import uuid

    assert anonymous_client.get(reverse("calendar-feed", args=[uuid.uuid4()])).status_code == 404
    token = calendar_feed(correspondent.user).token
    correspondent.user.is_active = False
    correspondent.user.save()
    assert anonymous_client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_the_calendar_page_shows_my_address_and_needs_a_login(client, anonymous_client, correspondent):
    assert anonymous_client.get(reverse("calendar")).status_code == 302
    client.force_login(correspondent.user)
    response = client.get(reverse("calendar"))
    token = CalendarFeed.objects.get(user=correspondent.user).token
    assert f"/calendar/{token}.ics" in response.content.decode()
