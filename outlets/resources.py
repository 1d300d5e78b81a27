import re

from import_export import fields

from correspondents.network import root_office
from sheets.resources import AllOrNothingResource
from sheets.widgets import ChoiceLabelWidget, TextWidget, YesNoWidget

from .models import Column, Outlet

COLUMN_SEPARATORS = re.compile(r"[、，,;；\n]+")


def column_names(row) -> list[str]:
    return [name.strip() for name in COLUMN_SEPARATORS.split(str(row.get("栏目") or "")) if name.strip()]


class OwnedByWidget(YesNoWidget):
    """是 / 否 in the file; the office that owns the outlet in the database."""

    def clean(self, value, row=None, **kwargs):
        return root_office() if super().clean(value, row, **kwargs) else None

    def render(self, value, obj=None, **kwargs):
        return "是" if value is not None else "否"


class OutletResource(AllOrNothingResource):
    example = {"名称": "《三峡日报》", "级别": "市级", "类型": "报纸", "机关刊物": "否", "栏目": "人大论坛、代表风采"}
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="级别", widget=ChoiceLabelWidget(Outlet.Level, "级别"))
    medium = fields.Field(attribute="medium", column_name="类型", widget=ChoiceLabelWidget(Outlet.Medium, "类型"))
    # 机关刊物 是: owned by the installation's top office (an outlet another office owns keeps its owner).
    owner = fields.Field(attribute="owner", column_name="机关刊物", widget=OwnedByWidget("机关刊物"))
    # Column names separated by 、; an import adds the missing ones and never removes any
    # (a column may already carry placements).
    # The attribute only serves the import preview (set from the row below); exports use dehydrate_columns.
    columns = fields.Field(attribute="columns_preview", column_name="栏目", readonly=False)

    class Meta:
        model = Outlet
        fields = ("name", "level", "medium", "owner", "columns")
        import_id_fields = ("name",)
        clean_model_instances = True

    def get_queryset(self):
        return Outlet.objects.prefetch_related("columns")

    def dehydrate_columns(self, outlet: Outlet) -> str:
        # The preview shows the columns the file adds as well as those the outlet has.
        names = [column.name for column in outlet.columns.all()] if outlet.pk else []
        names += getattr(outlet, "columns_in_file", [])
        return "、".join(dict.fromkeys(names))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "机关刊物" and instance.owner_id is not None and field.clean(row) is not None:
            return  # already owned (perhaps by a county's office): 是 keeps it so
        if field.column_name == "栏目":
            instance.columns_in_file = column_names(row)
            instance.columns_preview = self.dehydrate_columns(instance)
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        names = column_names(row)
        existing = set(instance.columns.values_list("name", flat=True))
        Column.objects.bulk_create(
            Column(outlet=instance, name=name) for name in dict.fromkeys(names) if name not in existing
        )
