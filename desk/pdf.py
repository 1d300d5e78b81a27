"""Documents offices print as PDF (the monthly bulletin, the year-end summary, an issue's contents),
rendered from HTML by WeasyPrint with the CJK font embedded (Debian: fonts-noto-cjk and pango)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: only these downloads need pango

    return HTML(string=render_to_string(template, context)).write_pdf()


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
