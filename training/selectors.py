"""What training adds up to: a person's history, a year's count of sessions and people trained."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from correspondents.models import Correspondent

from .models import Participant, Session


def history_of(person: Correspondent):
    return (Participant.objects.filter(correspondent=person).select_related("session")
            .order_by("-session__starts_on", "-session_id"))


@dataclass
class YearTraining:
    sessions: int
    people: int  # distinct correspondents who attended at least one session
    attendances: int


def year_training(office: int, start: datetime.date, end: datetime.date) -> YearTraining:
    """One query: sessions starting in the period, the distinct people who attended, the attendances."""
    sessions = Session.objects.filter(office_id=office, starts_on__range=(start, end))
    counts = sessions.aggregate(
        sessions=Count("pk", distinct=True),
        people=Count("participants__correspondent", filter=Q(participants__attended=True), distinct=True),
        attendances=Count("participants", filter=Q(participants__attended=True)))
    return YearTraining(counts["sessions"], counts["people"], counts["attendances"])


def sessions_with_counts(office: int):
    return (Session.objects.filter(office_id=office)
            .annotate(signed_up=Count("participants", filter=Q(participants__signed_up_at__isnull=False)),
                      came=Count("participants", filter=Q(participants__attended=True))))
