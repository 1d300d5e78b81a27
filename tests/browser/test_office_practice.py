"""The office's practice pages as people see them: the reward sheet, an outlet's page and training on
the desk at 1280 px (each table inside the page) and at 390 px (nothing pushes the page sideways), a
correspondent's training on a phone (390 px)."""

import datetime

import pytest
from django.utils import timezone

from awards.models import RewardRules
from awards.years import year_of
from contributions.models import State
from correspondents import roles
from correspondents.network import root_office
from liaison.models import Agreement, Contact
from outlets.models import Column, Cycle
from planning.models import Notice
from planning.services import notice_publish
from tests.factories import (
    AppraisalYearFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    PlacementFactory,
    UserFactory,
)
from training.models import Participant, Session

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDE = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_desk_s_practice_pages_fit_1280_px_and_a_phone(page, editor, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    today = timezone.localdate()
    year = AppraisalYearFactory(year=year_of(today))
    RewardRules.objects.create(appraisal_year=year, per_point_person=10, per_point_unit=5)
    paper = OutletFactory(name="《三峡日报》")
    column = Column.objects.create(outlet=paper, name="民主与法制", cycle=Cycle.MONTHLY)
    for n in range(12):
        person = CorrespondentFactory(name=f"通讯员{n:02d}号")
        PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, authors=[person],
                                                          credited_unit=person.unit),
                         outlet=paper, column=column, published_on=today - datetime.timedelta(days=n))
    Contact.objects.create(office=root_office(), outlet=paper, name="刘明", role=Contact.Role.HEAD, beat="人大、政协")
    Agreement.objects.create(office=root_office(), outlet=paper, column=column, kind=Agreement.Kind.COLUMN,
                             cycle=Cycle.MONTHLY, starts_on=today.replace(month=1, day=1),
                             ends_on=today.replace(month=12, day=31))
    Session.objects.create(office=root_office(), title="全市人大宣传通讯员培训班", starts_on=today, ends_on=today)
    log_in(page, editor.username, "secret-pass-2026")
    for path, name in [(f"/desk/years/{year.year}/rewards/", "rewards"), (f"/desk/outlets/{paper.pk}/", "outlet"),
                       ("/desk/trainings/", "trainings")]:
        page.goto(f"{page.base}{path}")
        if width == 1280:
            table = page.locator("main table").first.bounding_box()
            assert table["x"] >= 0 and table["x"] + table["width"] <= 1280, (name, table)
        assert page.evaluate(WIDE) <= 0, name  # at 390 px a wide table scrolls inside its own frame
        screenshot(page, f"practice-{name}-{width}")
    page.goto(f"{page.base}/desk/outlets/{paper.pk}/")
    assert "到期应刊发" in page.inner_text("main") and "刘明（负责人）" in page.inner_text("main")


def test_a_correspondent_signs_up_for_training_on_a_phone(page, editor, screenshot):
    person = CorrespondentFactory(user=UserFactory(username="xiaozhang", role=roles.CORRESPONDENT))
    notice = notice_publish(notice=Notice(title="关于举办通讯员培训班的通知", body="请报名。", to_everyone=True),
                            actor=editor)
    day = timezone.localdate() + datetime.timedelta(days=7)
    session = Session.objects.create(office=root_office(), title="全市人大宣传通讯员培训班", starts_on=day,
                                     ends_on=day, notice=notice)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{page.base}/accounts/login/?next=/portal/notices/{notice.pk}/")
    page.fill("input[name=username]", "xiaozhang")
    page.fill("input[name=password]", "secret-pass-2026")
    page.click("button:has-text('登录')")
    page.wait_for_url(lambda url: f"/portal/notices/{notice.pk}/" in url)
    button = page.locator("button:has-text('报名参加')").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 390
    page.click("button:has-text('报名参加')")
    page.wait_for_selector("text=您已报名")
    assert Participant.objects.filter(session=session, correspondent=person).exists()
    page.goto(f"{page.base}/portal/trainings/")
    assert "已报名" in page.inner_text("main") and page.evaluate(WIDE) <= 0
    screenshot(page, "portal-trainings-390")
