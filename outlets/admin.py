from django.contrib import admin

from sheets.admin import CheckedQueryAdmin, SheetAdmin

from .models import Column, Outlet
from .resources import OutletResource


class ColumnInline(admin.TabularInline):
    model = Column
    fk_name = "outlet"
    fields = ["name", "parent", "cycle"]
    extra = 1


@admin.register(Outlet)
class OutletAdmin(SheetAdmin):
    resource_classes = [OutletResource]
    list_display = ["name", "level", "medium", "owner", "active"]
    list_filter = ["level", "medium", "owner", "active"]
    list_select_related = ["owner"]
    search_fields = ["name"]
    inlines = [ColumnInline]


@admin.register(Column)
class ColumnAdmin(CheckedQueryAdmin):
    list_display = ["name", "outlet", "parent", "cycle"]
    list_filter = ["outlet__level", "cycle"]
    search_fields = ["name", "outlet__name"]
    autocomplete_fields = ["outlet", "parent"]
    list_select_related = ["outlet", "parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)
