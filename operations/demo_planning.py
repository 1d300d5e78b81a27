"""Demo data for planning the publicity: a year's plan of a dozen topics, a 专题询问 followed through
its five stages, commissioned pieces in every state, notices read and unread. Safe to run again: when
the 专题询问 topic exists nothing is added."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from contributions.models import Contribution, Genre, State, Transition
from contributions.services import contribution_create, contribution_transition, placement_create
from correspondents.models import Correspondent, Team, Unit
from outlets.models import Outlet
from planning.models import Notice, NoticeRead, Topic, TopicKind
from planning.services import answer_link, assign, notice_publish, tag_contribution, topic_save

from .demo_offices import reviewer_of

INQUIRY = "常委会专题询问：农村饮水安全"

# title, kind, (start month, day), (end month, day), status when the period is over / running / ahead
PLAN = [
    ("市第五届人民代表大会第五次会议", TopicKind.MEETING, (1, 5), (2, 20)),
    (INQUIRY, TopicKind.SUPERVISION, (3, 1), (12, 31)),
    ("《宜昌市文明行为促进条例》立法", TopicKind.LEGISLATION, (2, 1), (11, 30)),
    ("代表履职故事", TopicKind.DEPUTIES, (1, 1), (12, 31)),
    ("代表联络站建设", TopicKind.GRASSROOTS, (4, 1), (12, 31)),
    ("年度人大理论研究课题", TopicKind.RESEARCH, (2, 15), (12, 15)),
    ("长江大保护执法检查", TopicKind.SUPERVISION, (5, 1), (10, 31)),
    ("全过程人民民主基层实践", TopicKind.GRASSROOTS, (3, 1), (12, 31)),
    ("常委会会议审议报告", TopicKind.MEETING, (1, 1), (12, 31)),
    ("优化营商环境专题调研", TopicKind.SUPERVISION, (6, 1), (12, 31)),
    ("乡村振兴代表视察", TopicKind.OTHER, (8, 1), (12, 20)),
    ("民生实事项目票决制", TopicKind.GRASSROOTS, (10, 1), (12, 31)),
]

# The inquiry's pieces, stage by stage: (stage, title, genre, how far it got, outlet of its placement)
INQUIRY_PIECES = [
    ("议题征集", "农村饮水安全列入专题询问议题", Genre.NEWS, State.PUBLISHED, "宜昌人大网"),
    ("议题征集", "代表建议聚焦农村饮水“最后一公里”", Genre.NEWS, State.PUBLISHED, "《三峡日报》"),
    ("调查研究", "关于农村饮水安全工作情况的调研报告", Genre.RESEARCH, State.PUBLISHED, "《楚天主人》杂志"),
    ("调查研究", "调研组走进十个村组察看供水设施", Genre.NEWS, State.ACCEPTED, None),
    ("会议审议", "专题询问现场直击：问水于民", Genre.FEATURE, State.PUBLISHED, "中国人大网"),
    ("意见反馈", "专题询问意见交办政府研究处理", Genre.NEWS, State.SUBMITTED, None),
]


def _day(year: int, month_day: tuple[int, int]) -> datetime.date:
    return datetime.date(year, *month_day)


def _status(start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if end < today:
        return Topic.Status.DONE
    return Topic.Status.ACTIVE if start <= today else Topic.Status.PLANNED


def seed_planning(*, editor: User, this_year: int) -> None:
    if Topic.objects.filter(title=INQUIRY).exists():
        return
    today = timezone.localdate()
    topics = {}
    for title, kind, start, end in PLAN:
        starts_on, ends_on = _day(this_year, start), _day(this_year, end)
        topics[title] = topic_save(topic=Topic(title=title, kind=kind, starts_on=starts_on, ends_on=ends_on,
                                               owner=editor, status=_status(starts_on, ends_on, today),
                                               description=f"{this_year}年宣传计划：{title}。"),
                                   stages=None, actor=editor)
    counties = list(Unit.objects.filter(kind=Unit.Kind.COUNTY_CONGRESS).order_by("sort_order", "name"))
    writer = Correspondent.objects.filter(user__username="tongxunyuan").select_related("unit").first()
    _follow_the_inquiry(topics[INQUIRY], editor, writer, counties, today)
    _liaison_stations(topics["代表联络站建设"], editor, counties, today)
    _research_plan(topics["年度人大理论研究课题"], editor, counties, today)
    _writers_tasks(topics, editor, writer, today)
    _notices(topics, editor, counties, writer)


def _piece(*, title, genre, author, editor, target, outlet_name=None, days_ago=30):
    contribution = contribution_create(title=title, body=f"{title}。\n\n（{author.name}）", genre=genre,
                                       authors=[author], actor=author.user or editor)
    path = {State.SUBMITTED: [State.SUBMITTED], State.ACCEPTED: [State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED],
            State.PUBLISHED: [State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED]}.get(target, [])
    reviewer = reviewer_of(contribution, editor)  # the editor of the piece's home office
    for state in path:
        contribution_transition(contribution=contribution, to_state=state, actor=reviewer)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Contribution.objects.filter(pk=contribution.pk).update(created_at=when)
    Transition.objects.filter(contribution=contribution).update(created_at=when + datetime.timedelta(hours=2))
    if target == State.PUBLISHED and outlet_name:
        placement_create(contribution=contribution, outlet=Outlet.objects.get(name=outlet_name),
                         published_on=min(timezone.localdate(), (when + datetime.timedelta(days=3)).date()),
                         page="第2版", actor=reviewer)
    return Contribution.objects.get(pk=contribution.pk)


def _follow_the_inquiry(topic, editor, writer, counties, today):
    """议题征集 to 意见反馈 covered, 督办落实 still a gap; commissioned pieces in every state."""
    stages = {stage.name: stage for stage in topic.stages.all()}
    authors = [writer, *Correspondent.objects.filter(unit__in=counties[1:3]).order_by("pk")[:3]]
    for number, (stage, title, genre, target, outlet) in enumerate(INQUIRY_PIECES):
        piece = _piece(title=title, genre=genre, author=authors[number % len(authors)], editor=editor, target=target,
                       outlet_name=outlet, days_ago=200 - number * 30)
        tag_contribution(contribution=piece, topic=topic, stage=stages[stage], actor=editor)
    # Commissioned for the 意见反馈 and 督办落实 stages: delivered, accepted, placed, overdue, waiting.
    feedback = stages["意见反馈"]  # 督办落实 is left without pieces or assignments: a gap the page shows
    plans = [
        (counties[0], feedback, -40, State.PUBLISHED, "《湖北日报》"),
        (counties[1], feedback, -20, State.ACCEPTED, None),
        (counties[2], feedback, -10, State.SUBMITTED, None),
        (counties[3], feedback, -5, None, None),
        (counties[4], feedback, 20, None, None),
    ]
    for unit, stage, due_in, target, outlet in plans:
        (assignment,) = assign(topic=topic, stage=stage, genre=Genre.NEWS, units=[unit], actor=editor,
                               due_on=today + datetime.timedelta(days=due_in),
                               brief=f"围绕专题询问“{stage.name}”阶段，写一篇本地的落实情况，800 字左右，争取上省级媒体。")
        author = Correspondent.objects.filter(unit=unit).order_by("pk").first()
        if target and author:
            piece = _piece(title=f"{unit.name.removesuffix('人大常委会')}：专题询问审议意见落实情况", genre=Genre.NEWS,
                           author=author, editor=editor, target=target, outlet_name=outlet, days_ago=-due_in + 2)
            answer_link(assignment=assignment, contribution=piece, actor=editor)


def _liaison_stations(topic, editor, counties, today):
    """One topic commissioned from every county congress at once (the bulk path)."""
    assign(topic=topic, genre=Genre.FEATURE, units=counties, actor=editor, due_on=today + datetime.timedelta(days=12),
           brief="写一个代表联络站的故事：站里一件事、一位代表、一个群众，1500 字以内，配两张照片。")


def _research_plan(topic, editor, counties, today):
    (first, second) = assign(topic=topic, genre=Genre.THEORY, units=counties[:2], actor=editor,
                             due_on=today - datetime.timedelta(days=15),
                             brief="年度理论研究课题：基层人大监督实效，8000 字以内，附调研数据。")
    author = Correspondent.objects.filter(unit=counties[0]).order_by("pk").first()
    if author:
        paper = _piece(title="提升县级人大监督实效的路径研究", genre=Genre.THEORY, author=author, editor=editor,
                       target=State.SUBMITTED, days_ago=20)
        answer_link(assignment=first, contribution=paper, actor=editor)


def _writers_tasks(topics, editor, writer, today):
    """The demo correspondent's own tasks: one due soon, one overdue."""
    if writer is None:
        return
    assign(topic=topics["代表履职故事"], genre=Genre.FEATURE, correspondents=[writer], actor=editor,
           due_on=today + datetime.timedelta(days=5), brief="写一位乡镇人大代表的履职故事，1200 字左右。")
    assign(topic=topics["民生实事项目票决制"], genre=Genre.NEWS, correspondents=[writer], actor=editor,
           due_on=today - datetime.timedelta(days=3), brief="报道本地民生实事项目票决的过程和结果，一篇消息。")
    team = Team.objects.order_by("name").first()
    if team:
        assign(topic=topics["全过程人民民主基层实践"], genre=Genre.NEWS, teams=[team], actor=editor,
               due_on=today + datetime.timedelta(days=30), brief="每位组员一篇基层民主实践的消息。")


def _notices(topics, editor, counties, writer):
    everyone = notice_publish(notice=Notice(
        title="关于开展“代表联络站建设”主题征稿的通知", topic=topics["代表联络站建设"], to_everyone=True,
        published_at=timezone.now() - datetime.timedelta(days=40),
        body="各位通讯员：\n\n为展示代表联络站建设成果，现开展主题征稿。稿件请通过系统报送，注明“代表联络站”。"),
        actor=editor)
    research = notice_publish(notice=Notice(
        title="关于报送年度人大理论研究成果的通知", topic=topics["年度人大理论研究课题"], to_everyone=False,
        published_at=timezone.now() - datetime.timedelta(days=20),
        body="各县市区人大常委会：\n\n请于年底前报送本年度理论研究成果，优秀成果将参评优秀论文。"),
        units=counties, actor=editor)
    notice_publish(notice=Notice(title="年终宣传工作统计口径说明", to_everyone=True,
                                 published_at=timezone.now() - datetime.timedelta(days=2),
                                 body="年终统计按用稿次数和稿件篇数分别计算，内部刊物单列。"), actor=editor)
    # Some have read them; the demo correspondent has read the first and not the others.
    readers = Correspondent.objects.exclude(pk=writer.pk if writer else None).order_by("pk")[:12]
    NoticeRead.objects.bulk_create([NoticeRead(notice=everyone, correspondent=person) for person in readers] +
                                   [NoticeRead(notice=research, correspondent=person) for person in readers[:4]])
    if writer:
        NoticeRead.objects.get_or_create(notice=everyone, correspondent=writer)
