"""The year-end page: rankings, award picking, the workbook, closing and reopening a year."""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject as later
from django.views.decorators.http import require_POST

from awards import cached as cached_numbers
from awards.models import AppraisalYear, Award, NewsAwardEntry, Nomination, QualityGrade
from awards.scoring import POINTS_SCALE, SHARED_POINTS_SCALE
from awards.selectors import award_rows, total_row, year_tallies
from awards.selectors.pending import pending_before_closing
from awards.services import (
    appraisal_year_close,
    appraisal_year_get_or_create,
    appraisal_year_reopen,
    award_create,
    award_delete,
    nomination_delete,
    nomination_save,
)
from awards.workbook import (
    PEOPLE_TOTAL,
    counted,
    default_filename,
    own_name,
    target_measure,
    write_year_workbook,
    year_title,
)
from awards.years import resolve_year, this_year, year_calendar
from contributions.models import Contribution
from contributions.selectors import search_contributions
from correspondents.access import administrator_required, editor_required
from correspondents.models import Correspondent, Unit
from correspondents.network import scope_of
from correspondents.roles import is_administrator

from ..forms import AwardPickForm, NominationForm
from ..office import contributions_seen
from ..pdf import pdf_response
from .listing import XLSX

# Messages shown where the user acted (templates/_messages_here.html), not at the top of a long page.
AT_PICK, AT_NOMINATIONS = "at-pick", "at-nominations"


def checked_year(request: HttpRequest, year: int) -> int:
    """A year in a page's path: one the office's dropdowns offer (the same range as `?year=`), else 404."""
    if year not in year_calendar(request.office.office_id).offered():
        raise Http404("没有这个年度。")
    return year


@editor_required
def year_index(request: HttpRequest) -> HttpResponse:
    return redirect("desk:year-detail", year=this_year(office=request.office.office_id))


@editor_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Rankings, candidates and awards come from the cache of the current data version, in the small
    pieces the page shows; the page's data-only parts are rendered once per version (datapart), so
    on a warm cache none of these is even read."""
    year = checked_year(request, year)
    office = request.office.office_id
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    order = "quality" if request.GET.get("order") == "quality" else "points"
    query = request.GET.get("nominate", "").strip()
    numbers = later(lambda: cached_numbers.year_page(year, office=office))
    period = resolve_year(year, office=office)

    def people_page() -> dict:
        people, pages = cached_numbers.people_page(year, page_number, office=office)
        return {"rows": people, "number": min(page_number, pages), "count": pages, "people": numbers.people_count}

    return render(request, "desk/year_detail.html", {
        "year": year, "office": office, "office_scope": scope_of(office),
        "period": period, "target_measure": target_measure(period.rules),
        "years": year_calendar(office).offered(),
        "numbers": numbers,
        "counted": later(lambda: counted(numbers.totals.pieces, numbers.totals.total)),
        "awards": later(lambda: cached_numbers.awards(year, office=office)),
        "entries": later(lambda: list(NewsAwardEntry.objects.filter(office_id=office, year=year)
                                      .select_related("contribution__credited_unit"))),
        "people_page": later(people_page),
        "page_number": page_number,
        "news_candidates": later(lambda: cached_numbers.candidates(year, office=office, order=order)),
        "paper_candidates": later(lambda: cached_numbers.candidates(year, office=office, papers_only=True,
                                                                    order=order)),
        "order": order,
        "nominate_query": query,
        "nominate_results": search_contributions(query, limit=10, among=contributions_seen(request.office))
        if query else [],
        "qualities": QualityGrade.choices,
        "grades": Award.Grade.choices,
        "may_close": is_administrator(request.user),
        "awarded": later(lambda: awarded_ids(year, office)),
    })


def awarded_ids(year: int, office: int) -> dict[str, set[int]]:
    """Who or what already won each award of the year (the pick forms mark them, never preselect them),
    from the year's cached award list."""
    awarded: dict[str, set[int]] = {category: set() for category in Award.Category.values}
    for row in cached_numbers.awards(year, office=office):
        if row.category_value:
            awarded[row.category_value].add(row.recipient_id)
    return awarded


@require_POST
@editor_required
def nomination_add(request: HttpRequest, year: int) -> HttpResponse:
    """Put a piece forward (or regrade it): 好新闻奖 for any piece placed in the year, 优秀论文 for
    any theory or research piece submitted or placed in it."""
    year = checked_year(request, year)
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择稿件和奖项。" + "；".join(e for errors in form.errors.values() for e in errors),
                       extra_tags=AT_NOMINATIONS)
        return redirect(reverse("desk:year-detail", args=[year]) + "#nominations")
    contribution = Contribution.objects.filter(pk=form.cleaned_data["contribution"]).first()
    if contribution is None:
        messages.error(request, "稿件不存在，请刷新页面后重选。", extra_tags=AT_NOMINATIONS)
        return redirect(reverse("desk:year-detail", args=[year]) + "#nominations")
    try:
        nomination_save(appraisal_year=appraisal_year_get_or_create(year=year, office=request.office.office_id), actor=request.user,
                        contribution=contribution, category=form.cleaned_data["category"],
                        quality=form.cleaned_data["quality"], score=form.cleaned_data["score"],
                        note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages), extra_tags=AT_NOMINATIONS)
    else:
        messages.success(request, f"已推荐《{contribution.title}》参评。", extra_tags=AT_NOMINATIONS)
    return redirect(reverse("desk:year-detail", args=[year]) + "#nominations")


@require_POST
@editor_required
def nomination_remove(request: HttpRequest, year: int, nomination_id: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("appraisal_year", "contribution"),
                                   pk=nomination_id, appraisal_year__year=year,
                                   appraisal_year__office_id=request.office.office_id)
    try:
        nomination_delete(nomination=nomination, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages), extra_tags=AT_NOMINATIONS)
    else:
        messages.success(request, f"已撤回《{nomination.contribution.title}》的推荐。", extra_tags=AT_NOMINATIONS)
    return redirect(reverse("desk:year-detail", args=[year]) + "#nominations")


@editor_required
def year_export(request: HttpRequest, year: int) -> FileResponse:
    year = checked_year(request, year)
    # A spooled file keeps small workbooks in memory and spills big ones to disk.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    resolved = resolve_year(year, office=request.office.office_id)
    write_year_workbook(resolved, buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=default_filename(year, own_name(resolved)),
                        content_type=XLSX)


@editor_required
def year_summary_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The year-end summary offices print for the annual meeting: both rankings and the award list."""
    resolved = resolve_year(checked_year(request, year), office=request.office.office_id)
    tallies = year_tallies(resolved)
    totals = total_row(tallies.units, POINTS_SCALE)
    return pdf_response("desk/pdf/year_summary.html", {
        "year": year, "title": year_title(resolved), "tallies": tallies,
        "people": [row for row in tallies.people if row.total], "awards": award_rows(resolved),
        "counted": counted(totals.pieces, totals.total), "unit_total": totals,
        "people_total": total_row(tallies.people, SHARED_POINTS_SCALE, PEOPLE_TOTAL),
        "target_measure": target_measure(resolved.rules),
    }, f"人大宣传年度统计-{year}.pdf")


RECIPIENT_MODELS = {
    Award.Category.ADVANCED_UNIT: ("unit", Unit),
    Award.Category.EXCELLENT_CORRESPONDENT: ("correspondent", Correspondent),
    Award.Category.EXCELLENT_INFORMATION_OFFICER: ("correspondent", Correspondent),
    Award.Category.GOOD_NEWS: ("contribution", Contribution),
    Award.Category.EXCELLENT_PAPER: ("contribution", Contribution),
}


@require_POST
@editor_required
def award_add(request: HttpRequest, year: int) -> HttpResponse:
    year = checked_year(request, year)
    form = AwardPickForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择奖项和获奖对象。", extra_tags=AT_PICK)
        return redirect(reverse("desk:year-detail", args=[year]) + "#pick")
    category = form.cleaned_data["category"]
    # Back to the same pick form, where its message stands, not to the top of a long page.
    here = f"pick-{category}"
    back = reverse("desk:year-detail", args=[year]) + f"#{here}"
    field, model = RECIPIENT_MODELS[category]
    recipient = model.objects.filter(pk=form.cleaned_data["candidate"]).first()
    if recipient is None:
        messages.error(request, "获奖对象不存在，请刷新页面后重选。", extra_tags=f"at-{here}")
        return redirect(back)
    try:
        award = award_create(
            appraisal_year=appraisal_year_get_or_create(year=year, office=request.office.office_id), category=category, actor=request.user,
            grade=form.cleaned_data["grade"], citation=form.cleaned_data["citation"], **{field: recipient},
        )
    except ValidationError as error:
        messages.error(request, "未能评定：" + "；".join(error.messages), extra_tags=f"at-{here}")
    else:
        messages.success(request, f"已评定{award.get_category_display()}：{award.recipient_name}",
                         extra_tags=f"at-{here}")
    return redirect(back)


@editor_required
def award_remove(request: HttpRequest, year: int, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award.objects.select_related("appraisal_year"), pk=award_id, appraisal_year__year=year,
                              appraisal_year__office_id=request.office.office_id)
    if request.method != "POST":
        return render(request, "desk/award_confirm_delete.html", {"year": year, "award": award})
    try:
        award_delete(award=award, actor=request.user)
    except ValidationError as error:
        messages.error(request, "未能撤销：" + "；".join(error.messages))
    else:
        messages.success(request, "已撤销该奖项。")
    return redirect("desk:year-detail", year=year)


@administrator_required
def year_close(request: HttpRequest, year: int) -> HttpResponse:
    year = checked_year(request, year)
    if request.method != "POST":
        resolved = resolve_year(year, office=request.office.office_id)
        return render(request, "desk/year_confirm.html", {
            "year": year, "closing": True, "period": resolved,
            "pending": pending_before_closing(resolved, timezone.localdate())})
    try:
        appraisal_year_close(appraisal_year=appraisal_year_get_or_create(year=year, office=request.office.office_id), actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{year}年度评选已结束，统计结果已冻结。")
    return redirect("desk:year-detail", year=year)


@administrator_required
def year_reopen(request: HttpRequest, year: int) -> HttpResponse:
    year = checked_year(request, year)
    appraisal_year = get_object_or_404(AppraisalYear, year=year, office_id=request.office.office_id)
    if request.method != "POST":
        return render(request, "desk/year_confirm.html", {"year": year, "closing": False})
    try:
        appraisal_year_reopen(appraisal_year=appraisal_year, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{year}年度已重新开放，统计恢复为实时计算。")
    return redirect("desk:year-detail", year=year)
