import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from correspondents.models import Correspondent, Unit
from outlets.models import Column, Outlet
from sheets.text import single_line

from .states import (
    ACCEPTED_OR_PLACED,
    AUTHOR,
    CLAIMABLE,
    EDITABLE_BY_AUTHORS,
    MOVES_BY_PAIR,
    PLACEABLE,
    WAITING_FOR_OFFICE,
    State,
)


class Genre(models.TextChoices):
    NEWS = "news", "消息"
    FEATURE = "feature", "通讯"
    COMMENTARY = "commentary", "言论"
    THEORY = "theory", "理论文章"
    RESEARCH = "research", "调研报告"
    PHOTO = "photo", "图片"
    VIDEO = "video", "视频"
    BRIEF = "brief", "信息"


# Theory articles and research reports: the pieces the 优秀论文 award is chosen from.
PAPER_GENRES = (Genre.THEORY, Genre.RESEARCH)


class Instruction(models.TextChoices):
    """A leader's written instruction (批示) on a piece in an information bulletin, by the leader's level."""

    NONE = "", "无"
    PROVINCIAL = "provincial", "省部级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县级"


class Prominence(models.TextChoices):
    HEADLINE = "headline", "头版头条"
    FRONT = "front", "头版"
    SPECIAL = "special", "专版整版"
    REGULAR = "regular", "一般"
    BRIEF = "brief", "简讯"


def not_in_future(day) -> None:
    """A placement or a claim of one cannot be dated after today."""
    if day is not None and day > timezone.localdate():
        raise ValidationError("刊发日期不能晚于今天。", code="future")


def generated_upload_name(folder: str, original_name: str) -> str:
    """A stored name that reveals nothing and cannot be guessed; only the extension is kept."""
    suffix = PurePath(original_name).suffix.lower()[:10]
    today = timezone.localdate()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


def attachment_upload_to(instance, filename: str) -> str:
    return generated_upload_name("attachments", filename)


def clipping_upload_to(instance, filename: str) -> str:
    return generated_upload_name("clippings", filename)


def evidence_upload_to(instance, filename: str) -> str:
    return generated_upload_name("claims", filename)


class ContributionQuerySet(models.QuerySet):
    def in_state(self, *states: str):
        return self.filter(state__in=states)

    def drafts(self):
        return self.filter(state=State.DRAFT)

    def waiting_for_office(self):
        """What the review queue shows: sent to the office and not yet decided."""
        return self.filter(state__in=WAITING_FOR_OFFICE)

    def placeable(self):
        """Pieces a placement may be logged for: every state but rejected."""
        return self.filter(state__in=PLACEABLE)

    def in_review(self):
        return self.filter(state=State.IN_REVIEW)

    def published(self):
        return self.filter(state=State.PUBLISHED)

    def authored_by(self, correspondent: Correspondent):
        return self.filter(authorships__correspondent=correspondent)


class Contribution(models.Model):
    State = State
    Genre = Genre

    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True, help_text="可不填，正文在附件中时。")
    genre = models.CharField("体裁", max_length=16, choices=Genre.choices, default=Genre.NEWS)
    credited_unit = models.ForeignKey(
        Unit, verbose_name="计分单位", on_delete=models.PROTECT, related_name="contributions"
    )
    # Only the workflow service (contributions.services) changes the state.
    state = models.CharField(
        "状态", max_length=16, choices=State.choices, default=State.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    authors = models.ManyToManyField(
        Correspondent, through="Authorship", related_name="contributions", verbose_name="作者"
    )

    objects = ContributionQuerySet.as_manager()
    # Who changed which field, and when: people argue about numbers.
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="稿件历史")

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="contribution_state_idx"),
            models.Index(fields=["created_at"], name="contribution_created_idx"),
            models.Index(fields=["credited_unit", "title"], name="contribution_unit_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.title = single_line(self.title)

    # Predicates the views and templates ask; each reads the transition table (contributions.states).
    @property
    def may_be_edited_by_authors(self) -> bool:
        return self.state in EDITABLE_BY_AUTHORS

    @property
    def may_be_submitted(self) -> bool:
        """报送 (to the office, or to the unit's signer first) is open from this state."""
        return (self.state, State.SUBMITTED) in MOVES_BY_PAIR and MOVES_BY_PAIR[(self.state, State.SUBMITTED)].by == AUTHOR

    @property
    def may_be_claimed(self) -> bool:
        return self.state in CLAIMABLE

    @property
    def may_be_placed(self) -> bool:
        return self.state in PLACEABLE

    @property
    def may_be_forwarded(self) -> bool:
        """An office sends up (报送上级) what it accepted or placed."""
        return self.state in ACCEPTED_OR_PLACED

    @property
    def is_returned(self) -> bool:
        return self.state == State.RETURNED

    @property
    def is_paper(self) -> bool:
        return self.genre in PAPER_GENRES


class Authorship(models.Model):
    contribution = models.ForeignKey(
        Contribution, verbose_name="稿件", on_delete=models.CASCADE, related_name="authorships"
    )
    correspondent = models.ForeignKey(
        Correspondent, verbose_name="作者", on_delete=models.PROTECT, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField("署名顺序", default=1, help_text="1 为第一作者。")
    share = models.DecimalField(
        "积分份额",
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text="同一稿件各作者份额之和为 1.00。",
    )

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["contribution", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "correspondent"], name="authorship_unique_author"
            ),
            models.UniqueConstraint(
                fields=["contribution", "position"], name="authorship_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(share__gt=0, share__lte=1), name="authorship_share_in_range"
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="authorship_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.correspondent.name}（{self.share}）"


class Attachment(models.Model):
    contribution = models.ForeignKey(
        Contribution, verbose_name="稿件", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Transition(models.Model):
    """One change of a contribution's state. Written with the change, never edited afterwards."""

    contribution = models.ForeignKey(
        Contribution, verbose_name="稿件", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField("原状态", max_length=16, choices=State.choices)
    to_state = models.CharField("新状态", max_length=16, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now, editable=False)
    note = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["contribution", "created_at"], name="transition_history_idx"),
            # How many pieces the office received and accepted in a period (statistics, bulletin).
            models.Index(fields=["to_state", "created_at"], name="transition_flow_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class PlacementQuerySet(models.QuerySet):
    def in_period(self, start, end):
        """Placements published between start and end, both days included."""
        return self.filter(published_on__gte=start, published_on__lte=end)

    def at_level(self, level: str):
        return self.filter(outlet__level=level)


class Placement(models.Model):
    Prominence = Prominence
    Instruction = Instruction

    contribution = models.ForeignKey(
        Contribution, verbose_name="稿件", on_delete=models.PROTECT, related_name="placements"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name="媒体", on_delete=models.PROTECT, related_name="placements"
    )
    column = models.ForeignKey(
        Column,
        verbose_name="栏目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    published_on = models.DateField("刊发日期", validators=[not_in_future])
    edition = models.CharField("期号", max_length=50, blank=True,
                               help_text="报纸、期刊的期号，如“第12345期”“2026年第3期”；网站、电视可不填。")
    page = models.CharField("版面", max_length=50, blank=True, help_text="登在第几版，如“第3版”“A2版”“网站首页”。")
    prominence = models.CharField(
        "位置", max_length=16, choices=Prominence.choices, default=Prominence.REGULAR
    )
    url = models.URLField("链接", max_length=500, blank=True, help_text="网页的地址，可不填。")
    instruction = models.CharField("领导批示", max_length=16, choices=Instruction.choices, blank=True, default="")
    clipping = models.FileField("剪报", upload_to=clipping_upload_to, max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    logged_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="用稿记录历史")

    class Meta:
        verbose_name = "用稿记录"
        verbose_name_plural = "用稿记录"
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "outlet", "published_on"],
                name="placement_unique_per_outlet_and_day",
                violation_error_message="这篇稿件在该媒体同一天的用稿已经登记过了。",
            ),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="placement_published_idx"),
            # The placement list pages by (published_on, id) with a row comparison.
            models.Index(fields=["published_on", "id"], name="placement_date_id_idx"),
            models.Index(fields=["outlet", "published_on"], name="placement_outlet_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.published_on} {self.outlet}"

    def clean(self) -> None:
        self.edition, self.page = single_line(self.edition), single_line(self.page)
        errors = {}
        if self.column_id and self.outlet_id and self.column.outlet_id != self.outlet_id:
            errors["column"] = f"栏目“{self.column.name}”不属于所选媒体。"
        if errors:
            raise ValidationError(errors)


class PlacementClaim(models.Model):
    """A correspondent's report that their piece ran somewhere. Counts only once verified."""

    class ClaimState(models.TextChoices):
        PENDING = "pending", "待核实"
        VERIFIED = "verified", "已核实"
        DECLINED = "declined", "未通过"

    contribution = models.ForeignKey(
        Contribution, verbose_name="稿件", on_delete=models.CASCADE, related_name="claims"
    )
    claimed_by = models.ForeignKey(
        Correspondent, verbose_name="申报人", on_delete=models.PROTECT, related_name="claims"
    )
    outlet = models.ForeignKey(Outlet, verbose_name="媒体", on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField("刊发日期", validators=[not_in_future])
    page = models.CharField("版面", max_length=50, blank=True)
    prominence = models.CharField("位置", max_length=16, choices=Prominence.choices, default=Prominence.REGULAR)
    url = models.URLField("链接", max_length=500, blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_upload_to, max_length=200, blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=ClaimState.choices, default=ClaimState.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("核实时间", null=True, blank=True, editable=False)
    note = models.TextField("说明", blank=True)
    placement = models.ForeignKey(
        Placement,
        verbose_name="生成的用稿记录",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("申报时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "刊发申报"
        verbose_name_plural = "刊发申报"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="claim_state_idx")]

    def __str__(self) -> str:
        return f"{self.contribution} @ {self.outlet}"

    @property
    def duplicates_a_placement(self) -> bool:
        """Flag for the office: the same piece, outlet and day is already logged.
        (Annotated as `already_placed` in lists, to keep them to one query.)"""
        if hasattr(self, "already_placed"):
            return self.already_placed
        return Placement.objects.filter(contribution_id=self.contribution_id, outlet_id=self.outlet_id,
                                        published_on=self.published_on).exists()


# The app's bookkeeping rows live in their own module; imported here so Django registers them and
# callers keep importing them from contributions.models.
from .bookkeeping import PLACEMENT_WRITES, PlacementImport, WriteLock, hold_write_lock  # noqa: E402, F401
from .forwards import Forward  # noqa: E402,F401  (the model lives beside its subject; registered here)
