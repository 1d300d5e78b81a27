from import_export import fields

from sheets.resources import AllOrNothingResource
from sheets.widgets import ChoiceLabelWidget, CountWidget, NameForeignKeyWidget, TextWidget, YesNoWidget

from .models import Correspondent, Team, Unit


class UnitResource(AllOrNothingResource):
    example = {"名称": "枝江市人大常委会", "类别": "县市区人大常委会", "上级单位": "", "启用": "是"}
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="类别", widget=ChoiceLabelWidget(Unit.Kind, "类别"))
    parent = fields.Field(
        attribute="parent", column_name="上级单位", widget=NameForeignKeyWidget(Unit, "上级单位", required=False)
    )
    active = fields.Field(attribute="active", column_name="启用", widget=YesNoWidget("启用"))

    class Meta:
        model = Unit
        fields = ("name", "kind", "parent", "active")
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True

    def after_save_instance(self, instance, row, **kwargs):
        self.fields["parent"].widget.remember(instance)


class CorrespondentResource(AllOrNothingResource):
    example = {"姓名": "王丽华", "单位": "枝江市人大常委会", "小组": "", "类别": "通讯员", "手机": "13800000000",
               "邮箱": "wang@example.org", "任务数": 12}
    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    unit = fields.Field(attribute="unit", column_name="单位", widget=NameForeignKeyWidget(Unit, "单位"))
    team = fields.Field(
        attribute="team", column_name="小组", widget=NameForeignKeyWidget(Team, "小组", required=False)
    )
    kind = fields.Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceLabelWidget(Correspondent.Kind, "类别", default=Correspondent.Kind.CORRESPONDENT),
    )
    phone = fields.Field(attribute="phone", column_name="手机", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="邮箱", widget=TextWidget())
    annual_quota = fields.Field(attribute="annual_quota", column_name="任务数", widget=CountWidget("任务数"))

    class Meta:
        model = Correspondent
        fields = ("name", "unit", "team", "kind", "phone", "email", "annual_quota")
        import_id_fields = ("name", "unit")
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return Correspondent.objects.select_related("unit", "team")
