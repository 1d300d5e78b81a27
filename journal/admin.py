from django.contrib import admin

from .models import IssueItem, JournalIssue


class IssueItemInline(admin.TabularInline):
    model = IssueItem
    fields = ["column", "position", "contribution", "placement"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalIssue)
class JournalIssueAdmin(admin.ModelAdmin):
    """Issues are planned, assembled and published on the desk (工作台 › 刊物期次); listed here."""

    list_display = ["outlet", "number", "issue_date", "theme", "status", "published_at"]
    list_filter = ["outlet", "status"]
    search_fields = ["number", "theme"]
    list_select_related = ["outlet"]
    readonly_fields = ["outlet", "number", "issue_date", "theme", "status", "published_at", "published_by"]
    inlines = [IssueItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
