"""What a correspondent's choices reach: per channel, the robot (group) their messages would go to."""

from correspondents.models import Correspondent
from correspondents.network import office_tree

from .models import ROBOT_CHANNELS, Channel, Preference
from .services import mobile, nearest, robots_by_scope


def preference_of(person: Correspondent) -> Preference:
    return Preference.objects.filter(correspondent=person).first() or Preference(correspondent=person)


def reach_of(person: Correspondent) -> dict[str, str]:
    """Channel → where a message would land, in words ("" when nothing is set up for it)."""
    home = {person.pk: office_tree().home_office(person.unit_id)}
    robots = robots_by_scope([person], home)
    reach = {Channel.EMAIL.value: person.contact_email}
    for channel in ROBOT_CHANNELS:
        robot = nearest(robots, channel, person, home[person.pk])
        reach[channel.value] = f"{robot.name}（{robot.group}）" if robot else ""
    return reach


def mobile_of(person: Correspondent) -> str:
    return mobile(person)
