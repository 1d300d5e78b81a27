"""The year's plan in and out of a workbook: what goes out comes back the same; a plan with any
bad row changes nothing and names every problem."""

import datetime
import io

import openpyxl
import pytest

from planning.models import Topic, TopicKind
from planning.plan_sheets import HEADERS, import_plan, write_plan
from planning.services import topic_save

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot():
    return [(t.title, t.kind, t.starts_on, t.ends_on, t.owner_id, t.status, t.description,
             [s.name for s in t.stages.all()]) for t in Topic.objects.order_by("title")]


def test_the_plan_goes_out_and_comes_back_the_same(editor, inquiry):
    editor.first_name = "宣传处编辑"
    editor.save()
    inquiry.owner = editor
    inquiry.description = "跟踪全过程"
    topic_save(topic=inquiry, stages=["议题征集", "会议审议"], actor=editor)
    topic_save(topic=Topic(title="人代会", kind=TopicKind.MEETING, starts_on=datetime.date(2026, 1, 5),
                           ends_on=datetime.date(2026, 1, 9), status=Topic.Status.DONE), stages=None, actor=editor)
    before = snapshot()
    buffer = io.BytesIO()
    write_plan(Topic.objects.all(), buffer, year=2026)
    Topic.objects.all().delete()
    result = import_plan(name="计划.xlsx", data=buffer.getvalue(), actor=editor)
    assert (result.errors, result.created, result.updated) == ([], 2, 0)
    assert snapshot() == before
    again = import_plan(name="计划.xlsx", data=buffer.getvalue(), actor=editor)  # same titles and dates: updated
    assert (again.created, again.updated) == (0, 2)
    assert snapshot() == before


def test_a_new_topic_without_stages_gets_its_kinds_and_separators_are_forgiving(editor):
    data = workbook([
        ["常委会执法检查", "监督", "2026-04-01", "2026-09-30", "", "", "", ""],
        ["条例立法", "立法", datetime.date(2026, 2, 1), datetime.date(2026, 12, 1), "", "立项，起草;审议", "进行中", ""],
    ])
    assert import_plan(name="plan.xlsx", data=data, actor=editor).errors == []
    assert list(Topic.objects.get(title="常委会执法检查").stages.values_list("name", flat=True)) == [
        "议题征集", "调查研究", "会议审议", "意见反馈", "督办落实"]
    law = Topic.objects.get(title="条例立法")
    assert list(law.stages.values_list("name", flat=True)) == ["立项", "起草", "审议"]
    assert law.status == Topic.Status.ACTIVE


def test_one_bad_row_keeps_the_whole_plan_out_and_every_problem_is_named(editor):
    data = workbook([
        ["好的选题", "会议", "2026-01-05", "2026-01-09", "", "", "", ""],
        ["", "宣传", "2026-05-01", "2026-04-01", "不存在的人", "", "暂停", ""],
        ["公式选题", "其他", "2026-03-01", "2026-03-02", "", "=1+1", "", ""],
    ])
    result = import_plan(name="plan.xlsx", data=data, actor=editor)
    assert result.errors == [
        "第 3 行：选题不能为空。", "第 3 行：“类别”应为：会议、立法、监督、代表工作、基层实践、理论研究、其他。",
        "第 3 行：结束日期早于开始日期。", "第 3 行：“状态”应为：计划中、进行中、已结束。",
        "第 3 行：没有名为“不存在的人”的编辑账号。", "第 4 行：“阶段”列是公式，请改成文字。",
    ]
    assert not Topic.objects.exists()


def test_the_desk_imports_and_exports_the_plan(client, editor):
    from django.urls import reverse

    client.force_login(editor)
    data = workbook([["人代会", "会议", "2026-01-05", "2026-01-09", "", "", "", ""]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("desk:plan-import"), {"file": SimpleUploadedFile("plan.xlsx", data)}, follow=True)
    assert "已导入计划：新增选题 1 个，更新 0 个。" in response.content.decode()
    exported = client.get(reverse("desk:plan-export") + "?year=2026")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active.values)
    assert rows == [tuple(HEADERS), ("人代会", "会议", datetime.datetime(2026, 1, 5), datetime.datetime(2026, 1, 9), None,
                                      "会前、会中、会后", "计划中", None)]
