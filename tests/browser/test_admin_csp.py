"""The admin under the site's Content-Security-Policy: no inline style or script on any page the
office uses, the import and export screens included (the browser reports every violation)."""

import pytest
from django.urls import reverse

from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-2026"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def admin_pages(db):
    UserFactory(username="site-admin", role="管理员", is_superuser=True)
    unit = UnitFactory(name="枝江市人大常委会")
    correspondent = CorrespondentFactory(name="张晓明", unit=unit)
    outlet = OutletFactory(name="《三峡日报》")
    piece = ContributionFactory(title="代表联络站里的民生账", authors=[correspondent], credited_unit=unit)
    pages = ["admin:index"]
    for model in ["correspondents_unit", "correspondents_correspondent", "outlets_outlet",
                  "contributions_contribution", "contributions_placement", "awards_award"]:
        pages += [f"admin:{model}_changelist", f"admin:{model}_add"]
    for model in ["correspondents_unit", "correspondents_correspondent", "outlets_outlet"]:
        pages += [f"admin:{model}_import", f"admin:{model}_export"]
    urls = [reverse(name) for name in pages]
    urls += [reverse("admin:contributions_contribution_change", args=[piece.pk]),
             reverse("admin:outlets_outlet_change", args=[outlet.pk])]
    return urls


def test_no_admin_page_breaks_the_content_security_policy(page, admin_pages, screenshot):
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, "site-admin", PASSWORD, next_url="/admin/")
    found = {}
    for url in admin_pages:
        page.goto(page.base + url)
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__violations")
        if violations:
            found[url] = violations
    assert not found, f"CSP 违规：{found}"
    assert not console, console


def test_importing_outlets_in_the_admin_speaks_chinese_and_keeps_the_policy(page, admin_pages, tmp_path, screenshot):
    import openpyxl

    from outlets.models import Outlet

    page.add_init_script(RECORD_VIOLATIONS)
    book = openpyxl.Workbook()
    book.active.append(["名称", "级别", "类型", "机关刊物", "栏目"])
    book.active.append(["《楚天主人》", "省级", "期刊", "否", "代表风采、履职纪实"])
    path = tmp_path / "媒体.xlsx"
    book.save(path)
    log_in(page, "site-admin", PASSWORD, next_url="/admin/outlets/outlet/import/")
    page.set_input_files("input[name=import_file]", str(path))
    page.select_option("select[name=format]", label="xlsx")
    page.click("input[type=submit]")
    page.wait_for_selector("input[name=confirm]")
    screenshot(page, "admin-import-preview")
    preview = page.inner_text("#content")
    assert "《楚天主人》" in preview and "代表风采、履职纪实" in preview  # the preview shows the columns too
    for english in ["Select all", "Tablib", "Submit", "Preview", "Import"]:
        assert english not in preview, english
    page.click("input[name=confirm]")
    page.wait_for_load_state("load")
    assert Outlet.objects.get(name="《楚天主人》").columns.count() == 2
    assert page.evaluate("window.__violations") == []
