"""奖励发放表: each person's and unit's money for the year — points × money per point, plus the fixed
amount of each award (a work's award shared among its authors by their byline shares) and of each
新闻奖参评 result the year's rules reward, capped per person. Computed exactly in Decimal and rounded once to the fen per row; read from the year's tallies,
so a closed year's money is as frozen as its points and its rules (which the admin no longer edits)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from contributions.models import Authorship
from correspondents.models import Correspondent, Unit

from .models import Award, NewsAwardEntry, RewardRules
from .selectors import year_tallies
from .years import Year

FEN = Decimal("0.01")
ZERO = Decimal("0")


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass
class RewardLine:
    name: str
    unit: str  # a person's unit; empty for a unit's own line
    points: Decimal
    for_points: Decimal
    for_awards: Decimal
    total: Decimal
    capped: bool = False
    awards: list[str] = field(default_factory=list)


@dataclass
class RewardTable:
    rules: RewardRules | None
    people: list[RewardLine]
    units: list[RewardLine]

    @property
    def people_total(self) -> Decimal:
        return sum((line.total for line in self.people), ZERO)

    @property
    def units_total(self) -> Decimal:
        return sum((line.total for line in self.units), ZERO)

    @property
    def total(self) -> Decimal:
        return self.people_total + self.units_total


def rules_of(year: Year) -> RewardRules | None:
    if year.row is None:
        return None
    return RewardRules.objects.filter(appraisal_year=year.row).prefetch_related("award_amounts").first()


def _award_money(year: Year, rules: RewardRules | None):
    """(person id → exact amount, unit id → exact amount, id → award names) of the year's awards."""
    people, units, names = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO), defaultdict(list)
    if rules is None:
        return people, units, names
    amounts = {(a.category, a.grade): a.amount for a in rules.award_amounts.all()}
    awards = list(Award.objects.filter(appraisal_year=year.row))
    entries = [entry for entry in NewsAwardEntry.objects.filter(office_id=year.row.office_id, year=year.number)
               if rules.entry_amount(entry.result)]
    shares = defaultdict(list)
    works = {a.contribution_id for a in awards if a.contribution_id} | {e.contribution_id for e in entries}
    for authorship in Authorship.objects.filter(contribution_id__in=works):
        shares[authorship.contribution_id].append((authorship.correspondent_id, authorship.share))
    for entry in entries:  # 新闻奖参评 won: its bonus, shared by byline
        for person, share in shares[entry.contribution_id]:
            people[person] += rules.entry_amount(entry.result) * share
            names[("person", person)].append(f"{entry.name}{entry.get_result_display()}")
    for award in awards:
        amount = amounts.get((award.category, award.grade), amounts.get((award.category, ""), ZERO))
        label = award.get_category_display() + (award.get_grade_display() if award.grade else "")
        if award.correspondent_id:
            people[award.correspondent_id] += amount
            names[("person", award.correspondent_id)].append(label)
        elif award.unit_id:
            units[award.unit_id] += amount
            names[("unit", award.unit_id)].append(label)
        else:
            for person, share in shares[award.contribution_id]:
                people[person] += amount * share
                names[("person", person)].append(label)
    return people, units, names


def _line(name: str, unit: str, points: Decimal, rate: Decimal, awarded: Decimal, cap: Decimal | None,
          awards: list[str]) -> RewardLine:
    exact = points * rate + awarded
    total = to_fen(exact)
    for_points = to_fen(points * rate)
    line = RewardLine(name=name, unit=unit, points=points, for_points=for_points, for_awards=total - for_points,
                      total=total, awards=awards)
    if cap is not None and total > cap:
        line.total, line.capped = cap, True
    return line


def reward_table(year: Year) -> RewardTable:
    rules = rules_of(year)
    person_rate = rules.per_point_person if rules else ZERO
    unit_rate = rules.per_point_unit if rules else ZERO
    cap = rules.person_cap if rules else None
    people_money, unit_money, names = _award_money(year, rules)
    tallies = year_tallies(year)
    people, seen = [], set()
    for row in tallies.people:
        seen.add(row.id)
        people.append(_line(row.name, row.unit, row.points, person_rate, people_money.get(row.id, ZERO), cap,
                            names.get(("person", row.id), [])))
    for person in Correspondent.objects.filter(pk__in=set(people_money) - seen).select_related("unit"):
        people.append(_line(person.name, person.unit.name, ZERO, person_rate, people_money[person.pk], cap,
                            names.get(("person", person.pk), [])))
    units, seen = [], set()
    for row in tallies.units:
        seen.add(row.id)
        units.append(_line(row.name, "", row.points, unit_rate, unit_money.get(row.id, ZERO), None,
                           names.get(("unit", row.id), [])))
    for unit in Unit.objects.filter(pk__in=set(unit_money) - seen):
        units.append(_line(unit.name, "", ZERO, unit_rate, unit_money[unit.pk], None, names.get(("unit", unit.pk), [])))
    by_money = lambda line: (-line.total, line.name)  # noqa: E731
    return RewardTable(rules=rules, people=sorted((p for p in people if p.total), key=by_money),
                       units=sorted((u for u in units if u.total), key=by_money))
