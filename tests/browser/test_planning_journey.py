"""Planning in the browser: an editor plans a topic and commissions it from two units; a
correspondent of one sees the task, writes and submits against it; the editor accepts it and logs
its placement; the topic page shows the stage covered and the assignment 已刊发. An overdue
assignment comes first on the desk, and 我的任务 works on a phone."""

import datetime

import pytest
from django.utils import timezone

from contributions.models import Contribution, State
from planning.models import Assignment, Topic
from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-2026"


@pytest.fixture
def office(db):
    editor = UserFactory(username="plan-editor", role="编辑", first_name="宣传处编辑")
    zhijiang = UnitFactory(name="枝江市人大常委会")
    UnitFactory(name="宜都市人大常委会")
    UnitFactory(name="当阳市人大常委会")
    writer = CorrespondentFactory(name="张晓明", unit=zhijiang,
                                  user=UserFactory(username="plan-writer", role="通讯员", first_name="张晓明"))
    OutletFactory(name="《湖北日报》", level="provincial")
    return {"editor": editor, "writer": writer}


def test_a_topic_is_planned_commissioned_written_accepted_placed_and_followed(page, browser, live_server, office,
                                                                               screenshot):
    due = timezone.localdate() + datetime.timedelta(days=20)
    log_in(page, "plan-editor", PASSWORD, next_url="/desk/plan/")
    page.wait_for_selector("h1:has-text('宣传计划')")

    # Plan a supervision topic: it gets the five stages of supervision.
    page.click("a:has-text('新建选题')")
    page.fill("input[name=title]", "常委会专题询问：农村饮水安全")
    page.select_option("select[name=kind]", label="监督")
    page.fill("input[name=starts_on]", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("input[name=ends_on]", f"{due + datetime.timedelta(days=60):%Y-%m-%d}")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存选题")
    topic = Topic.objects.get(title="常委会专题询问：农村饮水安全")
    assert list(topic.stages.values_list("name", flat=True)) == ["议题征集", "调查研究", "会议审议", "意见反馈", "督办落实"]

    # Commission the 调查研究 stage from two units at once.
    page.click("a:has-text('就此选题约稿')")
    page.select_option("select[name=topic_stage]", label="常委会专题询问：农村饮水安全 · 调查研究")
    page.select_option("select[name=genre]", label="通讯")
    page.fill("textarea[name=brief]", "写本地农村饮水工程的调研，1500 字以内。")
    page.fill("input[name=due_on]", f"{due:%Y-%m-%d}")
    page.check("label:has-text('枝江市人大常委会') >> input")
    page.check("label:has-text('宜都市人大常委会') >> input")
    page.click("button:has-text('发出约稿')")
    page.wait_for_selector("text=已发出约稿 2 项")
    assert Assignment.objects.filter(topic=topic, stage__name="调查研究").count() == 2

    # The correspondent of one of the units sees the task on the portal home and writes for it.
    portal = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    portal.goto(f"{live_server.url}/accounts/login/")
    portal.fill("input[name=username]", "plan-writer")
    portal.fill("input[name=password]", PASSWORD)
    portal.click("button:has-text('登录')")
    task = portal.locator("section.tasks tr", has_text="写本地农村饮水工程的调研")
    task.wait_for()
    assert "还有 20 天" in task.inner_text()
    assert portal.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(portal, "portal-tasks-phone")
    task.locator("a:has-text('写稿回应')").click()
    assert portal.locator("select[name=topic_stage] option:checked").inner_text() == \
        "常委会专题询问：农村饮水安全 · 调查研究"
    assert portal.locator("select[name=genre] option:checked").inner_text() == "通讯"
    portal.fill("input[name=title]", "枝江：一口井到一根管")
    portal.fill("textarea[name=body]", "第一段。\n\n第二段。")
    portal.click("button:has-text('保存并报送')")
    portal.click("button:has-text('确认报送')")
    portal.wait_for_selector("text=已报送")
    piece = Contribution.objects.get(title="枝江：一口井到一根管")
    assert piece.state == State.SUBMITTED
    portal.goto(f"{live_server.url}/portal/tasks/")
    assert "已交稿" in portal.locator("tr", has_text="写本地农村饮水工程的调研").inner_text()
    portal.context.close()

    # The editor accepts it and logs its placement.
    page.goto(f"{page.base}/desk/")
    page.click("text=枝江：一口井到一根管")
    page.click("button:has-text('开始审核')")
    page.click("form.move button:text-is('录用')")
    page.wait_for_selector("text=已录用")
    page.goto(f"{page.base}/desk/placements/new/")
    page.fill("input[name=q]", "一口井")
    page.keyboard.press("Enter")
    page.click("a:has-text('选择')")
    page.select_option("select[name=outlet]", label="《湖北日报》")
    page.fill("input[name=page]", "第5版")
    page.click("button:has-text('保存用稿记录')")
    page.wait_for_selector("text=已登记")

    # The topic page: 调查研究 covered (one piece placed in a provincial paper), the assignment 已刊发,
    # the other unit's still waiting, the stages with nothing named as gaps.
    page.goto(f"{page.base}/desk/topics/{topic.pk}/")
    survey = page.locator("li.stage", has_text="调查研究")
    assert "报送 1 · 录用 1 · 刊发 1 · 约稿 2" in survey.locator("h2").inner_text()
    assert "《湖北日报》（省级）" in survey.inner_text()
    assert survey.locator("tr", has_text="写本地农村饮水工程").filter(has_text="枝江市人大常委会").locator(".badge").inner_text() == "已刊发"
    assert survey.locator("tr", has_text="写本地农村饮水工程").filter(has_text="宜都市人大常委会").locator(".badge").inner_text() == "待交稿"
    assert "议题征集、会议审议、意见反馈、督办落实" in page.locator("p.notice").inner_text()
    screenshot(page, "desk-topic-journey")


def test_an_overdue_assignment_comes_first_on_the_desk(page, office):
    from planning.services import assign

    today = timezone.localdate()
    units = {unit.name: unit for unit in office["writer"].unit.__class__.objects.all()}
    assign(brief="下周要的稿件", due_on=today + datetime.timedelta(days=7), actor=office["editor"],
           units=[units["宜都市人大常委会"]])
    assign(brief="上周就该交的稿件", due_on=today - datetime.timedelta(days=7), actor=office["editor"],
           units=[units["当阳市人大常委会"]])
    log_in(page, "plan-editor", PASSWORD, next_url="/desk/assignments/")
    first = page.locator("table tbody tr").first
    first.wait_for()
    assert "上周就该交的稿件" in first.inner_text() and "逾期" in first.inner_text()
    assert "计划 逾期 1" in page.locator("header nav").inner_text()  # the group of 约稿 counts it
