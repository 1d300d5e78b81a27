"""axe-core (through axe-playwright-python) over the twenty pages the office and the correspondents
use most, with data on them: no critical or serious finding. The counts of every impact are printed
per page (pytest -s) for the record."""

import datetime

import pytest

from awards.services import appraisal_year_get_or_create
from contributions.models import State
from correspondents.models import Unit
from planning.models import Notice, Topic, TopicKind
from planning.services import assign, notice_publish, topic_save
from tests.factories import (
    ColumnFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    TeamFactory,
    UnitFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-2026"
BLOCKING = {"critical", "serious"}


@pytest.fixture
def office(db):
    county = UnitFactory(name="枝江市人大常委会")
    UnitFactory(name="枝江市安福寺镇人大", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=county)
    team = TeamFactory(name="第一宣传小组")
    editor = UserFactory(username="desk-editor", role="编辑")
    writer = CorrespondentFactory(name="张晓明", unit=county, team=team,
                                  user=UserFactory(username="zhang", role="通讯员"))
    paper = OutletFactory(name="《三峡日报》")
    ColumnFactory(outlet=paper, name="代表风采")
    appraisal_year_get_or_create(year=2025)
    pieces = {}
    for state in (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED, State.PUBLISHED):
        pieces[state] = ContributionFactory(title=f"稿件（{state}）", state=state, authors=[writer], credited_unit=county)
    PlacementFactory(contribution=pieces[State.PUBLISHED], outlet=paper, published_on=datetime.date(2025, 6, 1))
    topic = topic_save(topic=Topic(title="专题询问", kind=TopicKind.SUPERVISION, starts_on=datetime.date(2025, 1, 1),
                                   ends_on=datetime.date(2026, 12, 31)), stages=None, actor=editor)
    assign(brief="写一篇代表联络站的通讯", due_on=datetime.date(2026, 12, 31), actor=editor, units=[county], topic=topic)
    notice_publish(notice=Notice(title="年终统计口径说明", body="请核对。"), actor=editor)
    return {"pieces": pieces, "topic": topic, "county": county}


def desk_pages(office) -> list[str]:
    return [
        "/desk/", "/desk/contributions/", "/desk/contributions/?state=accepted",
        f"/desk/contributions/{office['pieces'][State.IN_REVIEW].pk}/", "/desk/placements/",
        f"/desk/placements/new/?contribution={office['pieces'][State.ACCEPTED].pk}", "/desk/placements/import/",
        "/desk/claims/", "/desk/statistics/?year=2025", f"/desk/units/{office['county'].pk}/?year=2025",
        "/desk/bulletin/?month=2025-06", "/desk/years/2025/", "/desk/plan/", f"/desk/topics/{office['topic'].pk}/",
        "/desk/assignments/", "/desk/assignments/new/", "/desk/notices/new/",
    ]


def portal_pages(office) -> list[str]:
    return ["/portal/", "/portal/contributions/", "/portal/contributions/new/",
            f"/portal/contributions/{office['pieces'][State.PUBLISHED].pk}/", "/portal/tasks/"]


def findings(page) -> dict[str, list]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    by_impact: dict[str, list] = {}
    for violation in violations:
        by_impact.setdefault(violation["impact"], []).append(
            (violation["id"], [node["target"] for node in violation["nodes"]][:3]))
    return by_impact


def test_the_most_used_pages_have_no_critical_or_serious_accessibility_finding(page, browser, live_server, office):
    report = {}
    log_in(page, "desk-editor", PASSWORD)
    for path in desk_pages(office):
        page.goto(f"{page.base}{path}")
        report[path] = findings(page)
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    portal = phone.new_page()
    portal.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    report["/accounts/login/"] = findings(portal)
    portal.fill("input[name=username]", "zhang")
    portal.fill("input[name=password]", PASSWORD)
    portal.click("button:has-text('登录')")
    for path in portal_pages(office):
        portal.goto(f"{live_server.url}{path}")
        report[f"{path} (390 px)"] = findings(portal)
    phone.close()
    assert len(report) >= 20
    for path, by_impact in report.items():
        print(path, {impact: len(found) for impact, found in by_impact.items()})
    blocking = {path: {impact: found for impact, found in by_impact.items() if impact in BLOCKING}
                for path, by_impact in report.items()}
    assert {path: found for path, found in blocking.items() if found} == {}
