"""Every write of the plan: topics with their stages, tags, assignments (one or many at once), the
pieces that answer them, notices and their readers, calendar tokens. Views, commands and imports
call these; they never write planning rows themselves."""

import datetime
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from contributions.models import Contribution
from contributions.uploads import ATTACHMENT
from contributions.workflow import is_author
from correspondents.models import Correspondent
from correspondents.network import acting_office, office_tree, refuse_unless_staff_of, scope_of
from correspondents.roles import is_editor, recorded_user, refuse_unless_editor

from .messages import tell_of_assignment, tell_of_notice
from .models import (
    DEFAULT_STAGES,
    Answer,
    Assignment,
    CalendarFeed,
    Notice,
    NoticeAttachment,
    NoticeRead,
    Stage,
    Topic,
    TopicTag,
)

PLANNERS_ONLY = "只有编辑或管理员可以制定宣传计划、约稿和发布通知。"
OTHER_OFFICE = "这是其他宣传工作机构的计划：只有该机构的工作人员可以修改。"


def topic_save(*, topic: Topic, stages: list[str] | None, actor: User | None) -> Topic:
    """Create or change a topic; `stages` in order (None: a new topic gets its kind's default stages).
    Stages that carry tagged pieces or assignments are kept when renamed away."""
    refuse_unless_editor(actor, PLANNERS_ONLY)
    if topic.office_id is None:
        topic.office_id = acting_office(actor)
    refuse_unless_staff_of(actor, topic.office_id, OTHER_OFFICE)
    topic.full_clean()
    names = [name.strip() for name in (stages if stages is not None else []) if name.strip()]
    if len(set(names)) != len(names):
        raise ValidationError("阶段名称不能重复。")
    with transaction.atomic():
        new = topic.pk is None
        topic.save()
        if stages is None and new:
            names = list(DEFAULT_STAGES.get(topic.kind, []))
        if stages is not None or new:
            _set_stages(topic, names)
    return topic


def _set_stages(topic: Topic, names: list[str]) -> None:
    existing = {stage.name: stage for stage in topic.stages.all()}
    for position, name in enumerate(names, start=1):
        stage = existing.pop(name, None) or Stage(topic=topic, name=name)
        stage.position = position
        stage.save()
    for stage in existing.values():  # no longer listed: dropped unless something points at it
        if stage.tags.exists() or stage.assignments.exists():
            stage.position = len(names) + 1
            stage.save(update_fields=["position"])
        else:
            stage.delete()


def tag_contribution(*, contribution: Contribution, topic: Topic, stage: Stage | None, actor: User | None) -> TopicTag:
    """Mark a piece as covering a topic (and a stage of it): an editor, or one of its authors."""
    if not is_editor(actor) and not is_author(contribution, actor):
        raise ValidationError("只有稿件作者或编辑可以标注选题。")
    if topic.office_id not in office_tree().offices_counting(contribution.credited_unit_id):
        raise ValidationError("这个选题属于其他宣传工作机构，不能用来标注这篇稿件。")
    tag = TopicTag.objects.filter(contribution=contribution, topic=topic).first() or \
        TopicTag(contribution=contribution, topic=topic)
    tag.stage = stage
    tag.full_clean(validate_constraints=False)
    tag.save()
    return tag


def untag_contribution(*, tag: TopicTag, actor: User | None) -> None:
    if not is_editor(actor) and not is_author(tag.contribution, actor):
        raise ValidationError("只有稿件作者或编辑可以取消选题标注。")
    tag.delete()


def assign(*, brief: str, due_on: datetime.date, actor: User | None, topic: Topic | None = None,
           stage: Stage | None = None, genre: str = "", note: str = "", units=(), correspondents=(),
           teams=(), office: int | None = None) -> list[Assignment]:
    """Commission a piece from each of the units, correspondents and teams named (one assignment each),
    for an office (the actor's): from units and people of its network (a county's office is
    commissioned through its head unit)."""
    refuse_unless_editor(actor, PLANNERS_ONLY)
    office = office if office is not None else acting_office(actor)
    refuse_unless_staff_of(actor, office, OTHER_OFFICE)
    scope = scope_of(office)
    outside = [unit.name for unit in units if not scope.holds(unit.pk)]
    outside += [person.name for person in correspondents if not scope.holds(person.unit_id)]
    if outside:
        raise ValidationError(f"“{'、'.join(outside)}”不属于本机构，不能向其约稿。")
    if topic is not None and topic.office_id != office:
        raise ValidationError("只能为本机构的选题约稿。")
    assignees = ([{"unit": unit} for unit in units] + [{"correspondent": c} for c in correspondents]
                 + [{"team": team} for team in teams])
    if not assignees:
        raise ValidationError("请至少选择一个约稿对象（单位、通讯员或小组）。")
    if not brief.strip():
        raise ValidationError("请写明约稿要求。")
    if stage is not None and (topic is None or stage.topic_id != topic.pk):
        raise ValidationError("所选阶段不属于所选的选题。")
    created = []
    with transaction.atomic():
        for who in assignees:
            assignment = Assignment(office_id=office, topic=topic, stage=stage, genre=genre, brief=brief.strip(),
                                    due_on=due_on, note=note.strip(), created_by=recorded_user(actor), **who)
            assignment.full_clean()
            assignment.save()
            tell_of_assignment(assignment)
            created.append(assignment)
    return created


def assignment_update(*, assignment: Assignment, actor: User | None, **changes) -> Assignment:
    refuse_unless_editor(actor, PLANNERS_ONLY)
    refuse_unless_staff_of(actor, assignment.office_id, OTHER_OFFICE)
    editable = {"topic", "stage", "genre", "brief", "due_on", "note"}
    if set(changes) - editable:
        raise ValueError(f"not editable: {sorted(set(changes) - editable)}")
    for name, value in changes.items():
        setattr(assignment, name, value)
    if "due_on" in changes:  # a new deadline earns new reminders
        assignment.reminded_before_at = assignment.reminded_overdue_at = None
    assignment.full_clean()
    assignment.save()
    return assignment


def assignment_delete(*, assignment: Assignment, actor: User | None) -> None:
    refuse_unless_editor(actor, PLANNERS_ONLY)
    refuse_unless_staff_of(actor, assignment.office_id, OTHER_OFFICE)
    assignment.delete()


def answer_link(*, assignment: Assignment, contribution: Contribution, actor: User | None) -> Answer:
    """A piece answers an assignment: its author when writing it (an assignment of theirs, their unit's
    or their team's), or an editor linking an existing piece. The piece is tagged with the topic too."""
    if not is_editor(actor):
        writer = Correspondent.objects.filter(user=actor).first() if actor is not None else None
        if writer is None or not assignment.is_for(writer) or not is_author(contribution, actor):
            raise ValidationError("只能用自己的稿件回应发给自己、本单位或本小组的约稿。")
    else:
        refuse_unless_staff_of(actor, assignment.office_id, OTHER_OFFICE)
    if not scope_of(assignment.office_id).holds(contribution.credited_unit_id):
        raise ValidationError("这篇稿件不属于约稿机构的单位，不能回应这项约稿。")
    try:
        with transaction.atomic():
            answer = Answer.objects.create(assignment=assignment, contribution=contribution)
            if assignment.topic_id:
                tag, _ = TopicTag.objects.get_or_create(contribution=contribution, topic_id=assignment.topic_id,
                                                        defaults={"stage_id": assignment.stage_id})
                if tag.stage_id is None and assignment.stage_id:
                    tag.stage_id = assignment.stage_id
                    tag.save(update_fields=["stage"])
    except IntegrityError:
        raise ValidationError("这篇稿件已经回应了另一项约稿。") from None
    return answer


def answer_unlink(*, answer: Answer, actor: User | None) -> None:
    refuse_unless_editor(actor, PLANNERS_ONLY)
    refuse_unless_staff_of(actor, answer.assignment.office_id, OTHER_OFFICE)
    answer.delete()


def notice_publish(*, notice: Notice, units=(), teams=(), uploads: list[UploadedFile] = (), actor: User | None,
                   email: bool = False) -> Notice:
    """Publish a notice to everyone or to some units and teams, with attachments; e-mail it if asked
    (after the notice is saved, to every addressed correspondent with an address)."""
    refuse_unless_editor(actor, PLANNERS_ONLY)
    if notice.office_id is None:
        notice.office_id = acting_office(actor)
    refuse_unless_staff_of(actor, notice.office_id, OTHER_OFFICE)
    notice.full_clean()
    outside = [unit.name for unit in units if not scope_of(notice.office_id).holds(unit.pk)]
    if outside:
        raise ValidationError(f"“{'、'.join(outside)}”不属于本机构，不能向其发通知。")
    if not notice.to_everyone and not units and not teams:
        raise ValidationError("请选择通知对象：全体通讯员，或某些单位、小组。")
    checked = [(upload, ATTACHMENT.check(upload)) for upload in uploads]
    with transaction.atomic():
        notice.created_by = notice.created_by or recorded_user(actor)
        notice.save()
        notice.units.set([] if notice.to_everyone else units)
        notice.teams.set([] if notice.to_everyone else teams)
        for upload, name in checked:
            NoticeAttachment.objects.create(notice=notice, file=upload, original_name=name, size=upload.size)
        if email:
            tell_of_notice(notice)
    return notice


def notice_mark_read(*, notice: Notice, correspondent: Correspondent) -> None:
    NoticeRead.objects.get_or_create(notice=notice, correspondent=correspondent)


def calendar_feed(user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_renew(user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed(user)
    feed.token = uuid.uuid4()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed

