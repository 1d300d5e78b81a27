from django.contrib import admin

from .models import Agreement, Contact, Meeting


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "role", "title", "phone", "beat", "active"]
    list_filter = ["role", "active", "outlet__level"]
    search_fields = ["name", "outlet__name", "beat"]
    autocomplete_fields = ["outlet"]
    list_select_related = ["outlet"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """合作协议; how each is kept (落实情况) is on the desk's page of the outlet."""

    list_display = ["outlet", "column", "kind", "cycle", "per_cycle", "starts_on", "ends_on"]
    list_filter = ["kind", "cycle"]
    search_fields = ["outlet__name", "column__name"]
    autocomplete_fields = ["outlet", "column"]
    list_select_related = ["outlet", "column"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "title"]
    list_filter = ["kind"]
    search_fields = ["title", "minutes"]
    date_hierarchy = "held_on"
    filter_horizontal = ["outlets", "units", "topics"]
