"""审签 on a phone: the leader opens 待我审签 at 390 px, reads the piece and signs it off; the desk then
says who signed (1280 px)."""

import pytest

from contributions.models import Contribution, State
from contributions.services import contribution_transition
from correspondents import roles
from correspondents.models import Unit
from tests.factories import ContributionFactory, CorrespondentFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_signs_off_on_a_phone_and_the_desk_says_so(page, editor, screenshot):
    unit = UnitFactory(name="市人大常委会法工委", kind=Unit.Kind.OFFICE_DEPARTMENT, sign_off=True)
    author = CorrespondentFactory(unit=unit, user=UserFactory(username="xiaowang", role=roles.CORRESPONDENT))
    CorrespondentFactory(name="周主任", unit=unit, signs_off=True,
                         user=UserFactory(username="lingdao", role=roles.CORRESPONDENT))
    piece = ContributionFactory(title="法工委就物业管理条例草案征求基层意见", state=State.DRAFT, authors=[author],
                                credited_unit=unit)
    contribution_transition(contribution=piece, to_state=State.AWAITING_SIGN_OFF, actor=author.user)

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{page.base}/accounts/login/?next=/portal/sign-off/")
    page.fill("input[name=username]", "lingdao")
    page.fill("input[name=password]", "secret-pass-2026")
    page.click("button:has-text('登录')")
    page.wait_for_url(lambda url: "/portal/sign-off/" in url)
    page.click(f"a:has-text('{piece.title}')")
    page.wait_for_selector("button:has-text('审签通过')")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    approve = page.locator("button:has-text('审签通过')").bounding_box()
    assert approve["x"] >= 0 and approve["x"] + approve["width"] <= 390 and approve["height"] >= 32
    screenshot(page, "sign-off-390")
    page.click("button:has-text('审签通过')")
    page.wait_for_selector("text=已审签通过")
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, editor.username, "secret-pass-2026", next_url=f"/desk/contributions/{piece.pk}/")
    page.goto(f"{page.base}/desk/contributions/{piece.pk}/")
    assert "审签：周主任（市人大常委会法工委审签人）" in page.inner_text(".signed-off")
