from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from import_export.admin import ImportExportModelAdmin

from .models import Correspondent, Team, Unit
from .resources import CorrespondentResource, UnitResource
from .services import account_invite


@admin.register(Unit)
class UnitAdmin(ImportExportModelAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


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
class CorrespondentAdmin(ImportExportModelAdmin):
    resource_classes = [CorrespondentResource]
    list_display = ["name", "unit", "team", "kind", "phone", "annual_quota", "has_account", "active"]
    list_filter = ["kind", "active", "unit__kind", "team"]
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
