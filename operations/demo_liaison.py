"""The demo's 新闻单位联络: 《三峡日报》's “民主与法制” is a monthly 专栏 holding 人大论坛, 代表风采, 人大在线,
代表建言 and 知识卡; last year's agreement with it (one piece a month); contacts at the paper and the TV
station; a 情况通报会 that led to a topic of this year's plan."""

import datetime

from correspondents.network import root_office
from liaison.models import Agreement, Contact, Meeting
from outlets.models import Column, Cycle, Outlet
from planning.models import Topic

PAPER, STATION = "《三峡日报》", "宜昌广播电视台"
FEATURE = "民主与法制"
SECTIONS = ["人大论坛", "代表风采", "人大在线", "代表建言", "知识卡"]


def seed_liaison(*, this_year: int) -> None:
    office = root_office()
    paper = Outlet.objects.get(name=PAPER)
    feature, _ = Column.objects.get_or_create(outlet=paper, name=FEATURE)
    Column.objects.filter(pk=feature.pk).update(cycle=Cycle.MONTHLY, parent=None)
    for name in SECTIONS:
        section, _ = Column.objects.get_or_create(outlet=paper, name=name)
        Column.objects.filter(pk=section.pk).update(parent=feature)
    last = this_year - 1
    Agreement.objects.get_or_create(
        office=office, outlet=paper, column=feature, starts_on=datetime.date(last, 1, 1),
        defaults={"kind": Agreement.Kind.COLUMN, "cycle": Cycle.MONTHLY, "per_cycle": 1,
                  "ends_on": datetime.date(last, 12, 31), "note": "合办“民主与法制”专栏，每月至少刊发一期人大内容。"})
    station = Outlet.objects.get(name=STATION)
    for outlet, name, role, title, beat in [
        (paper, "刘明", Contact.Role.HEAD, "政文部主任", "人大、政协、法治"),
        (paper, "陈静", Contact.Role.REPORTER, "记者", "人大"),
        (station, "王磊", Contact.Role.EDITOR, "新闻中心编辑", "时政"),
    ]:
        Contact.objects.get_or_create(office=office, outlet=outlet, name=name,
                                      defaults={"role": role, "title": title, "beat": beat, "phone": "0717-6221234"})
    meeting, created = Meeting.objects.get_or_create(
        office=office, title=f"{this_year}年人大新闻宣传情况通报会",
        defaults={"held_on": datetime.date(this_year, 2, 26), "kind": Meeting.Kind.BRIEFING,
                  "minutes": "通报上年度用稿情况；商定本年度“民主与法制”专栏选题和人代会报道安排。"})
    if created:
        meeting.outlets.add(paper, station)
        topic = Topic.objects.filter(office=office, starts_on__year=this_year).order_by("starts_on", "pk").first()
        if topic is not None:
            meeting.topics.add(topic)
