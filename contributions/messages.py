"""What the authors of a piece are told, and when: a review's decision, a placement logged, a claim
checked. Each message is written to the outbox (messaging.enqueue) in the transaction of its event and
reaches the authors through the channels they chose."""

from collections.abc import Callable

from correspondents.sign_off import signers_of
from messaging.models import Event
from messaging.services import enqueue
from sheets.text import single_line

from .models import Authorship, Contribution, Placement, PlacementClaim, Transition
from .states import State

_piece_links: list[Callable[[int], str]] = []
SIGNATURE = "人大宣传工作管理系统"


def register_piece_link(path_of: Callable[[int], str]) -> None:
    """The front door that shows a piece to its authors (the portal) gives the path of its page,
    which messages link to (after settings.SITE_URL)."""
    _piece_links[:] = [path_of]


def _link(contribution_id: int) -> str:
    return _piece_links[0](contribution_id) if _piece_links else ""


def _authors(contribution_id: int):
    return [authorship.correspondent for authorship in Authorship.objects.filter(
        contribution_id=contribution_id).select_related("correspondent__user")]


def tell_authors_of_move(contribution: Contribution, transition: Transition) -> None:
    lines = [f"您的稿件《{contribution.title}》状态已由“{transition.get_from_state_display()}”"
             f"变为“{transition.get_to_state_display()}”。"]
    if transition.to_state == State.ACCEPTED:
        lines.append("稿件已被录用，将择期刊用；在媒体上刊发（登记用稿）后计入统计和积分。")
    if transition.note:
        lines.append(f"意见：{transition.note}")
    lines.append(SIGNATURE)
    enqueue(event=Event.REVIEW, key=f"transition:{transition.pk}", people=_authors(contribution.pk),
            subject=single_line(f"稿件《{contribution.title}》：{transition.get_to_state_display()}"),
            body="\n".join(lines), link=_link(contribution.pk))
    if transition.to_state == State.AWAITING_SIGN_OFF:
        authors = "、".join(person.name for person in _authors(contribution.pk))
        enqueue(event=Event.REVIEW, key=f"transition:{transition.pk}:signers",
                people=signers_of(contribution.credited_unit_id).select_related("user"),
                subject=single_line(f"待您审签：《{contribution.title}》"),
                body=f"{authors}报送的稿件《{contribution.title}》等待您审签：审签通过后送研究室，也可退回修改。\n{SIGNATURE}",
                link="/portal/sign-off/")


def tell_authors_of_placement(placement: Placement, claim: PlacementClaim | None = None) -> None:
    contribution = placement.contribution
    where = f"{placement.outlet}（{placement.published_on:%Y年%m月%d日}{('，' + placement.page) if placement.page else ''}）"
    if claim is None:
        subject, first = f"稿件《{contribution.title}》已刊用", f"您的稿件《{contribution.title}》已在{where}刊用，已登记用稿，计入统计和积分。"
        event, key = Event.PLACEMENT, f"placement:{placement.pk}"
    else:
        subject, first = (f"刊发申报已认定：《{contribution.title}》",
                          f"{claim.claimed_by.name}申报的《{contribution.title}》在{where}刊发，已核实认定并登记用稿，计入统计和积分。")
        event, key = Event.CLAIM, f"claim:{claim.pk}"
    enqueue(event=event, key=key, people=_authors(contribution.pk), subject=single_line(subject),
            body=f"{first}\n{SIGNATURE}", link=_link(contribution.pk))


def tell_claimant_of_decline(claim: PlacementClaim) -> None:
    contribution = claim.contribution
    body = (f"您申报的《{contribution.title}》在{claim.outlet}（{claim.published_on:%Y年%m月%d日}）刊发，未予认定。\n"
            f"原因：{claim.note}\n{SIGNATURE}")
    enqueue(event=Event.CLAIM, key=f"claim:{claim.pk}", people=[claim.claimed_by],
            subject=single_line(f"刊发申报未予认定：《{contribution.title}》"), body=body, link=_link(contribution.pk))
