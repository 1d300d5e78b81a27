import datetime
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contributions.models import Contribution
from contributions.models import Authorship, Placement, State
from contributions.selectors import contributions_of
from correspondents.access import administrator_required, correspondent_required, editor_required
from correspondents.models import Correspondent, Unit
from correspondents.roles import is_administrator

from .forms import AwardPickForm
from .models import AppraisalYear, Award
from outlets.models import Level

from .scoring import points_of_placements, rules_for_year
from .selectors import placement_details_in, unit_tallies, work_candidates, year_tallies
from .statistics import month_bounds, monthly_counts, team_weeks, top_outlets, year_to_date
from .services import (
    appraisal_year_close,
    appraisal_year_get_or_create,
    appraisal_year_reopen,
    award_create,
    award_delete,
)
from .workbook import default_filename, write_bulletin_workbook, write_year_workbook

FIRST_YEAR = 2000


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404("没有这个年度。")
    return year


@editor_required
def year_index(request: HttpRequest) -> HttpResponse:
    return redirect("awards:year-detail", year=timezone.localdate().year)


@editor_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    tallies = year_tallies(year)
    appraisal_year = AppraisalYear.objects.filter(year=year).first()
    awards = (
        appraisal_year.awards.select_related("unit", "correspondent__unit", "contribution__credited_unit")
        if appraisal_year else Award.objects.none()
    )
    people_page = Paginator(tallies.people, 50).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(request, "awards/year_detail.html", {
        "year": year,
        "years": range(this_year, max(FIRST_YEAR, this_year - 10) - 1, -1),
        "tallies": tallies,
        "appraisal_year": appraisal_year,
        "awards": awards,
        "people_page": people_page,
        "unit_candidates": tallies.units[:30],
        "people_candidates": tallies.people[:50],
        "news_candidates": work_candidates(year),
        "paper_candidates": work_candidates(year, papers_only=True),
        "grades": Award.Grade.choices,
        "may_close": is_administrator(request.user),
    })


@editor_required
def year_export(request: HttpRequest, year: int) -> FileResponse:
    year = _checked_year(year)
    # A spooled file keeps small workbooks in memory and spills big ones to disk.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_year_workbook(year, buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=default_filename(year),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


RECIPIENT_MODELS = {
    Award.Category.ADVANCED_UNIT: ("unit", Unit),
    Award.Category.EXCELLENT_CORRESPONDENT: ("correspondent", Correspondent),
    Award.Category.GOOD_NEWS: ("contribution", Contribution),
    Award.Category.EXCELLENT_PAPER: ("contribution", Contribution),
}


@require_POST
@editor_required
def award_add(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    form = AwardPickForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择奖项和获奖对象。")
        return redirect("awards:year-detail", year=year)
    category = form.cleaned_data["category"]
    field, model = RECIPIENT_MODELS[category]
    recipient = model.objects.filter(pk=form.cleaned_data["candidate"]).first()
    if recipient is None:
        messages.error(request, "获奖对象不存在，请刷新页面后重选。")
        return redirect("awards:year-detail", year=year)
    try:
        award = award_create(
            appraisal_year=appraisal_year_get_or_create(year=year), category=category, actor=request.user,
            grade=form.cleaned_data["grade"], citation=form.cleaned_data["citation"], **{field: recipient},
        )
    except ValidationError as error:
        messages.error(request, "未能评定：" + "；".join(error.messages))
    else:
        messages.success(request, f"已评定{award.get_category_display()}：{award.recipient_name}")
    return redirect("awards:year-detail", year=year)


@editor_required
def award_remove(request: HttpRequest, year: int, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award.objects.select_related("appraisal_year"), pk=award_id, appraisal_year__year=year)
    if request.method != "POST":
        return render(request, "awards/award_confirm_delete.html", {"year": year, "award": award})
    try:
        award_delete(award=award, actor=request.user)
    except ValidationError as error:
        messages.error(request, "未能撤销：" + "；".join(error.messages))
    else:
        messages.success(request, "已撤销该奖项。")
    return redirect("awards:year-detail", year=year)


@administrator_required
def year_close(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    if request.method != "POST":
        return render(request, "awards/year_confirm.html", {"year": year, "closing": True})
    try:
        appraisal_year_close(appraisal_year=appraisal_year_get_or_create(year=year), actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{year}年度评选已结束，统计结果已冻结。")
    return redirect("awards:year-detail", year=year)


@administrator_required
def year_reopen(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    appraisal_year = get_object_or_404(AppraisalYear, year=year)
    if request.method != "POST":
        return render(request, "awards/year_confirm.html", {"year": year, "closing": False})
    try:
        appraisal_year_reopen(appraisal_year=appraisal_year, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{year}年度已重新开放，统计恢复为实时计算。")
    return redirect("awards:year-detail", year=year)


# --- statistics and the monthly bulletin ----------------------------------------------------------

def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    year = int(raw) if raw.isdigit() else this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


@editor_required
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year_param(request)
    units = year_tallies(year, people=False).units
    months = monthly_counts(year)
    peak = max((row.total for row in months), default=0) or 1
    chart = []
    for row in months:
        height = round(row.total / peak * CHART_HEIGHT)
        chart.append({"row": row, "height": height, "x": 40 + (row.month - 1) * 52, "y": CHART_HEIGHT + 20 - height})
    ytd_rows, ytd_total, last_day = year_to_date(today)
    mondays, teams = team_weeks(today)
    this_year = today.year
    return render(request, "awards/statistics.html", {
        "year": year,
        "years": range(this_year, max(FIRST_YEAR, this_year - 10) - 1, -1),
        "units": units,
        "unit_totals": {level: sum(getattr(u, level) for u in units) for level in ("national", "provincial", "municipal", "county", "total")},
        "months": months,
        "chart": chart,
        "chart_height": CHART_HEIGHT,
        "peak": peak,
        "ytd_rows": ytd_rows,
        "ytd_total": ytd_total,
        "today": today,
        "last_day": last_day,
        "mondays": mondays,
        "teams": teams,
        "top_outlets": top_outlets(year),
    })


CHART_HEIGHT = 160


def _month_param(request: HttpRequest) -> tuple[int, int]:
    raw = request.GET.get("month", "")
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in raw.split("-"))
        if FIRST_YEAR <= year <= today.year + 1 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    first_of_month = today.replace(day=1)
    previous = first_of_month - datetime.timedelta(days=1)
    return previous.year, previous.month


def _bulletin(year: int, month: int):
    rules, _, _ = rules_for_year(year)
    start, end = month_bounds(year, month)
    units = unit_tallies(year, rules=rules, start=start, end=end)
    notable = list(placement_details_in(start, end, rules=rules, levels=[Level.NATIONAL, Level.PROVINCIAL]))
    return start, end, units, notable


@editor_required
def bulletin(request: HttpRequest) -> HttpResponse:
    year, month = _month_param(request)
    start, end, units, notable = _bulletin(year, month)
    return render(request, "awards/bulletin.html", {
        "year": year, "month": month, "month_value": f"{year}-{month:02d}", "start": start, "end": end,
        "units": [u for u in units if u.total], "quiet_units": [u.name for u in units if not u.total],
        "notable": notable, "total": sum(u.total for u in units),
    })


@editor_required
def bulletin_export(request: HttpRequest) -> FileResponse:
    year, month = _month_param(request)
    start, end, units, notable = _bulletin(year, month)
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_bulletin_workbook(buffer, units=units, notable=notable)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"月度通报-{year}年{month}月.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- the portal's "my year" -------------------------------------------------------------------------

@correspondent_required
def portal_home(request: HttpRequest) -> HttpResponse:
    """A correspondent's year: the same numbers the year-end workbook prints for them."""
    year = _year_param(request)
    tallies = year_tallies(year, units=False)
    me = next((row for row in tallies.people if row.id == request.correspondent.pk), None)
    page = Paginator(
        Placement.objects.in_period(tallies.period_start, tallies.period_end)
        .filter(contribution__in=contributions_of(request.correspondent))
        .select_related("contribution", "outlet", "column").order_by("-published_on", "-id"),
        50,
    ).get_page(request.GET.get("page"))
    placements = list(page)
    points = points_of_placements(placements)
    shares = dict(Authorship.objects.filter(correspondent=request.correspondent,
                                            contribution__in=[p.contribution_id for p in placements])
                  .values_list("contribution_id", "share"))
    for placement in placements:
        placement.points = points[placement.pk]
        placement.my_share = shares.get(placement.contribution_id)
    this_year = timezone.localdate().year
    waiting = contributions_of(request.correspondent).filter(state=State.RETURNED).order_by("-updated_at")[:5]
    return render(request, "portal/home.html", {
        "year": year, "years": range(this_year, this_year - 5, -1), "me": me, "people_count": len(tallies.people),
        "placements": placements, "page": page, "query_string": f"year={year}", "frozen": tallies.frozen,
        "returned": waiting,
        "quota_percent": min(100, round(me.completion * 100)) if me and me.completion is not None else None,
    })
