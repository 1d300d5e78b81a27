"""Private calendar feeds: deadlines in the phone's calendar. The address carries a secret token
(renewable, which revokes the old one) and gives that feed only: an editor's has the plan's topics
and every due day (one event a day), a correspondent's their own assignments' due dates."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from correspondents.models import Correspondent
from correspondents.roles import is_editor
from planning.models import Assignment, CalendarFeed, Topic
from planning.services import calendar_feed, calendar_feed_renew

DAY = datetime.timedelta(days=1)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = calendar_feed(request.user)
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
    base = "base.html" if is_editor(request.user) else "portal/base.html"
    return render(request, "calendar.html", {"url": url, "base": base, "feed": feed})


@require_POST
@login_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    from django.contrib import messages

    calendar_feed_renew(request.user)
    messages.success(request, "已生成新的订阅地址，旧地址已失效。请在手机日历中改用新地址。")
    return redirect("calendar")


def _event(uid: str, summary: str, start: datetime.date, end: datetime.date, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@renda-publicity")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + DAY)  # all-day events end the day after
    event.add("dtstamp", timezone.now())
    if description:
        event.add("description", description)
    return event


def calendar_feed_ics(request: HttpRequest, token) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    user = feed.user
    today = timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//人大宣传工作管理系统//calendar//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "人大宣传工作")
    if is_editor(user):
        topics = Topic.objects.filter(ends_on__gte=datetime.date(today.year, 1, 1),
                                      starts_on__lte=datetime.date(today.year + 1, 12, 31))
        for topic in topics:
            calendar.add_component(_event(f"topic-{topic.pk}", f"选题：{topic.title}", topic.starts_on, topic.ends_on,
                                          topic.description))
        # The plan's deadlines: one event per due day (an office commissions by the dozen).
        due = (Assignment.objects.filter(due_on__gte=today - datetime.timedelta(days=90)).order_by()
               .values("due_on").annotate(n=Count("pk"), first=Min("topic__title"), last=Max("topic__title"),
                                          loose=Count("pk", filter=Q(topic__isnull=True))).order_by("due_on"))
        link = f"{settings.SITE_URL.rstrip('/')}{reverse('desk:assignment-list')}"
        for row in due[:1000]:
            calendar.add_component(_event(f"due-{row['due_on']:%Y%m%d}", _due_summary(row), row["due_on"],
                                          row["due_on"], link))
        return _ics(calendar)
    else:
        correspondent = Correspondent.objects.filter(user=user, active=True).first()
        if correspondent is None:
            raise Http404
        assignments = Assignment.objects.for_correspondent(correspondent).filter(due_on__gte=today - datetime.timedelta(days=90))
    for assignment in assignments.select_related("topic", "unit", "correspondent", "team").order_by("due_on")[:2000]:
        topic = f"（{assignment.topic.title}）" if assignment.topic_id else ""
        calendar.add_component(_event(f"assignment-{assignment.pk}", f"约稿截止：{assignment.assignee_name}{topic}",
                                      assignment.due_on, assignment.due_on, assignment.brief))
    return _ics(calendar)


def _due_summary(row: dict) -> str:
    """约稿截止：<the topic>（N 项） when the day's assignments share one topic, else 约稿截止：N 项（<a topic>等）."""
    if row["first"] is None:
        return f"约稿截止：{row['n']} 项"
    if row["first"] == row["last"] and not row["loose"]:
        return f"约稿截止：{row['first']}（{row['n']} 项）"
    return f"约稿截止：{row['n']} 项（{row['first']}等）"


def _ics(calendar: Calendar) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
