"""奖励发放表: the year's money per person and unit, on the desk and as a PDF with a column to sign."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from awards.rewards import reward_table
from awards.workbook import reward_note, year_title
from awards.years import resolve_year
from correspondents.access import editor_required

from ..pdf import pdf_response
from .years import checked_year


def _context(request: HttpRequest, year: int) -> dict:
    resolved = resolve_year(checked_year(request, year), office=request.office.office_id)
    table = reward_table(resolved)
    return {"year": year, "title": f"{year_title(resolved)} · 奖励发放表", "table": table,
            "note": reward_note(table), "frozen": resolved.is_closed}


@editor_required
def reward_page(request: HttpRequest, year: int) -> HttpResponse:
    return render(request, "desk/rewards.html", _context(request, year))


@editor_required
def reward_pdf(request: HttpRequest, year: int) -> HttpResponse:
    return pdf_response("desk/pdf/rewards.html", _context(request, year), f"奖励发放表-{year}.pdf")
