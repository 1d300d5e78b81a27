"""Reads with a rule in them about correspondents."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Correspondent, Unit

BATCH = 500  # SQLite bounds the parameters of one query


@dataclass(frozen=True)
class NamedPerson:
    id: int
    name: str
    unit_id: int
    unit_name: str


class UnknownName(ValueError):
    pass


class AmbiguousName(ValueError):
    pass


@dataclass
class PeopleByName:
    """Correspondents found by name, to pick an author by the name written on a piece.

    The rule (one home): a name is looked for among the correspondents of the piece's unit first,
    then among all correspondents; no match, or several outside the unit, cannot be decided.
    """

    by_name: dict[str, list[NamedPerson]] = field(default_factory=dict)

    def pick(self, name: str, *, unit_id: int | None) -> NamedPerson:
        candidates = self.by_name.get(name, [])
        in_unit = [person for person in candidates if person.unit_id == unit_id]
        if len(in_unit) == 1:
            return in_unit[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise UnknownName(f"找不到通讯员“{name}”。")
        units = "、".join(person.unit_name for person in candidates)
        raise AmbiguousName(f"有多位名叫“{name}”的通讯员（{units}），且都不在所选单位，无法确定是哪一位。")


    def pick_labelled(self, label: str) -> NamedPerson:
        """A person written as the portal shows them, "王静（宜都市人大常委会）", or by a name only
        one person bears: never guessed from the writer's unit (a co-author is chosen, not matched)."""
        name, unit_name = split_label(label)
        candidates = self.by_name.get(name, [])
        if unit_name:
            matching = [person for person in candidates if person.unit_name == unit_name]
            if len(matching) == 1:
                return matching[0]
            raise UnknownName(f"找不到“{label}”：{unit_name}没有名叫“{name}”的通讯员。")
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise UnknownName(f"找不到通讯员“{name}”。")
        labels = "、".join(person_label(person.name, person.unit_name) for person in candidates)
        raise AmbiguousName(f"有多位名叫“{name}”的通讯员：{labels}。请从提示中选择，或在姓名后写上单位。")


LABELLED = re.compile(r"^(?P<name>[^（(]+)[（(](?P<unit>[^）)]+)[）)]$")


def person_label(name: str, unit_name: str) -> str:
    return f"{name}（{unit_name}）"


def split_label(label: str) -> tuple[str, str]:
    """"王静（宜都市人大常委会）" → ("王静", "宜都市人大常委会"); a bare name → (name, "")."""
    match = LABELLED.match(label.strip())
    if match:
        return match["name"].strip(), match["unit"].strip()
    return label.strip(), ""


def correspondents_by_name(names: Iterable[str], *, active_only: bool = False,
                           within: frozenset | None = None) -> PeopleByName:
    """Every correspondent bearing one of `names` (of an office's network, when given), read in a
    few queries however many names."""
    wanted = sorted({name for name in names if name})
    found = PeopleByName()
    people = Correspondent.objects.active() if active_only else Correspondent.objects.all()
    if within is not None:
        people = people.filter(unit__in=sorted(within))
    for start in range(0, len(wanted), BATCH):
        for pk, name, unit_id, unit_name in people.filter(name__in=wanted[start:start + BATCH]).values_list(
            "pk", "name", "unit_id", "unit__name"
        ):
            found.by_name.setdefault(name, []).append(NamedPerson(pk, name, unit_id, unit_name))
    return found


# The order offices list units in: each county congress followed by its townships, then the
# committee's own offices, then news organisations, then the rest.
KIND_ORDER = [Unit.Kind.COUNTY_CONGRESS, Unit.Kind.OFFICE_DEPARTMENT, Unit.Kind.NEWS_ORGANISATION, Unit.Kind.OTHER]


@dataclass(frozen=True)
class OrderedUnit:
    id: int
    name: str
    kind: str
    under_county: bool  # a township listed under its county


def _in_administrative_order(active_only: bool, within: frozenset | None = None) -> list[OrderedUnit]:
    """Every unit once (of an office's network, when given), in administrative order (one query)."""
    units = Unit.objects.filter(active=True) if active_only else Unit.objects.all()
    if within is not None:
        units = units.filter(pk__in=within)
    rows = list(units.order_by().values_list("pk", "name", "kind", "parent_id", "sort_order"))

    def key(row):
        return row[4], row[1]

    townships: dict[int | None, list] = {}
    for row in rows:
        if row[2] == Unit.Kind.TOWNSHIP_CONGRESS:
            townships.setdefault(row[3], []).append(row)
    counties = {row[0] for row in rows if row[2] == Unit.Kind.COUNTY_CONGRESS}
    ordered: list[OrderedUnit] = []
    for kind in KIND_ORDER:
        for row in sorted((r for r in rows if r[2] == kind), key=key):
            ordered.append(OrderedUnit(row[0], row[1], kind, False))
            for township in sorted(townships.get(row[0], []) if kind == Unit.Kind.COUNTY_CONGRESS else [], key=key):
                ordered.append(OrderedUnit(township[0], township[1], township[2], True))
    # Townships whose county is missing or inactive come after the others of their kind.
    orphans = [row for parent, group in townships.items() if parent not in counties for row in group]
    ordered.extend(OrderedUnit(row[0], row[1], row[2], False) for row in sorted(orphans, key=key))
    return ordered


def units_in_administrative_order(*, active_only: bool = True, within: frozenset | None = None
                                  ) -> list[tuple[int, str]]:
    """(id, label) of the units (of a network, when given) in administrative order, townships
    indented under their county."""
    return [(unit.id, f"\u3000{unit.name}" if unit.under_county else unit.name)
            for unit in _in_administrative_order(active_only, within)]


@dataclass
class UnitGroup:
    """Units listed together for picking: a county with its townships, or the units of one kind."""

    title: str
    units: list[OrderedUnit] = field(default_factory=list)


def unit_groups(*, active_only: bool = True, within: frozenset | None = None) -> list[UnitGroup]:
    """The units in administrative order as groups (one query): each county-level congress with its
    townships, then the committee's offices, the news organisations and the others, a group a kind."""
    kinds = dict(Unit.Kind.choices)
    groups: list[UnitGroup] = []
    for unit in _in_administrative_order(active_only, within):
        if unit.kind == Unit.Kind.COUNTY_CONGRESS:
            groups.append(UnitGroup(unit.name))
        elif not unit.under_county and (not groups or groups[-1].title != kinds[unit.kind]):
            groups.append(UnitGroup(kinds[unit.kind]))
        groups[-1].units.append(unit)
    return groups


def unit_choices(empty_label: str | None = "---------", *, active_only: bool = True,
                 within: frozenset | None = None) -> list[tuple]:
    """Choices for a unit dropdown (a form's ModelChoiceField takes them as its `choices`), of an
    office's network when given."""
    empty = [("", empty_label)] if empty_label is not None else []
    return empty + units_in_administrative_order(active_only=active_only, within=within)
