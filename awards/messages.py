"""The message of an award: to the person honoured, to a unit's correspondents, to a work's authors,
written to the outbox in the award's transaction."""

from contributions.models import Authorship
from correspondents.models import Correspondent
from messaging.models import Event
from messaging.services import enqueue
from sheets.text import single_line

from .models import Award


def tell_of_award(award: Award) -> list[str]:
    if award.correspondent_id:
        people = Correspondent.objects.filter(pk=award.correspondent_id)
    elif award.unit_id:
        people = Correspondent.objects.active().filter(unit_id=award.unit_id)
    else:
        people = Correspondent.objects.filter(pk__in=Authorship.objects.filter(
            contribution_id=award.contribution_id).values("correspondent_id"))
    prize = award.get_category_display() + (f"（{award.get_grade_display()}）" if award.grade else "")
    title = f"{award.appraisal_year.year}年度{prize}"
    body = f"祝贺！{award.recipient_name}获评{title}。" + (f"\n{award.citation}" if award.citation else "")
    return enqueue(event=Event.AWARD, key=f"award:{award.pk}", people=people.select_related("user"),
                   subject=single_line(f"获奖：{title}"), body=f"{body}\n人大宣传工作管理系统", link="/portal/")
