"""The demo's 培训: last year's city training course (attended), this year's, invited by a notice that
张晓明 signed up through, and a provincial course two correspondents were sent to."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from correspondents.models import Correspondent
from correspondents.network import root_office
from planning.models import Notice
from planning.services import notice_publish
from training.models import Participant, Session

INVITATION = "关于举办全市人大宣传通讯员培训班的通知"


def seed_training(*, editor: User, this_year: int) -> None:
    office = root_office()
    people = list(Correspondent.objects.filter(user__isnull=True).order_by("pk")[:12])
    demo = Correspondent.objects.get(name="张晓明", unit__name="枝江市人大常委会")
    last, _ = Session.objects.get_or_create(
        office=office, title=f"{this_year - 1}年全市人大宣传通讯员培训班",
        defaults={"starts_on": datetime.date(this_year - 1, 4, 16), "ends_on": datetime.date(this_year - 1, 4, 17),
                  "place": "市人大常委会机关会议室", "signup_open": False,
                  "description": "人大新闻写作、信息报送与新媒体传播。"})
    for person in [demo, *people[:10]]:
        Participant.objects.get_or_create(session=last, correspondent=person, defaults={"attended": True})
    provincial, _ = Session.objects.get_or_create(
        office=office, title=f"{this_year - 1}年全省人大新闻宣传业务培训",
        defaults={"starts_on": datetime.date(this_year - 1, 9, 8), "ends_on": datetime.date(this_year - 1, 9, 10),
                  "place": "武汉", "organiser_level": "provincial", "signup_open": False})
    for person in people[:2]:
        Participant.objects.get_or_create(session=provincial, correspondent=person, defaults={"attended": True})
    if not Session.objects.filter(office=office, title=f"{this_year}年全市人大宣传通讯员培训班").exists():
        day = max(timezone.localdate() + datetime.timedelta(days=14), datetime.date(this_year, 11, 20))
        notice = Notice.objects.filter(title=INVITATION).first() or notice_publish(
            notice=Notice(title=INVITATION, body=f"定于{day:%m月%d日}举办全市人大宣传通讯员培训班，请在本通知中报名。",
                          to_everyone=True), actor=editor)
        session = Session.objects.create(office=office, title=f"{this_year}年全市人大宣传通讯员培训班", starts_on=day,
                                         ends_on=day, place="市人大常委会机关会议室", notice=notice)
        Participant.objects.create(session=session, correspondent=demo, signed_up_at=timezone.now())
