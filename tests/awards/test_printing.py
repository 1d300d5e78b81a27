"""What offices print: the year-end workbook through LibreOffice, the bulletin and the year-end
summary as PDFs with the Chinese font embedded."""

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.workbook import write_year_workbook
from awards.years import resolve_year
from correspondents.models import Unit

from . import worked_example

pytestmark = pytest.mark.django_db

A4 = sorted((595, 842))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def embedded_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor is not None and any(key in descriptor.get_object() for key in
                                              ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    return fonts


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装，跳过打印检查。CI 会安装它。")
def test_the_demo_years_unit_sheet_prints_on_one_a4_page_width_with_its_title(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    year = timezone.localdate().year - 1
    assert Unit.objects.count() <= 40
    path = tmp_path / "year.xlsx"
    write_year_workbook(resolve_year(year), str(path))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    pdf = (tmp_path / "year.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert all(sorted(round(float(size)) for size in page.mediabox.upper_right) == A4 for page in reader.pages)
    texts = page_texts(pdf)
    unit_pages = [text for text in texts if f"{year}年度人大宣传工作统计 · 单位汇总" in text]
    assert len(unit_pages) == 1, [text[:80] for text in texts]
    # Every column of the sheet on that one page: the first, the last, and every unit.
    page = unit_pages[0]
    assert "排名" in page and "完成率" in page and "内部刊物" in page and "第 1 页" in page
    assert all(name in page for name in Unit.objects.values_list("name", flat=True))
    # Every sheet has its title in the page header, and the header row repeats on each detail page.
    detail_pages = [text for text in texts if "用稿明细" in text]
    assert len(detail_pages) > 1 and all("刊发日期" in text and "积分" in text for text in detail_pages)
    assert any("县市区汇总（含乡镇）" in text for text in texts)


def test_the_bulletin_and_the_year_end_summary_download_as_pdf_with_the_chinese_font_embedded(client, editor):
    worked_example.build()
    client.force_login(editor)
    bulletin = client.get(reverse("desk:bulletin-pdf"), {"month": "2025-06"})
    assert bulletin["Content-Type"] == "application/pdf" and "filename*=" in bulletin["Content-Disposition"]
    text = "".join(page_texts(bulletin.content))
    assert "2025年6月人大宣传用稿情况通报" in text and "稿件X2" in text and "《湖北日报》" in text
    assert any("CJK" in font for font in embedded_fonts(bulletin.content))
    summary = client.get(reverse("desk:year-summary-pdf", args=[2025]))
    text = "".join(page_texts(summary.content))
    assert "2025年度人大宣传工作统计" in text and "枝江市人大常委会" in text and "36.00" in text and "31.96" in text
    assert any("CJK" in font for font in embedded_fonts(summary.content))
