"""Writing messages to the outbox: `enqueue` is called inside the transaction of the event that causes
them (a review, a placement, a notice…), so a message exists exactly when its event does.

Each person hears through the channels they chose on the portal (e-mail when they chose nothing). A
robot channel reaches them through the nearest robot of that channel: their team's, their unit's, or
their office's; the people an event reaches through one robot share one message that @-mentions them.
Someone whose choices reach nobody (no address, no robot) gets e-mail, so no message is dropped for a
setting. Keys are `event key:channel:recipient`: enqueueing the same event twice adds nothing."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from correspondents.models import PHONE, Correspondent
from correspondents.network import office_tree

from .models import ROBOT_CHANNELS, Channel, Message, Preference, Robot


def robots_by_scope(people: list[Correspondent], home: dict[int, int]) -> dict[tuple, Robot]:
    teams = {p.team_id for p in people if p.team_id}
    units = {p.unit_id for p in people}
    robots = Robot.objects.filter(active=True).filter(
        Q(team_id__in=teams) | Q(unit_id__in=units)
        | Q(office_id__in=set(home.values()), unit__isnull=True, team__isnull=True))
    found = {}
    for robot in robots:
        scope = ("team", robot.team_id) if robot.team_id else ("unit", robot.unit_id) if robot.unit_id \
            else ("office", robot.office_id)
        found[(robot.channel, *scope)] = robot
    return found


def nearest(robots: dict, channel: str, person: Correspondent, office: int) -> Robot | None:
    for scope in (("team", person.team_id), ("unit", person.unit_id), ("office", office)):
        if scope[1] and (channel, *scope) in robots:
            return robots[(channel, *scope)]
    return None


def mobile(person: Correspondent) -> str:
    number = "".join(ch for ch in person.phone if ch.isdigit())
    return number if PHONE.match(number) and number.startswith("1") else ""


def enqueue(*, event: str, key: str, people: Iterable[Correspondent], subject: str, body: str,
            link: str = "") -> list[str]:
    """Write the messages of one event (`key` names it, e.g. "transition:17") for `people`; returns the
    keys written. Must run inside the event's transaction; delivery starts once it commits."""
    people = sorted({p.pk: p for p in people}.values(), key=lambda p: p.pk)
    if not people:
        return []
    tree = office_tree()
    home = {p.pk: tree.home_office(p.unit_id) for p in people}
    chosen = {pref.correspondent_id: pref.channels() for pref in Preference.objects.filter(
        correspondent__in=[p.pk for p in people])}
    robots = robots_by_scope(people, home)
    link = f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link
    now = timezone.now()
    common = {"event": event, "subject": subject[:300], "body": body, "link": link[:500], "next_attempt_at": now}
    rows, groups = [], {}
    for person in people:
        reached = False
        for channel in chosen.get(person.pk, [Channel.EMAIL]):
            if channel == Channel.EMAIL:
                address = person.contact_email
                if address:
                    rows.append(Message(key=f"{key}:email:{person.pk}", channel=channel, address=address,
                                        recipients=person.name, office_id=home[person.pk], **common))
                    reached = True
            elif channel in ROBOT_CHANNELS:
                robot = nearest(robots, channel, person, home[person.pk])
                if robot is not None:
                    groups.setdefault(robot, []).append(person)
                    reached = True
        if not reached and person.contact_email:  # the chosen robots are not set up: e-mail instead
            rows.append(Message(key=f"{key}:email:{person.pk}", channel=Channel.EMAIL, address=person.contact_email,
                                recipients=person.name, office_id=home[person.pk], **common))
    for robot, members in groups.items():
        mobiles = [m for m in (mobile(p) for p in members) if m]
        rows.append(Message(key=f"{key}:{robot.channel}:robot{robot.pk}", channel=robot.channel, robot=robot,
                            recipients="、".join(p.name for p in members)[:500], mentions=",".join(mobiles)[:500],
                            office_id=robot.office_id, **common))
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.key for row in rows]
    if keys and getattr(settings, "MESSAGES_DELIVER_AT_ONCE", True):
        from .delivery import deliver_due

        transaction.on_commit(lambda: deliver_due(only=keys, quiet=True))
    return keys
