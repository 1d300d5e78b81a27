"""A city with two county offices, 甲县 and 乙县, each with a township, and the city's own unit
(市本级). Each side has a piece in every state that matters, placements, a claim, an attachment, a
topic with an assignment, a notice with an attachment, its own journal with an issue, its own year
with an award and a nomination. Everything of 乙县 and of the city's own unit carries its marker in
its name, so that a page that shows any of it is caught by a substring."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Nomination, ScoringRules
from awards.services import appraisal_year_get_or_create, award_create
from contributions.models import Attachment, Contribution, PlacementClaim, State
from contributions.services.forwards import forward_send
from correspondents import roles
from correspondents.models import Office, Unit
from correspondents.network import root_office
from journal.models import JournalIssue
from journal.services import issue_save, item_add
from outlets.models import Column, Level, Outlet
from planning.models import Notice, Topic, TopicKind
from planning.services import answer_link, assign, notice_publish, tag_contribution, topic_save
from tests.factories import ContributionFactory, CorrespondentFactory, PlacementFactory, UserFactory
from training.models import Material, Participant, Session

YEAR = 2026
DAY = datetime.date(2026, 3, 10)
MARKERS = {"a": "甲县", "b": "乙县", "city": "市本级"}


@dataclass
class Side:
    """One office's things."""

    marker: str
    office: Office
    editor: object
    administrator: object
    head: Unit
    township: Unit
    writer: object  # a correspondent of the township, with a portal account
    pieces: dict = field(default_factory=dict)  # state → piece
    objects: dict = field(default_factory=dict)  # kind → object


def _side(key: str, office: Office, head: Unit, township: Unit, shared: Outlet) -> Side:
    marker = MARKERS[key]
    editor = UserFactory(username=f"editor-{key}", role=roles.EDITOR, office=office, first_name=f"{marker}编辑")
    administrator = UserFactory(username=f"admin-{key}", role=roles.ADMINISTRATOR, office=office)
    writer = CorrespondentFactory(name=f"{marker}通讯员", unit=township,
                                  user=UserFactory(username=f"writer-{key}", role=roles.CORRESPONDENT))
    side = Side(marker, office, editor, administrator, head, township, writer)
    for state in (State.SUBMITTED, State.ACCEPTED, State.PUBLISHED):
        side.pieces[state] = ContributionFactory(title=f"{marker}稿件（{state}）", credited_unit=township,
                                                 authors=[writer], state=state)
    published = side.pieces[State.PUBLISHED]
    side.objects["placement"] = PlacementFactory(contribution=published, outlet=shared, published_on=DAY,
                                                 page=f"{marker}版")
    side.objects["claim"] = PlacementClaim.objects.create(contribution=side.pieces[State.ACCEPTED], claimed_by=writer,
                                                          outlet=shared, published_on=DAY, page=f"{marker}报告版面")
    attachment = Attachment(contribution=published, original_name=f"{marker}附件.pdf", size=10)
    attachment.file.save(f"{key}.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    attachment.save()
    side.objects["attachment"] = attachment
    topic = topic_save(topic=Topic(title=f"{marker}选题", kind=TopicKind.SUPERVISION, starts_on=DAY,
                                   ends_on=datetime.date(YEAR, 11, 30)), stages=None, actor=editor)
    side.objects["topic"] = topic
    side.objects["tag"] = tag_contribution(contribution=published, topic=topic, stage=None, actor=editor)
    (assignment,) = assign(brief=f"{marker}约稿要求", due_on=datetime.date(YEAR, 6, 30), actor=editor, topic=topic,
                           units=[township])
    side.objects["assignment"] = assignment
    side.objects["answer"] = answer_link(assignment=assignment, contribution=side.pieces[State.ACCEPTED], actor=editor)
    notice = notice_publish(notice=Notice(title=f"{marker}通知", body=f"{marker}通知正文", to_everyone=True),
                            uploads=[SimpleUploadedFile(f"{marker}通知.pdf", b"%PDF-1.4 n", content_type="application/pdf")],
                            actor=editor)
    side.objects["notice"] = notice
    side.objects["notice_attachment"] = notice.attachments.get()
    journal = Outlet.objects.create(name=f"《{key}刊》", level=Level.COUNTY, medium=Outlet.Medium.MAGAZINE, owner=office)
    column = Column.objects.create(outlet=journal, name=f"{key}栏目")
    issue = issue_save(issue=JournalIssue(outlet=journal, number=f"{marker}第1期", issue_date=DAY,
                                          theme=f"{marker}专刊"), actor=editor)
    side.objects["issue"] = issue
    side.objects["item"] = item_add(issue=issue, contribution=side.pieces[State.ACCEPTED], column=column, actor=editor)
    year = appraisal_year_get_or_create(year=YEAR, office=office.pk)
    side.objects["award"] = award_create(appraisal_year=year, category="advanced_unit", unit=township, actor=editor,
                                         citation=f"{marker}先进单位")
    side.objects["nomination"] = Nomination.objects.create(appraisal_year=year, category="good_news",
                                                           contribution=published, note=f"{marker}推荐")
    side.objects["year"] = year
    session = Session.objects.create(office=office, title=f"{marker}培训", starts_on=DAY, ends_on=DAY, notice=notice)
    side.objects["training"] = session
    side.objects["material"] = Material.objects.create(session=session, file=f"training/{key}.pdf",
                                                       original_name=f"{marker}材料.pdf", size=10)
    Participant.objects.create(session=session, correspondent=writer, attended=True)
    side.objects["writer"] = writer
    return side


@pytest.fixture
def network(db):
    """{'a': Side, 'b': Side, 'city': Side}: 甲县 and 乙县 under the city; 乙县 sent a piece up."""
    city_unit = Unit.objects.create(name="市本级研究室", kind=Unit.Kind.OFFICE_DEPARTMENT)
    city_township = Unit.objects.create(name="市本级直属单位", kind=Unit.Kind.OTHER, parent=city_unit)
    a = Unit.objects.create(name="甲县人大常委会", kind=Unit.Kind.COUNTY_CONGRESS)
    b = Unit.objects.create(name="乙县人大常委会", kind=Unit.Kind.COUNTY_CONGRESS)
    a_township = Unit.objects.create(name="甲县一镇人大", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=a)
    b_township = Unit.objects.create(name="乙县一镇人大", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=b)
    shared = Outlet.objects.create(name="《共享日报》", level=Level.MUNICIPAL, medium=Outlet.Medium.NEWSPAPER)
    offices = {
        "a": Office.objects.create(name="甲县人大常委会办公室", head_unit=a),
        "b": Office.objects.create(name="乙县人大常委会办公室", head_unit=b),
        "city": root_office(),
    }
    heads = {"a": (a, a_township), "b": (b, b_township), "city": (city_unit, city_township)}
    sides = {key: _side(key, offices[key], *heads[key], shared) for key in ("a", "b", "city")}
    # 乙县 sent its accepted piece up to the city.
    sides["b"].objects["forward"] = forward_send(contribution=sides["b"].pieces[State.ACCEPTED],
                                                 from_office=offices["b"].pk, actor=sides["b"].editor, note="乙县报送说明")
    ScoringRules.objects.filter(appraisal_year__office=offices["a"]).update(municipal_points=3)
    return sides


def text_of(response) -> str:
    """What a response shows: HTML and JSON as text, workbooks cell by cell, PDFs page by page."""
    import io

    content_type = response.get("Content-Type", "")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
                         if cell is not None)
    if "pdf" in content_type and len(data) > 100:  # a generated PDF (an uploaded test file is a stub)
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", "replace")


def all_rows() -> dict:
    """Every row the desk can change, for "nothing changed" after refused writes (signing in is
    recorded, and is not a change the desk made), and the message outbox."""
    from django.apps import apps

    rows = {}
    for label in ("correspondents", "messaging", "outlets", "contributions", "awards", "journal", "planning"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label != "correspondents.LoginRecord":
                rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


__all__ = ["network", "text_of", "all_rows", "Contribution", "YEAR"]
