"""Demo data for how offices count: unit targets, an information bulletin with leaders' instructions,
the journal's issues (期次) and graded nominations. Safe to run again: it adds only what is missing."""

import datetime

from django.contrib.auth.models import User

from awards.models import AppraisalYear, Award, Nomination, QualityGrade, ScoringRules
from awards.selectors import work_candidates
from awards.services import nomination_save
from awards.years import resolve_year
from contributions.models import Contribution, Genre, Instruction, Placement, Prominence, State
from contributions.services import contribution_create, contribution_transition, placement_create
from correspondents.models import Correspondent, Unit
from correspondents.network import root_office
from journal.models import JournalIssue
from journal.services import issue_publish, issue_save, item_add
from outlets.models import Column, Level, Outlet

from .demo_offices import reviewer_of

BULLETIN = "《人大工作信息》"
JOURNAL = "《宜昌人大》"
# Annual targets (用稿次数) of the county congresses: the busier counties are asked for more.
TARGETS = {"枝江市人大常委会": 40, "宜都市人大常委会": 30, "当阳市人大常委会": 30, "夷陵区人大常委会": 25}
JOURNAL_PIECES = [
    ("工作研究", "关于提升专题询问实效的几点思考", Genre.THEORY),
    ("工作研究", "县级人大预算联网监督的实践", Genre.RESEARCH),
    ("代表之声", "一位乡镇人大代表的履职笔记", Genre.FEATURE),
    ("代表之声", "代表联络站里的“民生清单”", Genre.NEWS),
    ("基层人大", "镜头里的乡镇人大主席团", Genre.PHOTO),
    ("基层人大", "街道人大工委开展“民生议事日”", Genre.NEWS),
]


def seed_counting(*, editor: User, this_year: int) -> None:
    for name, target in TARGETS.items():
        Unit.objects.filter(name=name, annual_target__isnull=True).update(annual_target=target)
    # The office rewards leaders' instructions on its bulletin: 省部级 5, 市级 3, 县级 1.
    ScoringRules.objects.filter(appraisal_year__year__in=[this_year - 1, this_year], appraisal_year__office=root_office(),
                                provincial_instruction_bonus=0, municipal_instruction_bonus=0).update(
        provincial_instruction_bonus=5, municipal_instruction_bonus=3, county_instruction_bonus=1)
    _bulletin_with_instructions(editor, this_year - 1)
    _journal_issues(editor, this_year - 1)
    _nominations(editor, this_year - 1)


def _bulletin_with_instructions(editor: User, year: int) -> None:
    bulletin, _ = Outlet.objects.get_or_create(
        name=BULLETIN, defaults={"level": Level.MUNICIPAL, "medium": Outlet.Medium.NEWSPAPER, "owner": root_office()})
    if Placement.objects.filter(outlet=bulletin).exists():
        return
    pieces = list(Contribution.objects.filter(state=State.PUBLISHED, genre__in=[Genre.BRIEF, Genre.NEWS],
                                              placements__published_on__year=year).distinct().order_by("pk")[:4])
    for number, (piece, instruction) in enumerate(zip(pieces, [Instruction.PROVINCIAL, Instruction.MUNICIPAL,
                                                               Instruction.COUNTY, ""]), start=1):
        placement_create(contribution=piece, outlet=bulletin, published_on=datetime.date(year, 3 * number, 15),
                         edition=f"{year}年第{number * 3}期", prominence=Prominence.REGULAR, instruction=instruction,
                         actor=editor)


def _journal_issues(editor: User, year: int) -> None:
    journal = Outlet.objects.get(name=JOURNAL)
    columns = {column.name: column for column in Column.objects.filter(outlet=journal)}
    authors = list(Correspondent.objects.filter(unit__kind=Unit.Kind.COUNTY_CONGRESS).order_by("pk")[:6])
    for number, day in [(1, datetime.date(year, 3, 31)), (2, datetime.date(year, 6, 30)), (3, datetime.date(year, 9, 30))]:
        title = f"{year}年第{number}期"
        if JournalIssue.objects.filter(outlet=journal, number=title).exists():
            continue
        issue = issue_save(issue=JournalIssue(outlet=journal, number=title, issue_date=day,
                                              theme=["人代会精神学习专刊", "代表工作专刊", "监督工作专刊"][number - 1]),
                           actor=editor)
        for index, (section, headline, genre) in enumerate(JOURNAL_PIECES):
            author = authors[(index + number) % len(authors)]
            piece = contribution_create(title=f"{headline}（{title}）", authors=[author], genre=genre, actor=editor,
                                        body=f"{headline}。\n\n（{author.name}）")
            for state in (State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED):
                contribution_transition(contribution=piece, to_state=state, actor=reviewer_of(piece, editor))
            item_add(issue=issue, contribution=piece, column=columns[section], actor=editor)
        issue_publish(issue=issue, actor=editor)
    # The next issue is being planned: two accepted pieces wait in it.
    planned = f"{year + 1}年第1期"
    if not JournalIssue.objects.filter(outlet=journal, number=planned).exists():
        issue_save(issue=JournalIssue(outlet=journal, number=planned, issue_date=datetime.date(year + 1, 12, 31),
                                      theme="年终特刊"), actor=editor)


def _nominations(editor: User, year: int) -> None:
    appraisal_year = AppraisalYear.objects.get(year=year, office=root_office())
    if appraisal_year.nominations.exists() or appraisal_year.is_closed:
        return
    resolved = resolve_year(year)
    grades = [QualityGrade.CLASS_ONE, QualityGrade.CLASS_TWO, QualityGrade.CLASS_THREE]
    for category, papers in [(Award.Category.GOOD_NEWS, False), (Award.Category.EXCELLENT_PAPER, True)]:
        for grade, candidate in zip(grades, work_candidates(resolved, papers_only=papers, limit=3)):
            nomination_save(appraisal_year=appraisal_year, category=category, actor=editor, quality=grade,
                            contribution=Contribution.objects.get(pk=candidate.id), note="各县市区推荐")
    Nomination.objects.filter(appraisal_year=appraisal_year, score__isnull=True).update(score=90)
