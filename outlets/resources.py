import re

from import_export import fields

from sheets.resources import AllOrNothingResource
from sheets.widgets import ChoiceLabelWidget, TextWidget, YesNoWidget

from .models import Column, Outlet

COLUMN_SEPARATORS = re.compile(r"[、，,;；\n]+")


class OutletResource(AllOrNothingResource):
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="级别", widget=ChoiceLabelWidget(Outlet.Level, "级别"))
    medium = fields.Field(attribute="medium", column_name="类型", widget=ChoiceLabelWidget(Outlet.Medium, "类型"))
    internal = fields.Field(attribute="internal", column_name="机关刊物", widget=YesNoWidget("机关刊物"))
    # Column names separated by 、; an import adds the missing ones and never removes any
    # (a column may already carry placements).
    columns = fields.Field(column_name="栏目", readonly=False)

    class Meta:
        model = Outlet
        fields = ("name", "level", "medium", "internal", "columns")
        import_id_fields = ("name",)
        clean_model_instances = True

    def get_queryset(self):
        return Outlet.objects.prefetch_related("columns")

    def dehydrate_columns(self, outlet: Outlet) -> str:
        return "、".join(column.name for column in outlet.columns.all())

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "栏目":
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        names = [name.strip() for name in COLUMN_SEPARATORS.split(str(row.get("栏目") or "")) if name.strip()]
        existing = set(instance.columns.values_list("name", flat=True))
        Column.objects.bulk_create(
            Column(outlet=instance, name=name) for name in dict.fromkeys(names) if name not in existing
        )
