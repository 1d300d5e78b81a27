"""The plan in the admin, for correcting records; the desk is where the office plans."""

from django.contrib import admin

from sheets.admin import CheckedQueryAdmin

from .models import Assignment, Notice, Stage, Topic, TopicTag


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "status", "owner"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    inlines = [StageInline]


@admin.register(Assignment)
class AssignmentAdmin(CheckedQueryAdmin):
    list_display = ["__str__", "topic", "due_on", "unit", "correspondent", "team"]
    list_filter = ["due_on"]
    search_fields = ["brief", "unit__name", "correspondent__name", "team__name"]
    autocomplete_fields = ["unit", "correspondent"]
    list_select_related = ["topic", "unit", "correspondent", "team"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "to_everyone"]
    search_fields = ["title", "body"]
    filter_horizontal = ["units", "teams"]


@admin.register(TopicTag)
class TopicTagAdmin(CheckedQueryAdmin):
    list_display = ["contribution", "topic", "stage"]
    list_select_related = ["contribution", "topic", "stage"]
    search_fields = ["contribution__title", "topic__title"]
    autocomplete_fields = ["contribution"]
