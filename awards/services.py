import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contributions.models import Contribution, hold_write_lock
from correspondents.models import Correspondent, Unit
from correspondents.network import office_tree, refuse_unless_staff_of, scope_of
from correspondents.roles import refuse_unless_administrator, refuse_unless_editor

from .messages import tell_of_award
from .models import AppraisalYear, Award, Nomination, ScoringRules
from .selectors import award_rows, eligible_works, placement_details, year_tallies
from .years import resolve_year


def appraisal_year_get_or_create(*, year: int, office: int | None = None) -> AppraisalYear:
    """An office's appraisal year (the root office's when none is named), created with the period
    the office's calendar gives it and the default scoring rules if it is new."""
    office = office if office is not None else scope_of().office_id
    with transaction.atomic():
        appraisal_year, _ = AppraisalYear.objects.get_or_create(year=year, office_id=office)
        ScoringRules.objects.get_or_create(appraisal_year=appraisal_year)
    return appraisal_year


def neighbours_to_move(appraisal_year: AppraisalYear) -> list[AppraisalYear]:
    """The set-up years next to this one whose periods must move so that every day still belongs to
    exactly one year (the year before ends the day before this one starts, the year after starts
    the day after it ends), unsaved; refuses a change a closed year would have to follow, and
    any overlap with a year further away."""
    start, end, number = appraisal_year.period_start, appraisal_year.period_end, appraisal_year.year
    others = AppraisalYear.objects.filter(office_id=appraisal_year.office_id).exclude(pk=appraisal_year.pk).defer(
        "snapshot")
    if appraisal_year.pk is not None:
        stored = AppraisalYear.objects.defer("snapshot").get(pk=appraisal_year.pk)
        if stored.is_closed and (stored.period_start, stored.period_end) != (start, end):
            raise ValidationError(f"{number}年度评选已结束，不能修改统计期间；如确需更正，请先重新开放该年度。")
    overlapping = others.filter(period_start__lte=end, period_end__gte=start).exclude(year__in=[number - 1, number + 1])
    for other in overlapping:
        raise ValidationError(f"统计期间与{other.year}年度（{other.period_start:%Y-%m-%d} 至 "
                              f"{other.period_end:%Y-%m-%d}）重叠。")
    moved = []
    for neighbour in others.filter(year__in=[number - 1, number + 1]):
        if neighbour.year < number and neighbour.period_end != start - datetime.timedelta(days=1):
            neighbour.period_end = start - datetime.timedelta(days=1)
        elif neighbour.year > number and neighbour.period_start != end + datetime.timedelta(days=1):
            neighbour.period_start = end + datetime.timedelta(days=1)
        else:
            continue
        if neighbour.is_closed:
            raise ValidationError(f"{neighbour.year}年度评选已结束，其统计期间不能随之调整：{number}年度应紧接其"
                                  f"{'后' if neighbour.year < number else '前'}，不能与其重叠或留出空档。")
        try:
            neighbour.clean()
        except ValidationError as error:
            raise ValidationError(f"{neighbour.year}年度的统计期间将变为 {neighbour.period_start:%Y-%m-%d} 至 "
                                  f"{neighbour.period_end:%Y-%m-%d}，不成立：{'；'.join(error.messages)}") from error
        moved.append(neighbour)
    return moved


def appraisal_year_save(*, appraisal_year: AppraisalYear, actor: User | None) -> list[AppraisalYear]:
    """Save a year's period (and whatever else the admin changed), moving the open neighbouring
    years' periods so that they still follow one another; returns the years moved."""
    refuse_unless_administrator(actor, "只有管理员可以设置评选年度。")
    refuse_unless_staff_of(actor, appraisal_year.office_id, OTHER_OFFICE)
    with transaction.atomic():
        hold_write_lock()  # no placement is written while the periods move
        if appraisal_year.period_start is None or appraisal_year.period_end is None:
            appraisal_year.save()  # fills the period the calendar gives it
        appraisal_year.clean()
        moved = neighbours_to_move(appraisal_year)
        for neighbour in moved:
            neighbour.save(update_fields=["period_start", "period_end"])
        appraisal_year.save()
    return moved


def refuse_placements_in_closed_years(published_on: datetime.date, credited_unit_id: int | None) -> None:
    """Registered with contributions as a placement guard (see AwardsConfig.ready): a placement dated
    in a year closed by any office that counts the piece's unit (its home office or one above) is
    refused; the office that closed it must reopen it first."""
    offices = office_tree().offices_counting(credited_unit_id)
    closed = AppraisalYear.objects.filter(
        status=AppraisalYear.Status.CLOSED, period_start__lte=published_on, period_end__gte=published_on,
        office_id__in=offices,
    ).values_list("year", "office__name").first()
    if closed is not None:
        year, office = closed
        raise ValidationError(
            f"{office}的{year}年度评选已结束（已关账），不能新增、修改或删除刊发日期在该年度内的用稿记录。"
            f"如确需更正，请{office}的管理员先重新开放该年度。"
        )


def appraisal_year_close(*, appraisal_year: AppraisalYear, actor: User | None) -> AppraisalYear:
    """Freeze the year: store its tallies and placement details, and refuse placement writes in it."""
    refuse_unless_administrator(actor, "只有管理员可以结束年度评选。")
    with transaction.atomic():
        hold_write_lock()  # no placement is being written while the year's numbers are frozen
        locked = AppraisalYear.objects.select_for_update().get(pk=appraisal_year.pk)
        refuse_unless_staff_of(actor, locked.office_id, OTHER_OFFICE)
        if locked.is_closed:
            raise ValidationError(f"{locked.year}年度已经结束评选。")
        year = resolve_year(locked.year, office=locked.office_id)
        tallies = year_tallies(year)
        locked.snapshot = {
            "units": [row.as_json() for row in tallies.units],
            "people": [row.as_json() for row in tallies.people],
            "counties": [row.as_json() for row in tallies.counties],
            "details": [detail.as_json() for detail in placement_details(year)],
            "awards": [row.as_json() for row in award_rows(year)],
            "closed_by": actor.get_username() if actor else "system",
        }
        locked.status = AppraisalYear.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["snapshot", "status", "closed_at"])
    return locked


def appraisal_year_reopen(*, appraisal_year: AppraisalYear, actor: User | None) -> AppraisalYear:
    refuse_unless_administrator(actor, "只有管理员可以重新开放年度。")
    with transaction.atomic():
        hold_write_lock()
        locked = AppraisalYear.objects.select_for_update().get(pk=appraisal_year.pk)
        refuse_unless_staff_of(actor, locked.office_id, OTHER_OFFICE)
        if not locked.is_closed:
            raise ValidationError(f"{locked.year}年度尚未结束，无需重新开放。")
        locked.status = AppraisalYear.Status.OPEN
        locked.closed_at = None
        locked.snapshot = None
        locked.save(update_fields=["snapshot", "status", "closed_at"])
    return locked


AWARD_STAFF_ONLY = "只有编辑可以评定或撤销奖项。"
OTHER_OFFICE = "这是其他宣传工作机构的评选年度：只有该机构的工作人员可以办理。"


def _refuse_if_closed(appraisal_year: AppraisalYear, doing: str) -> None:
    if appraisal_year.is_closed:
        raise ValidationError(f"{appraisal_year.year}年度评选已结束，不能{doing}；如确需更正，请管理员先重新开放该年度。")


def award_check(award: Award, *, actor: User | None) -> None:
    """Every refusal of award_create, award_update and award_delete, for forms that want to say it first:
    who may, a closed year (the one it was in and the one it goes to), the recipient, the year's placements."""
    refuse_unless_editor(actor, AWARD_STAFF_ONLY)
    if award.pk is not None:
        stored = Award.objects.select_related("appraisal_year").get(pk=award.pk)
        refuse_unless_staff_of(actor, stored.appraisal_year.office_id, OTHER_OFFICE)
        _refuse_if_closed(stored.appraisal_year, "修改或撤销奖项")
    refuse_unless_staff_of(actor, award.appraisal_year.office_id, OTHER_OFFICE)
    _refuse_if_closed(award.appraisal_year, "增加或修改奖项")
    scope = scope_of(award.appraisal_year.office_id)
    if award.unit_id is not None and not scope.holds(award.unit_id):
        raise ValidationError("这个单位不属于本机构，不能评奖。")
    if award.correspondent_id is not None and not scope.holds(award.correspondent.unit_id):
        raise ValidationError("这位通讯员不属于本机构，不能评奖。")
    _refuse_if_awarded_twice(award)
    award.full_clean()
    contribution = award.contribution
    if contribution is not None:
        year = resolve_year(award.appraisal_year.year, office=award.appraisal_year.office_id)
        papers = award.category == Award.Category.EXCELLENT_PAPER
        if not eligible_works(year, papers_only=papers).filter(pk=contribution.pk).exists():
            if papers:
                raise ValidationError(f"《{contribution.title}》在{year.number}年度既没有上报也没有刊发，不能参评优秀论文。")
            raise ValidationError(f"《{contribution.title}》在{year.number}年度没有刊发记录，不能参评。")


RECIPIENT_KINDS = (("unit", "该单位"), ("correspondent", "该通讯员"), ("contribution", "这篇稿件"))


def _refuse_if_awarded_twice(award: Award) -> None:
    """The unique constraints' own message cannot name the award: say it here first."""
    for field, who in RECIPIENT_KINDS:
        recipient_id = getattr(award, f"{field}_id")
        if recipient_id is None:
            continue
        twice = Award.objects.filter(appraisal_year_id=award.appraisal_year_id, category=award.category,
                                     **{f"{field}_id": recipient_id}).exclude(pk=award.pk)
        if twice.exists():
            raise ValidationError(f"{who}已获得本年度{award.get_category_display()}。", code="awarded_twice")


def _save(award: Award) -> Award:
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError as error:
        year = award.appraisal_year.year
        raise ValidationError(f"{award.recipient_name}已获得{year}年度{award.get_category_display()}。") from error
    return award


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
    award = Award(
        appraisal_year=appraisal_year, category=category, unit=unit, correspondent=correspondent,
        contribution=contribution, grade=grade, citation=citation.strip(), decided_on=timezone.localdate(),
    )
    award_check(award, actor=actor)
    with transaction.atomic():
        _save(award)
        tell_of_award(award)
    return award


AWARD_EDITABLE_FIELDS = {"appraisal_year", "category", "grade", "unit", "correspondent", "contribution",
                         "citation", "decided_on"}


def award_update(*, award: Award, actor: User | None, **changes) -> Award:
    """Correct an award. Neither the year it was in nor the year it moves to may be closed."""
    unknown = set(changes) - AWARD_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(award, name, value)
    award_check(award, actor=actor)
    with transaction.atomic():
        _save(award)
        tell_of_award(award)
    return award


def award_delete(*, award: Award, actor: User | None) -> None:
    refuse_unless_editor(actor, AWARD_STAFF_ONLY)
    stored = Award.objects.select_related("appraisal_year").get(pk=award.pk)
    refuse_unless_staff_of(actor, stored.appraisal_year.office_id, OTHER_OFFICE)
    _refuse_if_closed(stored.appraisal_year, "修改或撤销奖项")
    award.delete()


def nomination_save(*, appraisal_year: AppraisalYear, category: str, contribution: Contribution, actor: User | None,
                    quality: str = "", score=None, note: str = "") -> Nomination:
    """Put a piece forward for 好新闻奖 or 优秀论文 (or change its grade): any piece the year makes
    eligible, not only the top of the ranking."""
    refuse_unless_editor(actor, AWARD_STAFF_ONLY)
    refuse_unless_staff_of(actor, appraisal_year.office_id, OTHER_OFFICE)
    _refuse_if_closed(appraisal_year, "推荐参评稿件")
    papers = category == Award.Category.EXCELLENT_PAPER
    year = resolve_year(appraisal_year.year, office=appraisal_year.office_id)
    if not eligible_works(year, papers_only=papers).filter(pk=contribution.pk).exists():
        what = "理论文章或调研报告，且本年度上报或刊发过" if papers else "本年度刊发过的稿件"
        raise ValidationError(f"《{contribution.title}》不能推荐：只能推荐{what}。")
    nomination, _ = Nomination.objects.update_or_create(
        appraisal_year=appraisal_year, category=category, contribution=contribution,
        defaults={"quality": quality, "score": score, "note": note.strip()},
    )
    return nomination


def nomination_delete(*, nomination: Nomination, actor: User | None) -> None:
    refuse_unless_editor(actor, AWARD_STAFF_ONLY)
    refuse_unless_staff_of(actor, nomination.appraisal_year.office_id, OTHER_OFFICE)
    _refuse_if_closed(nomination.appraisal_year, "撤回推荐")
    nomination.delete()
