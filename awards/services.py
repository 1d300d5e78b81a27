import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contributions.models import Contribution
from correspondents.models import Correspondent, Unit
from correspondents.roles import is_administrator, is_editor

from .models import AppraisalYear, Award, ScoringRules
from .selectors import placement_details, year_tallies


def appraisal_year_get_or_create(*, year: int) -> AppraisalYear:
    """The appraisal year, created with the default period and scoring rules if it is new."""
    with transaction.atomic():
        appraisal_year, _ = AppraisalYear.objects.get_or_create(year=year)
        ScoringRules.objects.get_or_create(appraisal_year=appraisal_year)
    return appraisal_year


def refuse_placements_in_closed_years(published_on: datetime.date) -> None:
    """Registered with contributions as a placement guard (see AwardsConfig.ready)."""
    closed = AppraisalYear.objects.filter(
        status=AppraisalYear.Status.CLOSED, period_start__lte=published_on, period_end__gte=published_on
    ).values_list("year", flat=True).first()
    if closed is not None:
        raise ValidationError(
            f"{closed}年度评选已结束（已关账），不能新增、修改或删除刊发日期在该年度内的用稿记录。"
            "如确需更正，请管理员先重新开放该年度。"
        )


def _refuse_unless_administrator(actor: User | None, what: str) -> None:
    if actor is not None and not is_administrator(actor):
        raise ValidationError(f"只有管理员可以{what}。")


def appraisal_year_close(*, appraisal_year: AppraisalYear, actor: User | None) -> AppraisalYear:
    """Freeze the year: store its tallies and placement details, and refuse placement writes in it."""
    _refuse_unless_administrator(actor, "结束年度评选")
    with transaction.atomic():
        locked = AppraisalYear.objects.select_for_update().get(pk=appraisal_year.pk)
        if locked.is_closed:
            raise ValidationError(f"{locked.year}年度已经结束评选。")
        tallies = year_tallies(locked.year)
        locked.snapshot = {
            "units": [row.as_json() for row in tallies.units],
            "people": [row.as_json() for row in tallies.people],
            "details": [detail.as_json() for detail in placement_details(locked.year)],
            "closed_by": actor.get_username() if actor else "system",
        }
        locked.status = AppraisalYear.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["snapshot", "status", "closed_at"])
    return locked


def appraisal_year_reopen(*, appraisal_year: AppraisalYear, actor: User | None) -> AppraisalYear:
    _refuse_unless_administrator(actor, "重新开放年度")
    with transaction.atomic():
        locked = AppraisalYear.objects.select_for_update().get(pk=appraisal_year.pk)
        if not locked.is_closed:
            raise ValidationError(f"{locked.year}年度尚未结束，无需重新开放。")
        locked.status = AppraisalYear.Status.OPEN
        locked.closed_at = None
        locked.snapshot = None
        locked.save(update_fields=["snapshot", "status", "closed_at"])
    return locked


def award_create(
    *,
    appraisal_year: AppraisalYear,
    category: str,
    actor: User | None,
    unit: Unit | None = None,
    correspondent: Correspondent | None = None,
    contribution: Contribution | None = None,
    grade: str = "",
    citation: str = "",
) -> Award:
    if actor is not None and not is_editor(actor):
        raise ValidationError("只有编辑可以评定奖项。")
    if appraisal_year.is_closed:
        raise ValidationError(f"{appraisal_year.year}年度评选已结束，不能再增加奖项。")
    award = Award(
        appraisal_year=appraisal_year, category=category, unit=unit, correspondent=correspondent,
        contribution=contribution, grade=grade, citation=citation.strip(), decided_on=timezone.localdate(),
    )
    award.full_clean()
    if contribution is not None and not contribution.placements.filter(
        published_on__gte=appraisal_year.period_start, published_on__lte=appraisal_year.period_end
    ).exists():
        raise ValidationError(f"《{contribution.title}》在{appraisal_year.year}年度没有刊发记录，不能参评。")
    award.save()
    return award


def award_delete(*, award: Award, actor: User | None) -> None:
    if actor is not None and not is_editor(actor):
        raise ValidationError("只有编辑可以撤销奖项。")
    if award.appraisal_year.is_closed:
        raise ValidationError(f"{award.appraisal_year.year}年度评选已结束，不能撤销奖项。")
    award.delete()

