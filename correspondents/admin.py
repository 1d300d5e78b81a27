from django.contrib import admin
from django.db.models import Count
from import_export.admin import ImportExportModelAdmin

from .models import Correspondent, Team, Unit
from .resources import CorrespondentResource, UnitResource


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

    def get_queryset(self, request):
        # Correspondents are named "name（unit）" in autocomplete results too. (A queryset that
        # already selects related rows makes the changelist skip list_select_related: list both.)
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="有账号", boolean=True, ordering="user")
    def has_account(self, correspondent: Correspondent) -> bool:
        return correspondent.user_id is not None
