import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from sheets.text import single_line

# A mobile number (11 digits from 13…19…) or a landline with its area code (0717-1234567).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$")


def valid_phone(value: str) -> None:
    if value and not PHONE.match(re.sub(r"[\s\-（）()]", "", value)):
        raise ValidationError(f"“{value}”不是有效的电话号码：手机为 11 位（如 13800000000），固话须带区号（如 0717-1234567）。")


class Unit(models.Model):
    class Kind(models.TextChoices):
        COUNTY_CONGRESS = "county_congress", "县市区人大常委会"
        TOWNSHIP_CONGRESS = "township_congress", "乡镇街道人大"
        OFFICE_DEPARTMENT = "office_department", "机关委室"
        NEWS_ORGANISATION = "news_organisation", "新闻单位"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类别", max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField("启用", default=True)
    annual_target = models.PositiveIntegerField(
        "目标任务", null=True, blank=True,
        help_text="每年应完成的数量，可不填：累计计分的年度按用稿次数算，不累计（一篇只计一次）的年度按稿件篇数算。"
    )
    sort_order = models.PositiveSmallIntegerField(
        "排序", default=0, help_text="同类单位按此数字从小到大排列（如行政区划顺序）；相同时按名称。"
    )
    sign_off = models.BooleanField(
        "投稿须经审签", default=False,
        help_text="勾选后，本单位通讯员报送的稿件先由本单位的审签人审签，通过后才送到研究室。"
                  "也可在“审签要求”里按单位类别统一要求。",
    )

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = single_line(self.name)


class Team(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    weekly_target = models.PositiveSmallIntegerField(
        "每周目标", null=True, blank=True,
        help_text="每周计划完成的数量，可不填：累计计分的年度按用稿次数算，不累计的年度按稿件篇数算。"
    )

    class Meta:
        verbose_name = "宣传小组"
        verbose_name_plural = "宣传小组"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = single_line(self.name)


class CorrespondentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Correspondent(models.Model):
    class Kind(models.TextChoices):
        CORRESPONDENT = "correspondent", "通讯员"
        INFORMATION_OFFICER = "information_officer", "信息员"
        RESEARCHER = "researcher", "理论研究员"

    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="correspondents"
    )
    team = models.ForeignKey(
        Team,
        verbose_name="宣传小组",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    kind = models.CharField("类别", max_length=32, choices=Kind.choices, default=Kind.CORRESPONDENT)
    phone = models.CharField("手机", max_length=30, blank=True, validators=[valid_phone])
    email = models.EmailField("邮箱", blank=True)
    annual_quota = models.PositiveIntegerField(
        "任务数", default=0,
        help_text="每年应完成的数量，0 表示不设任务：累计计分的年度按用稿次数算，不累计的年度按稿件篇数算。"
    )
    active = models.BooleanField("在岗", default=True)
    signs_off = models.BooleanField("审签人", default=False,
                                    help_text="本单位负责审签稿件的领导：在门户“待我审签”里审签通过或退回。")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correspondent",
    )

    objects = CorrespondentQuerySet.as_manager()

    class Meta:
        verbose_name = "通讯员"
        verbose_name_plural = "通讯员"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="correspondent_unique_name_in_unit"),
        ]

    def __str__(self) -> str:
        # The unit tells namesakes apart, but only when it was loaded with the row: never a query here.
        if Correspondent.unit.field.is_cached(self):
            return f"{self.name}（{self.unit.name}）"
        return self.name

    def clean(self) -> None:
        self.name = single_line(self.name)

    @property
    def contact_email(self) -> str:
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user else ""


class RequestCount(models.Model):
    """How many times something was asked for in the current window (a password reset per address
    and per e-mail): one row per key, counted up by one UPDATE, so requests that arrive together are
    all counted whatever cache the installation runs."""

    key = models.CharField("键", max_length=200, unique=True)
    window_started = models.DateTimeField("计数起始")
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "请求计数"
        verbose_name_plural = "请求计数"

    def __str__(self) -> str:
        return f"{self.key}：{self.count}"


class Office(models.Model):
    """宣传工作机构: a standing committee's office that runs a desk (the city's 研究室, a county's 办公室).

    Its network is its head unit and every unit below it (the parent chain); the root office has no
    head unit and holds every unit. A unit's home office is the nearest office up its chain; offices
    form a tree through their head units. One office is today's product; see correspondents.network."""

    name = models.CharField("名称", max_length=100, unique=True)
    head_unit = models.OneToOneField(
        Unit, verbose_name="所属人大常委会", on_delete=models.PROTECT, null=True, blank=True, related_name="office",
        help_text="这个机构所属的人大常委会（如“枝江市人大常委会”）；它和它下面的单位都属于本机构。"
                  "最高一级的机构（如市人大常委会研究室）留空，本系统的所有单位都属于它。",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "宣传工作机构"
        verbose_name_plural = "宣传工作机构"
        ordering = ["name"]
        constraints = [
            # One root: every office without a head unit counts as head unit 0, which may appear once.
            models.UniqueConstraint(models.functions.Coalesce("head_unit", models.Value(0)),
                                    name="office_one_root", violation_error_message="只能有一个最高一级的宣传工作机构。"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.head_unit_id is None

    def clean(self) -> None:
        self.name = single_line(self.name)


class OfficeStaff(models.Model):
    """A member of staff (编辑, 管理员) belongs to one office: they act on its queue and read its network."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE,
                                related_name="office_membership")
    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT, related_name="staff")

    class Meta:
        verbose_name = "机构工作人员"
        verbose_name_plural = "机构工作人员"

    def __str__(self) -> str:
        return f"{self.user}（{self.office}）"


class LoginRecord(models.Model):
    """One sign-in or failed attempt (登录记录), for administrators: who, when, from where, how."""

    class Method(models.TextChoices):
        PASSWORD = "password", "本地密码"
        LDAP = "ldap", "目录（LDAP）"
        OIDC = "oidc", "统一身份认证"
        SECOND_FACTOR = "otp", "两步验证"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    username = models.CharField("用户名", max_length=150, blank=True)
    method = models.CharField("方式", max_length=16, choices=Method.choices)
    succeeded = models.BooleanField("成功")
    address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    reason = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} {self.get_method_display()} {'成功' if self.succeeded else '失败'}"


class SignOffRule(models.Model):
    """审签要求: an office requires sign-off of every unit of a kind in its network (e.g. 机关委室)."""

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.CASCADE, related_name="sign_off_rules")
    kind = models.CharField("单位类别", max_length=32, choices=Unit.Kind.choices)

    class Meta:
        verbose_name = "审签要求"
        verbose_name_plural = "审签要求"
        constraints = [models.UniqueConstraint(fields=["office", "kind"], name="sign_off_rule_once")]

    def __str__(self) -> str:
        return f"{self.office}：{self.get_kind_display()}投稿须经审签"
