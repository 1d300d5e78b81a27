import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from contributions.models import Contribution, Genre, Instruction, Prominence
from correspondents.models import Correspondent, Office, Unit
from outlets.models import Level, Outlet

Medium = Outlet.Medium

# The specification's defaults; a new appraisal year starts from these.
DEFAULT_LEVEL_POINTS = {
    Level.NATIONAL: Decimal("10"),
    Level.PROVINCIAL: Decimal("5"),
    Level.MUNICIPAL: Decimal("2"),
    Level.COUNTY: Decimal("1"),
}
DEFAULT_PROMINENCE_FACTORS = {
    Prominence.HEADLINE: Decimal("2.0"),
    Prominence.FRONT: Decimal("1.5"),
    Prominence.SPECIAL: Decimal("1.5"),
    Prominence.REGULAR: Decimal("1.0"),
    Prominence.BRIEF: Decimal("0.5"),
}
DEFAULT_GENRE_FACTORS = {genre: Decimal("1.0") for genre in Genre} | {
    Genre.THEORY: Decimal("1.5"),
    Genre.RESEARCH: Decimal("1.5"),
}
# Internal outlets (the committee's own journal, bulletin, website) have one base, whatever their level.
DEFAULT_INTERNAL_POINTS = Decimal("1")
DEFAULT_MEDIUM_FACTORS = {medium: Decimal("1.0") for medium in Medium.values}
DEFAULT_INSTRUCTION_BONUSES = {level: Decimal("0") for level in Instruction.values if level}


class CountingMode(models.TextChoices):
    CUMULATIVE = "cumulative", "累计（每次用稿都计分）"
    BEST = "best", "不累计（一篇稿件一年只按最高一次计分）"


class AppraisalYear(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT,
                               related_name="appraisal_years",
                               help_text="每个机构有自己的评选年度、积分规则、奖项和结束评选。")
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("统计起始日", blank=True)
    period_end = models.DateField("统计截止日", blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=Status.choices, default=Status.OPEN, editable=False
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True, editable=False)
    # The tallies and placement details as they stood when the year was closed.
    snapshot = models.JSONField("结算快照", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "评选年度"
        verbose_name_plural = "评选年度"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="appraisal_year_period_order"
            ),
            models.UniqueConstraint(fields=["office", "year"], name="appraisal_year_unique_per_office",
                                    violation_error_message="这个机构已经有这一年度了。"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度"

    def save(self, *args, **kwargs):
        if self.period_start is None or self.period_end is None:
            # A year set up without a period keeps the one the calendar already gave it (after a
            # December–November year, December to November too), so no day changes its year.
            from .years import Calendar  # the calendar reads this model

            start, end = Calendar.load(self.office_id).period(self.year)
            self.period_start = self.period_start or start
            self.period_end = self.period_end or end
        super().save(*args, **kwargs)

    def clean(self) -> None:
        start, end = self.period_start, self.period_end
        if not (start and end and self.year):
            return
        if start > end:
            raise ValidationError({"period_end": "统计截止日不能早于起始日。"})
        if start.day != 1:
            raise ValidationError({"period_start": "统计起始日须为某月1日（如 12月1日）：统计表按月汇总。"})
        if (end + datetime.timedelta(days=1)).day != 1:
            raise ValidationError({"period_end": "统计截止日须为某月最后一天（如 11月30日）：统计表按月汇总。"})
        if not start.year <= self.year <= end.year:
            raise ValidationError({"period_start": f"{self.year}年度的统计期间应包含{self.year}年的日子。"})
        if (end.year - start.year) * 12 + end.month - start.month >= 24:
            raise ValidationError({"period_end": "一个评选年度的统计期间不能超过两年。"})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


def _points_field(label: str, default: Decimal, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, default=default, help_text=help_text)


def _base_help(where: str) -> str:
    return f"在{where}刊发一次的基础分（积分 = 基础分 × 位置系数 × 体裁系数 × 媒体类型系数 + 批示加分）。"


def _factor_help(what: str) -> str:
    return f"{what}的稿件，基础分乘以这个系数；1 表示不加不减。"


def _medium_help(medium: str) -> str:
    return f"刊发在{medium}上的，基础分乘以这个系数；默认 1。"


def _bonus_help(level: str) -> str:
    return f"用稿获{level}领导批示的，在积分之外另加的分数；0 表示不加分。"


class ScoringRules(models.Model):
    """Points and factors of one appraisal year.

    Points of a placement = base (by level, or the internal base) × prominence × genre × medium
    + the bonus for a leader's instruction; in 不累计 mode a piece scores only its best placement."""

    appraisal_year = models.OneToOneField(
        AppraisalYear, verbose_name="评选年度", on_delete=models.CASCADE, related_name="scoring_rules"
    )
    national_points = _points_field("国家级基础分", DEFAULT_LEVEL_POINTS[Level.NATIONAL],
                                    _base_help("国家级媒体（如《人民日报》、中国人大网）"))
    provincial_points = _points_field("省级基础分", DEFAULT_LEVEL_POINTS[Level.PROVINCIAL],
                                      _base_help("省级媒体（如《湖北日报》、湖北人大网）"))
    municipal_points = _points_field("市级基础分", DEFAULT_LEVEL_POINTS[Level.MUNICIPAL],
                                     _base_help("市级媒体（如《三峡日报》、宜昌广播电视台）"))
    county_points = _points_field("县级基础分", DEFAULT_LEVEL_POINTS[Level.COUNTY],
                                  _base_help("县级媒体（如县市区融媒体中心）"))
    headline_factor = _points_field("头版头条系数", DEFAULT_PROMINENCE_FACTORS[Prominence.HEADLINE],
                                    _factor_help("登在头版头条"))
    front_factor = _points_field("头版系数", DEFAULT_PROMINENCE_FACTORS[Prominence.FRONT],
                                 _factor_help("登在头版（非头条）"))
    special_factor = _points_field("专版整版系数", DEFAULT_PROMINENCE_FACTORS[Prominence.SPECIAL],
                                   _factor_help("整版、专版刊发"))
    regular_factor = _points_field("一般位置系数", DEFAULT_PROMINENCE_FACTORS[Prominence.REGULAR],
                                   _factor_help("登在一般位置"))
    brief_factor = _points_field("简讯系数", DEFAULT_PROMINENCE_FACTORS[Prominence.BRIEF],
                                 _factor_help("以简讯刊发"))
    news_factor = _points_field("消息系数", DEFAULT_GENRE_FACTORS[Genre.NEWS],
                                _factor_help("体裁为消息"))
    feature_factor = _points_field("通讯系数", DEFAULT_GENRE_FACTORS[Genre.FEATURE],
                                   _factor_help("体裁为通讯"))
    commentary_factor = _points_field("言论系数", DEFAULT_GENRE_FACTORS[Genre.COMMENTARY],
                                      _factor_help("体裁为言论"))
    theory_factor = _points_field("理论文章系数", DEFAULT_GENRE_FACTORS[Genre.THEORY],
                                  _factor_help("体裁为理论文章"))
    research_factor = _points_field("调研报告系数", DEFAULT_GENRE_FACTORS[Genre.RESEARCH],
                                    _factor_help("体裁为调研报告"))
    photo_factor = _points_field("图片系数", DEFAULT_GENRE_FACTORS[Genre.PHOTO],
                                 _factor_help("体裁为图片"))
    video_factor = _points_field("视频系数", DEFAULT_GENRE_FACTORS[Genre.VIDEO],
                                 _factor_help("体裁为视频"))
    brief_genre_factor = _points_field("信息系数", DEFAULT_GENRE_FACTORS[Genre.BRIEF],
                                       _factor_help("体裁为信息"))
    internal_points = _points_field("内部刊物基础分", DEFAULT_INTERNAL_POINTS,
                                    "本会自办的刊物、信息、网站刊发一次的基础分，不论其级别；0 表示不计分。")
    newspaper_factor = _points_field("报纸系数", DEFAULT_MEDIUM_FACTORS[Medium.NEWSPAPER],
                                     _medium_help("报纸"))
    magazine_factor = _points_field("期刊系数", DEFAULT_MEDIUM_FACTORS[Medium.MAGAZINE],
                                    _medium_help("期刊"))
    website_factor = _points_field("网站系数", DEFAULT_MEDIUM_FACTORS[Medium.WEBSITE],
                                   _medium_help("网站"))
    new_media_factor = _points_field("新媒体系数", DEFAULT_MEDIUM_FACTORS[Medium.NEW_MEDIA],
                                     _medium_help("新媒体（客户端、公众号）"))
    tv_factor = _points_field("电视系数", DEFAULT_MEDIUM_FACTORS[Medium.TV],
                              _medium_help("电视"))
    radio_factor = _points_field("广播系数", DEFAULT_MEDIUM_FACTORS[Medium.RADIO],
                                 _medium_help("广播"))
    provincial_instruction_bonus = _points_field("省部级领导批示加分", Decimal("0"),
                                                 _bonus_help("省部级"))
    municipal_instruction_bonus = _points_field("市级领导批示加分", Decimal("0"),
                                                _bonus_help("市级"))
    county_instruction_bonus = _points_field("县级领导批示加分", Decimal("0"),
                                             _bonus_help("县级"))
    counting_mode = models.CharField(
        "计分方式", max_length=16, choices=CountingMode.choices, default=CountingMode.CUMULATIVE,
        help_text="累计：每次用稿都计分。不累计：一篇稿件一年只按积分最高的一次计分，其余用稿仍计入用稿次数、计 0 分；"
                  "任务数随之按稿件篇数计算。")

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"

    def __str__(self) -> str:
        return f"{self.appraisal_year}积分规则"

    def level_points(self) -> dict[str, Decimal]:
        return {level: getattr(self, f"{level}_points") for level in Level.values}

    def prominence_factors(self) -> dict[str, Decimal]:
        return {prominence: getattr(self, f"{prominence}_factor") for prominence in Prominence.values}

    def genre_factors(self) -> dict[str, Decimal]:
        return {genre: getattr(self, genre_factor_field(genre)) for genre in Genre.values}

    def medium_factors(self) -> dict[str, Decimal]:
        return {medium: getattr(self, f"{medium}_factor") for medium in Medium.values}

    def instruction_bonuses(self) -> dict[str, Decimal]:
        return {level: getattr(self, f"{level}_instruction_bonus") for level in DEFAULT_INSTRUCTION_BONUSES}


def genre_factor_field(genre: str) -> str:
    # "brief" is both a prominence and a genre; the genre's field carries a suffix to tell them apart.
    return "brief_genre_factor" if genre == Genre.BRIEF else f"{genre}_factor"


class Award(models.Model):
    class Category(models.TextChoices):
        ADVANCED_UNIT = "advanced_unit", "先进单位"
        EXCELLENT_CORRESPONDENT = "excellent_correspondent", "优秀通讯员"
        EXCELLENT_INFORMATION_OFFICER = "excellent_information_officer", "优秀信息员"
        GOOD_NEWS = "good_news", "好新闻奖"
        EXCELLENT_PAPER = "excellent_paper", "优秀论文"

    class Grade(models.TextChoices):
        FIRST = "first", "一等奖"
        SECOND = "second", "二等奖"
        THIRD = "third", "三等奖"

    appraisal_year = models.ForeignKey(
        AppraisalYear, verbose_name="评选年度", on_delete=models.PROTECT, related_name="awards"
    )
    category = models.CharField("奖项", max_length=32, choices=Category.choices)
    grade = models.CharField("等次", max_length=8, choices=Grade.choices, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="获奖单位", on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    correspondent = models.ForeignKey(
        Correspondent,
        verbose_name="获奖通讯员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name="获奖稿件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    citation = models.TextField("说明", blank=True)
    decided_on = models.DateField("评定日期", default=datetime.date.today)

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["appraisal_year", "category", "grade", "id"]
        constraints = [
            # Exactly one recipient, of the kind the category names; works get a grade, others none.
            models.CheckConstraint(
                condition=(
                    Q(category="advanced_unit", unit__isnull=False, correspondent__isnull=True,
                      contribution__isnull=True, grade="")
                    | Q(category__in=["excellent_correspondent", "excellent_information_officer"], unit__isnull=True,
                        correspondent__isnull=False, contribution__isnull=True, grade="")
                    | (
                        Q(category__in=["good_news", "excellent_paper"], unit__isnull=True,
                          correspondent__isnull=True, contribution__isnull=False)
                        & ~Q(grade="")
                    )
                ),
                name="award_recipient_matches_category",
                violation_error_message="获奖对象与奖项不符：先进单位选单位，优秀通讯员和优秀信息员选通讯员，"
                                        "好新闻奖和优秀论文选稿件并定等次。",
            ),
            models.UniqueConstraint(
                fields=["appraisal_year", "category", "unit"], name="award_unique_unit",
                condition=Q(unit__isnull=False),
                violation_error_message="该单位已获得本年度的这个奖项。",
            ),
            models.UniqueConstraint(
                fields=["appraisal_year", "category", "correspondent"], name="award_unique_correspondent",
                condition=Q(correspondent__isnull=False),
                violation_error_message="该通讯员已获得本年度的这个奖项。",
            ),
            models.UniqueConstraint(
                fields=["appraisal_year", "category", "contribution"], name="award_unique_contribution",
                condition=Q(contribution__isnull=False),
                violation_error_message="该稿件已获得本年度的这个奖项。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appraisal_year} {self.get_category_display()} {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        recipient = self.unit or self.correspondent or self.contribution
        return str(recipient) if recipient else ""

    def clean(self) -> None:
        recipients = {
            self.Category.ADVANCED_UNIT: ("unit", "请选择获奖单位。"),
            self.Category.EXCELLENT_CORRESPONDENT: ("correspondent", "请选择获奖通讯员。"),
            self.Category.EXCELLENT_INFORMATION_OFFICER: ("correspondent", "请选择获奖信息员。"),
            self.Category.GOOD_NEWS: ("contribution", "请选择获奖稿件。"),
            self.Category.EXCELLENT_PAPER: ("contribution", "请选择获奖论文。"),
        }
        if self.category not in recipients:
            return
        wanted, message = recipients[self.category]
        errors = {}
        if getattr(self, f"{wanted}_id") is None:
            errors[wanted] = message
        for other in {"unit", "correspondent", "contribution"} - {wanted}:
            if getattr(self, f"{other}_id") is not None:
                errors[other] = f"“{self.get_category_display()}”不应填写此项。"
        works = {self.Category.GOOD_NEWS, self.Category.EXCELLENT_PAPER}
        if self.category in works and not self.grade:
            errors["grade"] = "请选择等次。"
        if self.category not in works and self.grade:
            errors["grade"] = "只有好新闻奖和优秀论文设等次。"
        if (
            self.category == self.Category.EXCELLENT_PAPER
            and self.contribution_id
            and not self.contribution.is_paper
        ):
            errors["contribution"] = "优秀论文只能从理论文章或调研报告中评选。"
        if errors:
            raise ValidationError(errors)


class QualityGrade(models.TextChoices):
    CLASS_ONE = "one", "一类稿件"
    CLASS_TWO = "two", "二类稿件"
    CLASS_THREE = "three", "三类稿件"


class Nomination(models.Model):
    """A piece put forward for 好新闻奖 or 优秀论文 of a year, with the editors' quality grade.

    The candidate lists show the pieces the tallies rank and every nominated piece, with its grade."""

    appraisal_year = models.ForeignKey(AppraisalYear, verbose_name="评选年度", on_delete=models.CASCADE,
                                       related_name="nominations")
    category = models.CharField("奖项", max_length=32, choices=[
        (Award.Category.GOOD_NEWS, Award.Category.GOOD_NEWS.label),
        (Award.Category.EXCELLENT_PAPER, Award.Category.EXCELLENT_PAPER.label),
    ])
    contribution = models.ForeignKey(Contribution, verbose_name="稿件", on_delete=models.PROTECT,
                                     related_name="nominations")
    quality = models.CharField("质量等级", max_length=8, choices=QualityGrade.choices, blank=True)
    score = models.DecimalField("评分", max_digits=5, decimal_places=1, null=True, blank=True,
                                help_text="可不填；百分制。")
    note = models.CharField("推荐理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "参评推荐"
        verbose_name_plural = "参评推荐"
        ordering = ["appraisal_year", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal_year", "category", "contribution"],
                                    name="nomination_unique_piece",
                                    violation_error_message="这篇稿件已经推荐过了。"),
        ]

    def __str__(self) -> str:
        return f"{self.appraisal_year} {self.get_category_display()} {self.contribution}"


# 奖励 lives in a module of its own (this one is long); imported here so Django finds its models.
from .entry_models import NewsAwardEntry  # noqa: E402,F401
from .reward_models import AwardReward, RewardRules  # noqa: E402,F401
