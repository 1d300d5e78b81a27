from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef

from sheets.admin import RecordAdmin, SheetAdmin

from .models import Correspondent, LoginRecord, Office, OfficeStaff, SignOffRule, Team, Unit
from .resources import CorrespondentResource, UnitResource
from .roles import is_editor
from .services import account_invite


@admin.register(Unit)
class UnitAdmin(SheetAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "kind", "parent", "sort_order", "annual_target", "sign_off_status", "active"]
    list_editable = ["sort_order"]
    list_filter = ["kind", "active", "sign_off"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def get_queryset(self, request):
        signers = Correspondent.objects.filter(unit=OuterRef("pk"), signs_off=True, active=True, user__isnull=False)
        return super().get_queryset(request).annotate(has_signer=Exists(signers))

    @admin.display(description="投稿须经审签", ordering="sign_off")
    def sign_off_status(self, unit: Unit) -> str:
        if not unit.sign_off:
            return "—"
        return "须经审签" if unit.has_signer else "须经审签（尚无审签人：稿件直接报送）"


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    """宣传工作机构: the offices that run a desk. A county's office is headed by its congress unit; its
    staff are set on each account's page (所属宣传工作机构)."""

    list_display = ["name", "head_unit", "active", "staff_count"]
    list_filter = ["active"]
    search_fields = ["name", "head_unit__name"]
    autocomplete_fields = ["head_unit"]
    list_select_related = ["head_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff_count=Count("staff"))

    @admin.display(description="工作人员数", ordering="staff_count")
    def staff_count(self, office: Office) -> int:
        return office.staff_count


class OfficeStaffInline(admin.StackedInline):
    """Which office's desk an account works at: set by a superuser (it decides what the account reads,
    as its roles do); administrators see it."""

    model = OfficeStaff
    can_delete = False
    max_num = 1
    verbose_name = verbose_name_plural = "所属宣传工作机构"

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SignOffRule)
class SignOffRuleAdmin(admin.ModelAdmin):
    """审签要求 by unit kind, per office (a unit may also require it on its own page)."""

    list_display = ["office", "kind"]
    list_filter = ["kind"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "weekly_target", "member_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="成员数", ordering="member_count")
    def member_count(self, team: Team) -> int:
        return team.member_count


@admin.register(Correspondent)
class CorrespondentAdmin(SheetAdmin):
    resource_classes = [CorrespondentResource]
    list_display = ["name", "unit", "team", "kind", "phone", "annual_quota", "has_account", "signs_off", "active"]
    list_filter = ["kind", "active", "signs_off", "unit__kind", "team"]
    search_fields = ["name", "unit__name", "phone", "email"]
    autocomplete_fields = ["unit", "team", "user"]
    list_select_related = ["unit", "team"]
    actions = ["invite"]

    @admin.action(description="开通账号并发送邀请邮件（设置密码链接）", permissions=["change"])
    def invite(self, request, queryset):
        site_url = request.build_absolute_uri("/")
        for correspondent in queryset.select_related("user"):
            try:
                user = account_invite(correspondent=correspondent, actor=request.user, site_url=site_url)
            except ValidationError as error:
                messages.error(request, f"{correspondent.name}：{'；'.join(error.messages)}")
            else:
                messages.success(request, f"已向 {correspondent.name}（{user.email}）发送邀请。")

    def get_queryset(self, request):
        # Correspondents are named "name（unit）" in autocomplete results too. (A queryset that
        # already selects related rows makes the changelist skip list_select_related: list both.)
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="有账号", boolean=True, ordering="user")
    def has_account(self, correspondent: Correspondent) -> bool:
        return correspondent.user_id is not None


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Accounts. An administrator who is not a superuser manages accounts but cannot raise anyone
    (themselves included) to superuser, grant single permissions, touch a superuser's account, set
    the password of another member of staff (staff reset their own by e-mail), or change a staff
    account's username, e-mail or roles: with the e-mail an administrator could have the password
    reset mailed to themselves and take the account over. Office staff change their own e-mail on
    the 修改邮箱 page, with their password."""

    STAFF_CREDENTIALS = ["username", "email", "groups", "is_staff"]
    inlines = [OfficeStaffInline]

    def _limited(self, request) -> bool:
        return not request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._limited(request):
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and is_editor(obj):
                fields += self.STAFF_CREDENTIALS
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and self._limited(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or obj.is_staff) and self._limited(request):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is not None and self._limited(request) and target.is_staff and target.pk != request.user.pk:
            raise PermissionDenied("只有超级管理员可以设置其他工作人员的密码；本人可在“修改密码”中修改。")
        return super().user_change_password(request, id, form_url)


@admin.register(LoginRecord)
class LoginRecordAdmin(RecordAdmin):
    """登录记录, read-only: recent sign-ins and failed attempts, by method and address."""

    list_display = ["at", "username", "method", "succeeded", "address", "reason", "user_agent"]
    list_filter = ["succeeded", "method"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
