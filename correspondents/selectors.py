"""Reads with a rule in them about correspondents."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Correspondent

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


def correspondents_by_name(names: Iterable[str], *, active_only: bool = False) -> PeopleByName:
    """Every correspondent bearing one of `names`, read in a few queries however many names."""
    wanted = sorted({name for name in names if name})
    found = PeopleByName()
    people = Correspondent.objects.active() if active_only else Correspondent.objects.all()
    for start in range(0, len(wanted), BATCH):
        for pk, name, unit_id, unit_name in people.filter(name__in=wanted[start:start + BATCH]).values_list(
            "pk", "name", "unit_id", "unit__name"
        ):
            found.by_name.setdefault(name, []).append(NamedPerson(pk, name, unit_id, unit_name))
    return found
