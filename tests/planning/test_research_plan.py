"""The theory research plan: papers delivered for a 理论研究 topic are 优秀论文 candidates, placed or
not, marked 课题成果; drafts, other genres and other kinds of topic are not."""

import datetime

import pytest
from django.urls import reverse

from awards.selectors import work_candidates
from awards.years import resolve_year
from contributions.models import Genre, State
from planning.models import Topic, TopicKind
from planning.services import tag_contribution, topic_save
from tests.conftest import page_text
from tests.factories import AppraisalYearFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def topic(editor, title, kind):
    return topic_save(topic=Topic(title=title, kind=kind, starts_on=datetime.date(2025, 2, 1),
                                  ends_on=datetime.date(2025, 12, 1)), stages=None, actor=editor)


def test_research_plan_results_are_paper_candidates(client, editor):
    AppraisalYearFactory(year=2025)
    research = topic(editor, "2025年度人大理论研究课题", TopicKind.RESEARCH)
    inquiry = topic(editor, "专题询问", TopicKind.SUPERVISION)
    delivered = ContributionFactory(title="论基层人大监督实效", genre=Genre.THEORY, state=State.SUBMITTED)
    draft = ContributionFactory(title="还在写的论文", genre=Genre.RESEARCH, state=State.DRAFT)
    news = ContributionFactory(title="课题组调研消息", genre=Genre.NEWS, state=State.SUBMITTED)
    elsewhere = ContributionFactory(title="询问里的调研报告", genre=Genre.RESEARCH, state=State.SUBMITTED)
    for piece in (delivered, draft, news):
        tag_contribution(contribution=piece, topic=research, stage=None, actor=editor)
    tag_contribution(contribution=elsewhere, topic=inquiry, stage=None, actor=editor)
    papers = work_candidates(resolve_year(2025), papers_only=True)
    assert [(c.title, c.research_topic, c.placements) for c in papers] == [("论基层人大监督实效", research.title, 0)]
    assert work_candidates(resolve_year(2025)) == []  # 好新闻奖 stays pieces placed in the year
    assert work_candidates(resolve_year(2024), papers_only=True) == []  # the topic ran in 2025
    client.force_login(editor)
    assert "课题成果" in page_text(client.get(reverse("desk:year-detail", args=[2025])))
