"""Units, correspondents and outlets through their import-export Resources: all rows or none."""

import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from correspondents.models import Correspondent, Team, Unit
from correspondents.network import root_office
from correspondents.resources import CorrespondentResource, UnitResource
from outlets.models import Column, Outlet
from outlets.resources import OutletResource
from sheets.resources import describe_errors

pytestmark = pytest.mark.django_db

CORRESPONDENT_HEADERS = ["姓名", "单位", "小组", "类别", "手机", "邮箱", "任务数"]
OUTLET_HEADERS = ["名称", "级别", "类型", "机关刊物", "栏目"]
UNIT_HEADERS = ["名称", "类别", "上级单位", "启用"]


def dataset(headers, rows) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def run_import(resource, data, dry_run=False):
    result = resource.import_data(data, dry_run=dry_run)
    return result, describe_errors(resource, result, data)


def test_units_import_with_parents_named_earlier_in_the_file():
    data = dataset(UNIT_HEADERS, [
        ["枝江市人大常委会", "县市区人大常委会", "", "是"],
        ["枝江市安福寺镇人大", "乡镇街道人大", "枝江市人大常委会", "是"],
        ["三峡日报社", "news_organisation", "", "否"],
    ])
    result, errors = run_import(UnitResource(), data)
    assert errors == []
    assert Unit.objects.count() == 3
    township = Unit.objects.get(name="枝江市安福寺镇人大")
    assert township.parent.name == "枝江市人大常委会"
    assert township.kind == Unit.Kind.TOWNSHIP_CONGRESS
    assert Unit.objects.get(name="三峡日报社").active is False


def test_a_unit_file_with_an_unknown_kind_saves_nothing_and_names_the_row():
    data = dataset(UNIT_HEADERS, [
        ["宜都市人大常委会", "县市区人大常委会", "", "是"],
        ["陆城街道人大工委", "街道", "", "是"],
        ["当阳市人大常委会", "县市区人大常委会", "", "是"],
    ])
    result, errors = run_import(UnitResource(), data)
    assert not Unit.objects.exists()
    assert len(errors) == 1
    assert errors[0].startswith("第 3 行“类别”列")
    assert "街道" in errors[0]


def test_correspondents_import_and_reimport_updates_instead_of_duplicating():
    unit = Unit.objects.create(name="枝江市人大常委会")
    Team.objects.create(name="第一宣传小组")
    rows = [
        ["王丽华", "枝江市人大常委会", "第一宣传小组", "通讯员", "13900000001", "wlh@example.org", 12],
        ["陈志强", "枝江市人大常委会", "", "信息员", "", "", ""],
    ]
    result, errors = run_import(CorrespondentResource(), dataset(CORRESPONDENT_HEADERS, rows))
    assert errors == []
    wang = Correspondent.objects.get(name="王丽华")
    assert (wang.unit, wang.team.name, wang.kind, wang.annual_quota) == (unit, "第一宣传小组", "correspondent", 12)
    assert Correspondent.objects.get(name="陈志强").annual_quota == 0

    rows[0][6] = 20
    run_import(CorrespondentResource(), dataset(CORRESPONDENT_HEADERS, rows))
    assert Correspondent.objects.count() == 2
    assert Correspondent.objects.get(name="王丽华").annual_quota == 20


def test_one_bad_correspondent_among_good_ones_saves_nothing_and_names_row_column_and_value():
    Unit.objects.create(name="枝江市人大常委会")
    rows = [["通讯员%d" % i, "枝江市人大常委会", "", "通讯员", "", "", 5] for i in range(20)]
    rows[11][1] = "不存在的单位"
    rows[15][6] = "十二"
    result, errors = run_import(CorrespondentResource(), dataset(CORRESPONDENT_HEADERS, rows))
    assert not Correspondent.objects.exists()
    assert any("第 13 行" in error and "不存在的单位" in error and "单位" in error for error in errors), errors
    assert any("第 17 行" in error and "任务数" in error and "十二" in error for error in errors), errors


def test_an_invalid_email_is_reported_in_chinese_with_its_value():
    Unit.objects.create(name="枝江市人大常委会")
    rows = [["王丽华", "枝江市人大常委会", "", "通讯员", "", "not-an-email", 1]]
    result, errors = run_import(CorrespondentResource(), dataset(CORRESPONDENT_HEADERS, rows))
    assert not Correspondent.objects.exists()
    assert len(errors) == 1 and "第 2 行“邮箱”列" in errors[0] and "not-an-email" in errors[0]


def test_a_file_with_missing_headers_is_refused_with_the_expected_header_row():
    result, errors = run_import(CorrespondentResource(), dataset(["姓名", "单位"], [["王丽华", "x"]]))
    assert not Correspondent.objects.exists()
    assert errors and "表头缺少" in errors[0] and "小组" in errors[0]


def test_outlets_import_with_their_columns_and_reimport_adds_only_new_columns():
    rows = [
        ["《三峡日报》", "市级", "报纸", "否", "人大论坛、代表风采"],
        ["《宜昌人大》", "市级", "期刊", "是", "工作研究"],
        ["中国人大网", "国家级", "网站", "", ""],
    ]
    result, errors = run_import(OutletResource(), dataset(OUTLET_HEADERS, rows))
    assert errors == []
    daily = Outlet.objects.get(name="《三峡日报》")
    assert (daily.level, daily.medium, daily.owner) == ("municipal", "newspaper", None)
    assert set(daily.columns.values_list("name", flat=True)) == {"人大论坛", "代表风采"}
    assert Outlet.objects.get(name="《宜昌人大》").owner == root_office()  # 机关刊物: the top office's own

    rows[0][4] = "人大论坛、民主与法制"
    run_import(OutletResource(), dataset(OUTLET_HEADERS, rows))
    assert set(daily.columns.values_list("name", flat=True)) == {"人大论坛", "代表风采", "民主与法制"}
    assert Outlet.objects.count() == 3


def test_one_bad_outlet_row_saves_nothing_not_even_columns():
    rows = [
        ["《三峡日报》", "市级", "报纸", "否", "人大论坛"],
        ["湖北人大网", "省里", "网站", "否", ""],
    ]
    result, errors = run_import(OutletResource(), dataset(OUTLET_HEADERS, rows))
    assert not Outlet.objects.exists() and not Column.objects.exists()
    assert len(errors) == 1 and "第 3 行“级别”列" in errors[0] and "省里" in errors[0]


def test_outlet_export_has_the_specified_columns_in_chinese():
    outlet = Outlet.objects.create(name="《湖北日报》", level="provincial", medium="newspaper")
    Column.objects.create(outlet=outlet, name="民主法治")
    exported = OutletResource().export()
    assert exported.headers == OUTLET_HEADERS
    assert list(exported[0]) == ["《湖北日报》", "省级", "报纸", "否", "民主法治"]


def test_correspondent_export_reimports_cleanly():
    unit = Unit.objects.create(name="秭归县人大常委会")
    Correspondent.objects.create(name="向红梅", unit=unit, kind="researcher", annual_quota=6)
    exported = CorrespondentResource().export()
    assert exported.headers == CORRESPONDENT_HEADERS
    result, errors = run_import(CorrespondentResource(), exported)
    assert errors == []
    assert Correspondent.objects.count() == 1


def xlsx_upload(headers, rows, name="通讯员.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_the_admin_import_page_shows_chinese_errors_and_offers_no_confirmation(admin_client_persona):
    Unit.objects.create(name="枝江市人大常委会")
    upload = xlsx_upload(CORRESPONDENT_HEADERS, [
        ["王丽华", "枝江市人大常委会", "", "通讯员", "", "", 1],
        ["陈志强", "远方县人大常委会", "", "通讯员", "", "", 1],
    ])
    url = reverse("admin:correspondents_correspondent_import")
    response = admin_client_persona.post(url, {"resource": 0, "format": 0, "import_file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "远方县人大常委会" in page and "不存在" in page
    assert "process_import" not in page  # no confirmation form while any row is bad
    assert not Correspondent.objects.exists()


def test_the_admin_import_page_imports_a_good_file_after_confirmation(admin_client_persona):
    Unit.objects.create(name="枝江市人大常委会")
    upload = xlsx_upload(CORRESPONDENT_HEADERS, [["王丽华", "枝江市人大常委会", "", "通讯员", "", "", 3]])
    response = admin_client_persona.post(
        reverse("admin:correspondents_correspondent_import"), {"resource": 0, "format": 0, "import_file": upload}
    )
    assert response.status_code == 200
    assert not Correspondent.objects.exists()  # the first step is a dry run
    form = response.context["confirm_form"]
    confirm = admin_client_persona.post(
        reverse("admin:correspondents_correspondent_process_import"), form.initial, follow=True
    )
    assert confirm.status_code == 200
    assert Correspondent.objects.get().annual_quota == 3


# --- who may import and export in the admin --------------------------------------------------------

@pytest.mark.parametrize("model", ["outlets_outlet", "correspondents_correspondent", "correspondents_unit"])
def test_an_editor_may_export_but_not_import_what_only_administrators_change(client, editor, model):
    from tests.factories import OutletFactory

    outlet = OutletFactory(name="《枝江日报》", level="county")
    client.force_login(editor)
    assert client.get(reverse(f"admin:{model}_export")).status_code == 200
    assert client.get(reverse(f"admin:{model}_import")).status_code == 403
    upload = xlsx_upload(["名称", "级别", "类型", "机关刊物", "栏目"], [["《枝江日报》", "国家级", "报纸", "否", ""]],
                         name="媒体.xlsx")
    response = client.post(reverse(f"admin:{model}_import"), {"resource": 0, "format": 0, "import_file": upload})
    assert response.status_code == 403
    outlet.refresh_from_db()
    assert outlet.level == "county"


def test_an_administrator_imports_outlets(admin_client_persona):
    upload = xlsx_upload(["名称", "级别", "类型", "机关刊物", "栏目"], [["《枝江日报》", "县级", "报纸", "否", "要闻"]],
                         name="媒体.xlsx")
    response = admin_client_persona.post(reverse("admin:outlets_outlet_import"),
                                         {"resource": 0, "format": 0, "import_file": upload})
    assert response.status_code == 200 and "confirm_form" in response.context


# --- the admin's files: formula-safe out, Chinese in ---------------------------------------------

def export(client, model: str, file_format: int):
    form = client.get(reverse(f"admin:{model}_export")).context["form"]
    fields = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(reverse(f"admin:{model}_export"), {"format": file_format, "resource": 0, **fields})
    assert response.status_code == 200 and "Content-Disposition" in response, response.content.decode()[-1500:]
    return response


def test_admin_exports_write_formula_like_names_as_text_and_numbers_as_numbers(admin_client_persona):
    unit = Unit.objects.create(name="=HYPERLINK(\"http://evil\",\"点我\")")
    Correspondent.objects.create(name="+SUM(1,2)", unit=unit, annual_quota=12)
    response = export(admin_client_persona, "correspondents_correspondent", 0)
    from urllib.parse import unquote

    assert "通讯员-" in unquote(response["Content-Disposition"]) and "filename*=" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "通讯员"
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert [cell.value for cell in header] == CORRESPONDENT_HEADERS
    values = {h.value: cell for h, cell in zip(header, row)}
    assert values["姓名"].value == "+SUM(1,2)" and values["姓名"].data_type == "s"
    assert values["单位"].value.startswith("=HYPERLINK") and values["单位"].data_type == "s"
    assert values["任务数"].value == 12 and values["任务数"].data_type == "n"
    csv_text = export(admin_client_persona, "correspondents_correspondent", 1).content.decode("utf-8")
    assert csv_text.startswith("\ufeff姓名,单位") and "'+SUM(1,2)" in csv_text and "'=HYPERLINK" in csv_text


def test_a_gbk_csv_imports_in_the_admin(admin_client_persona):
    Unit.objects.create(name="枝江市人大常委会")
    data = "姓名,单位,小组,类别,手机,邮箱,任务数\r\n王丽华,枝江市人大常委会,,通讯员,,,4\r\n".encode("gb18030")
    response = admin_client_persona.post(reverse("admin:correspondents_correspondent_import"), {
        "resource": 0, "format": 1, "import_file": SimpleUploadedFile("通讯员.csv", data)})
    assert response.status_code == 200 and "confirm_form" in response.context, response.content.decode()[-2000:]
    admin_client_persona.post(reverse("admin:correspondents_correspondent_process_import"),
                              response.context["confirm_form"].initial)
    assert Correspondent.objects.get().name == "王丽华" and Correspondent.objects.get().annual_quota == 4


def test_admin_import_errors_name_the_sheet_row_and_the_chinese_column(admin_client_persona):
    upload = xlsx_upload(UNIT_HEADERS, [["远安县人大常委会", "县市区人大常委会", "", "是"],
                                        ["茅坪镇人大", "乡镇", "", "是"]], name="单位.xlsx")
    page = admin_client_persona.post(reverse("admin:correspondents_unit_import"),
                                     {"resource": 0, "format": 0, "import_file": upload}).content.decode()
    assert "第 3 行“类别”列" in page and "乡镇" in page
    assert "kind" not in page.split("文件有误")[1]
    assert not Unit.objects.exists()
