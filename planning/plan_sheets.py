"""A year's plan in and out of a workbook: the office writes its plan at the start of the year and
sends it out. Columns: 选题 | 类别 | 开始日期 | 结束日期 | 负责人 | 阶段 | 状态 | 说明 (阶段 separated by
“、”; 负责人 an office account's name or username). An import is all rows or none; a topic with the same
title and start date is updated rather than added twice."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from correspondents.network import acting_office, staff_of
from sheets.reading import Formula, cell_date, cell_text, read_sheet
from sheets.text import single_line
from sheets.writing import DATE_FORMAT, PrintedWorkbook

from .models import DEFAULT_STAGES, Topic, TopicKind
from .services import topic_save

HEADERS = ["选题", "类别", "开始日期", "结束日期", "负责人", "阶段", "状态", "说明"]
WIDTHS = [36, 10, 12, 12, 10, 40, 8, 50]
KINDS = {label: value for value, label in TopicKind.choices}
STATUSES = {label: value for value, label in Topic.Status.choices}
STAGE_SEPARATORS = "、，,;；"


def write_plan(topics, target, *, year: int) -> None:
    book = PrintedWorkbook(f"{year}年人大宣传工作计划")
    sheet = book.add_sheet("宣传计划", HEADERS, WIDTHS)
    for topic in topics.select_related("owner").prefetch_related("stages").order_by("starts_on", "id"):
        owner = (topic.owner.get_full_name() or topic.owner.get_username()) if topic.owner else ""
        sheet.append_values([topic.title, topic.get_kind_display(), topic.starts_on, topic.ends_on, owner,
                             "、".join(stage.name for stage in topic.stages.all()), topic.get_status_display(),
                             topic.description], {2: DATE_FORMAT, 3: DATE_FORMAT})
    book.save(target)


@dataclass
class PlanImport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _stages(text: str) -> list[str]:
    for separator in STAGE_SEPARATORS[1:]:
        text = text.replace(separator, STAGE_SEPARATORS[0])
    return [name.strip() for name in text.split(STAGE_SEPARATORS[0]) if name.strip()]


def _owner(name: str, staff: list[User]) -> User | None:
    matches = [user for user in staff if name in {user.get_username(), user.get_full_name()}]
    return matches[0] if len(matches) == 1 else None


def import_plan(*, name: str, data: bytes, actor: User | None, office: int | None = None) -> PlanImport:
    """Check every row, then save all of them or none (SheetError for an unreadable file), into an
    office's plan (the actor's)."""
    office = office if office is not None else acting_office(actor)
    headers, body = read_sheet(name, data, expected=HEADERS)
    index = {header: headers.index(header) for header in HEADERS}
    staff = list(staff_of(office))
    result = PlanImport(rows=len(body))
    planned = []
    for number, values in body:
        cell = {header: values[index[header]] if index[header] < len(values) else None for header in HEADERS}
        problems = [f"“{header}”列是公式，请改成文字" for header, value in cell.items() if isinstance(value, Formula)]
        title = single_line(cell_text(cell["选题"]))
        kind = KINDS.get(cell_text(cell["类别"]) or TopicKind.OTHER.label)
        starts_on, ends_on = cell_date(cell["开始日期"]), cell_date(cell["结束日期"])
        status = STATUSES.get(cell_text(cell["状态"]) or Topic.Status.PLANNED.label)
        owner_name = cell_text(cell["负责人"])
        owner = _owner(owner_name, staff) if owner_name else None
        if not title:
            problems.append("选题不能为空")
        if kind is None:
            problems.append(f"“类别”应为：{'、'.join(KINDS)}")
        if starts_on is None or ends_on is None:
            problems.append("开始日期、结束日期应写成 2026-03-01 这样的日期")
        elif ends_on < starts_on:
            problems.append("结束日期早于开始日期")
        if status is None:
            problems.append(f"“状态”应为：{'、'.join(STATUSES)}")
        if owner_name and owner is None:
            problems.append(f"没有名为“{owner_name}”的编辑账号")
        if problems:
            result.errors.extend(f"第 {number} 行：{problem}。" for problem in problems)
            continue
        stages = _stages(cell_text(cell["阶段"])) or list(DEFAULT_STAGES.get(kind, []))
        planned.append((title, kind, starts_on, ends_on, owner, stages, status, cell_text(cell["说明"])))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for title, kind, starts_on, ends_on, owner, stages, status, description in planned:
                topic = Topic.objects.filter(office_id=office, title=title, starts_on=starts_on).first()
                result.updated += topic is not None
                result.created += topic is None
                topic = topic or Topic(office_id=office, title=title, starts_on=starts_on)
                topic.kind, topic.ends_on, topic.status, topic.description = kind, ends_on, status, description
                topic.owner = owner or topic.owner
                topic_save(topic=topic, stages=stages, actor=actor)
    except ValidationError as error:
        result.errors.append("；".join(error.messages))
        result.created = result.updated = 0
    return result
