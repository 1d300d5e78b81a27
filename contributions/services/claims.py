"""Placement claims: a correspondent reports that a piece ran; the office verifies or declines."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from correspondents.models import Correspondent
from correspondents.roles import recorded_user, refuse_unless_editor

from ..messages import tell_authors_of_placement, tell_claimant_of_decline
from ..models import Contribution, Placement, PlacementClaim, Prominence
from ..uploads import EVIDENCE
from .placements import STAFF_ONLY, placement_create

ALREADY_DECIDED = "这条申报已经处理过了。"


def claim_create(*, contribution: Contribution, claimed_by: Correspondent, actor: User | None, outlet,
                 published_on, page: str = "", url: str = "", prominence: str = Prominence.REGULAR,
                 evidence: UploadedFile | None = None) -> PlacementClaim:
    """A correspondent reports that their piece ran: it waits for the office, and counts only once verified."""
    if not contribution.authorships.filter(correspondent=claimed_by).exists():
        raise ValidationError("只能申报自己署名的稿件。")
    if not contribution.may_be_claimed:
        raise ValidationError(f"稿件处于“{contribution.get_state_display()}”状态，不能申报刊发。")
    if evidence is not None:
        EVIDENCE.check(evidence)
    claim = PlacementClaim(contribution=contribution, claimed_by=claimed_by, outlet=outlet,
                           published_on=published_on, page=page, url=url, prominence=prominence,
                           evidence=evidence or "")
    claim.full_clean()
    claim.save()
    return claim


def claim_verify(*, claim: PlacementClaim, actor: User | None) -> Placement:
    """The office confirms a claim: it becomes a placement through placement_create."""
    refuse_unless_editor(actor, STAFF_ONLY)
    with transaction.atomic():
        locked = PlacementClaim.objects.select_for_update().select_related("contribution").get(pk=claim.pk)
        if locked.state != PlacementClaim.ClaimState.PENDING:
            raise ValidationError(ALREADY_DECIDED)
        placement = placement_create(
            contribution=locked.contribution, outlet=locked.outlet, published_on=locked.published_on,
            page=locked.page, prominence=locked.prominence, url=locked.url, clipping=locked.evidence.name or "", actor=actor,
            notify=False,
        )
        locked.state = PlacementClaim.ClaimState.VERIFIED
        locked.decided_by = recorded_user(actor)
        locked.decided_at = timezone.now()
        locked.placement = placement
        locked.save(update_fields=["state", "decided_by", "decided_at", "placement"])
        tell_authors_of_placement(placement, claim=locked)
    return placement


def claim_decline(*, claim: PlacementClaim, actor: User | None, note: str) -> None:
    refuse_unless_editor(actor, STAFF_ONLY)
    note = (note or "").strip()
    if not note:
        raise ValidationError("请写明不予认定的原因，申报人会看到。")
    with transaction.atomic():
        changed = PlacementClaim.objects.filter(pk=claim.pk, state=PlacementClaim.ClaimState.PENDING).update(
            state=PlacementClaim.ClaimState.DECLINED, note=note, decided_at=timezone.now(),
            decided_by=recorded_user(actor),
        )
        if changed != 1:
            raise ValidationError(ALREADY_DECIDED)
        tell_claimant_of_decline(PlacementClaim.objects.select_related(
            "contribution", "outlet", "claimed_by__user").get(pk=claim.pk))
