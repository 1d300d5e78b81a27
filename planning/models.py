"""The publicity plan: topics (选题) with their stages, the pieces they are covered by, commissioned
pieces (约稿), notices (通知 / 征稿启事) and who has read them, and private calendar feeds."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contributions.models import Contribution, Genre
from contributions.states import DELIVERED
from correspondents.models import Correspondent, Office, Team, Unit
from sheets.text import single_line


class TopicKind(models.TextChoices):
    MEETING = "meeting", "会议"
    LEGISLATION = "legislation", "立法"
    SUPERVISION = "supervision", "监督"
    DEPUTIES = "deputies", "代表工作"
    GRASSROOTS = "grassroots", "基层实践"
    RESEARCH = "research", "理论研究"
    OTHER = "other", "其他"


# The stages a topic of each kind goes through, unless its owner edits them.
DEFAULT_STAGES = {
    TopicKind.SUPERVISION: ["议题征集", "调查研究", "会议审议", "意见反馈", "督办落实"],
    TopicKind.LEGISLATION: ["立项", "起草", "审议", "通过", "实施"],
    TopicKind.MEETING: ["会前", "会中", "会后"],
    TopicKind.RESEARCH: ["选题", "调研写作", "成果上报"],
}


class Topic(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        ACTIVE = "active", "进行中"
        DONE = "done", "已结束"

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT, related_name="+",
                               help_text="计划、约稿和通知属于制定它们的机构。")
    title = models.CharField("选题", max_length=200)
    kind = models.CharField("类别", max_length=16, choices=TopicKind.choices, default=TopicKind.OTHER)
    description = models.TextField("说明", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "选题"
        verbose_name_plural = "选题"
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="topic_period_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.title = single_line(self.title)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


class Stage(models.Model):
    topic = models.ForeignKey(Topic, verbose_name="选题", on_delete=models.CASCADE, related_name="stages")
    name = models.CharField("阶段", max_length=50)
    position = models.PositiveSmallIntegerField("顺序", default=1)

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["topic", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "name"], name="stage_unique_name",
                                               violation_error_message="这个选题已有同名阶段。")]

    def __str__(self) -> str:
        return self.name


class TopicTag(models.Model):
    """A piece covering a topic (and the stage it covers, when one is named)."""

    contribution = models.ForeignKey(Contribution, verbose_name="稿件", on_delete=models.CASCADE,
                                     related_name="topic_tags")
    topic = models.ForeignKey(Topic, verbose_name="选题", on_delete=models.CASCADE, related_name="tags")
    stage = models.ForeignKey(Stage, verbose_name="阶段", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="tags")

    class Meta:
        verbose_name = "稿件选题"
        verbose_name_plural = "稿件选题"
        constraints = [models.UniqueConstraint(fields=["contribution", "topic"], name="tag_unique_topic",
                                               violation_error_message="这篇稿件已经标注了这个选题。")]

    def clean(self) -> None:
        if self.stage_id and self.stage.topic_id != self.topic_id:
            raise ValidationError({"stage": "这个阶段不属于所选的选题。"})


# An assignment is for its correspondent, or every correspondent of its unit, or of its team:
# assignment field → the correspondent's field that must match it.
ASSIGNEE_FIELDS = {"correspondent": "pk", "unit": "unit", "team": "team"}
RECENT = datetime.timedelta(days=365)  # older assignments are history, no longer chased


class AssignmentQuerySet(models.QuerySet):
    """The rules of an assignment's progress with a name, each written once. "Nothing delivered" is
    a subquery here and an annotation in planning.progress (`with_progress`), so the rules take it
    as a condition: `overdue_when(nothing_delivered, today)`."""

    @staticmethod
    def delivery() -> Exists:
        """A piece answering the assignment reached the office (any state but a draft's)."""
        return Exists(Answer.objects.filter(assignment=OuterRef("pk"), contribution__state__in=DELIVERED))

    @staticmethod
    def overdue_when(nothing_delivered: Q, today: datetime.date) -> Q:
        """逾期: the due date passed (before today) with nothing delivered."""
        return nothing_delivered & Q(due_on__lt=today)

    @staticmethod
    def waiting_when(nothing_delivered: Q, today: datetime.date) -> Q:
        """待交稿: not yet due (today included) with nothing delivered."""
        return nothing_delivered & Q(due_on__gte=today)

    def delivered(self):
        return self.filter(self.delivery())

    def undelivered(self):
        """Nothing delivered yet: waiting or overdue (the portal's open tasks)."""
        return self.exclude(self.delivery())

    def overdue(self, today: datetime.date):
        return self.filter(self.overdue_when(~Q(self.delivery()), today))

    def waiting(self, today: datetime.date):
        return self.filter(self.waiting_when(~Q(self.delivery()), today))

    def recent(self, today: datetime.date):
        """Still worth chasing: due within the last year, or later."""
        return self.filter(due_on__gte=today - RECENT)

    def due_between(self, start: datetime.date, end: datetime.date):
        """Due in a period (an appraisal year's: the views pass its period)."""
        return self.filter(due_on__gte=start, due_on__lte=end)

    def for_correspondent(self, correspondent: Correspondent):
        """What a correspondent is asked to write: theirs, their unit's, their team's."""
        who = Q()
        for field, own in ASSIGNEE_FIELDS.items():
            value = correspondent.pk if own == "pk" else getattr(correspondent, f"{own}_id")
            if value is not None:
                who |= Q(**{f"{field}_id": value})
        return self.filter(who)

    def within(self, network):
        """Assignments to units, or to people of units, of a network (an office's, from above)."""
        return self.filter(Q(unit_id__in=sorted(network)) | Q(correspondent__unit_id__in=sorted(network)))

    def for_unit(self, unit_id: int):
        """A unit's assignments: to the unit itself or to one of its correspondents."""
        return self.filter(Q(unit_id=unit_id) | Q(correspondent__unit_id=unit_id))


class Assignment(models.Model):
    """A commissioned piece (约稿): who is to write what, by when. Its state follows the pieces that
    answer it (planning.progress), never a click."""

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT, related_name="+",
                               help_text="计划、约稿和通知属于制定它们的机构。")
    topic = models.ForeignKey(Topic, verbose_name="选题", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="assignments")
    stage = models.ForeignKey(Stage, verbose_name="阶段", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name="约稿单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="assignments")
    correspondent = models.ForeignKey(Correspondent, verbose_name="约稿通讯员", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="assignments")
    team = models.ForeignKey(Team, verbose_name="约稿小组", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="assignments")
    genre = models.CharField("体裁", max_length=16, choices=Genre.choices, blank=True)
    brief = models.TextField("约稿要求", help_text="写什么、从什么角度、多少字、希望上什么级别或哪家媒体。")
    due_on = models.DateField("交稿期限")
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="约稿人", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("约稿时间", default=timezone.now, editable=False)
    answers = models.ManyToManyField(Contribution, through="Answer", related_name="+", verbose_name="交来的稿件")
    reminded_before_at = models.DateTimeField("到期前提醒", null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField("逾期提醒", null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "约稿"
        verbose_name_plural = "约稿"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="assignment_due_idx")]
        constraints = [models.CheckConstraint(
            condition=(models.Q(unit__isnull=False, correspondent__isnull=True, team__isnull=True)
                       | models.Q(unit__isnull=True, correspondent__isnull=False, team__isnull=True)
                       | models.Q(unit__isnull=True, correspondent__isnull=True, team__isnull=False)),
            name="assignment_one_assignee", violation_error_message="约稿对象须为一个单位、一位通讯员或一个小组。")]

    def __str__(self) -> str:
        return f"{self.assignee_name}：{self.brief[:30]}"

    @property
    def assignee_name(self) -> str:
        return str(self.unit or self.correspondent or self.team or "")

    def audience(self):
        """The active correspondents the assignment is for (the reverse of `for_correspondent`)."""
        for field, own in ASSIGNEE_FIELDS.items():
            value = getattr(self, f"{field}_id")
            if value is not None:
                return Correspondent.objects.active().filter(**{own: value})
        return Correspondent.objects.none()

    def is_for(self, correspondent: Correspondent) -> bool:
        return Assignment.objects.for_correspondent(correspondent).filter(pk=self.pk).exists()

    def clean(self) -> None:
        if self.stage_id and self.topic_id and self.stage.topic_id != self.topic_id:
            raise ValidationError({"stage": "这个阶段不属于所选的选题。"})


class Answer(models.Model):
    """A piece written for an assignment; a piece answers one assignment at most."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="answer_links")
    contribution = models.OneToOneField(Contribution, on_delete=models.CASCADE, related_name="answer")
    linked_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "交稿"
        verbose_name_plural = "交稿"


def notice_upload_to(instance, filename: str) -> str:
    from pathlib import PurePath

    return f"notices/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class Notice(models.Model):
    """通知 / 征稿启事 to correspondents: everyone, or some units or teams."""

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT, related_name="+",
                               help_text="计划、约稿和通知属于制定它们的机构。")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    to_everyone = models.BooleanField("发给全体通讯员", default=True)
    units = models.ManyToManyField(Unit, verbose_name="发给这些单位", blank=True, related_name="+")
    teams = models.ManyToManyField(Team, verbose_name="发给这些小组", blank=True, related_name="+")
    topic = models.ForeignKey(Topic, verbose_name="相关选题", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="notices")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=notice_upload_to, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"


class NoticeRead(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    correspondent = models.ForeignKey(Correspondent, on_delete=models.CASCADE, related_name="notice_reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "correspondent"], name="notice_read_once")]


class CalendarFeed(models.Model):
    """A user's private calendar address: the token is the only key, and a new one revokes the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.UUIDField(unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "日历订阅"
        verbose_name_plural = "日历订阅"
