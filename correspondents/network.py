"""Offices and their networks: which units an office reads, which office a unit reports to, which
offices count a unit's placements. One tree, loaded once per data version (a row a unit and an
office); every other app asks here.

- An office's **network** is its head unit and every unit below it; the root office's is every unit.
- A unit's **home office** is the nearest office up its parent chain (the root office at the top).
- Offices form a tree through their head units: an office's **parent** is the home office of its
  head unit's parent.
- A placement counts for **every office whose network holds the credited unit**: the home office
  and every office above it."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from datacache.cache import cached

from .models import Office, OfficeStaff, Unit

ROOT_OFFICE_NAME = "人大常委会研究室（宣传处）"


@dataclass(frozen=True)
class Scope:
    """An office as the numbers see it: its id, name and network (None: every unit, the root)."""

    office_id: int
    name: str
    network: frozenset | None = None

    def holds(self, unit_id: int | None) -> bool:
        return self.network is None or unit_id in self.network

    def units_filter(self, path: str) -> dict:
        """Keyword arguments restricting a queryset to the network (none for the root)."""
        return {} if self.network is None else {f"{path}__in": sorted(self.network)}


@dataclass(frozen=True)
class OfficeTree:
    parent_unit: dict = field(default_factory=dict)  # unit id → parent unit id (or None)
    offices: dict = field(default_factory=dict)  # office id → (name, head unit id or None, active)
    # What has been worked out of the tree (networks, home offices): the tree is kept per data version,
    # so each is worked out once per version and process.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def _remember(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @classmethod
    def load(cls) -> "OfficeTree":
        return cls(dict(Unit.objects.order_by().values_list("pk", "parent_id")),
                   {pk: (name, head, active) for pk, name, head, active in
                    Office.objects.order_by().values_list("pk", "name", "head_unit_id", "active")})

    @property
    def office_of_head(self) -> dict:
        return self._remember("heads", lambda: {head: pk for pk, (_, head, _) in self.offices.items()})

    @property
    def root(self) -> int | None:
        return self.office_of_head.get(None)

    def home_office(self, unit_id: int | None) -> int | None:
        """The nearest office up the unit's chain (a cycle in bad data stops at the root)."""
        return self._remember(("home", unit_id), lambda: self._walk_up(unit_id))

    def _walk_up(self, unit_id: int | None) -> int | None:
        heads, seen = self.office_of_head, set()
        while unit_id is not None and unit_id not in seen:
            if unit_id in heads:
                return heads[unit_id]
            seen.add(unit_id)
            unit_id = self.parent_unit.get(unit_id)
        return self.root

    def parent(self, office_id: int) -> int | None:
        head = self.offices[office_id][1]
        if head is None:
            return None
        return self.home_office(self.parent_unit.get(head))

    def ancestors(self, office_id: int) -> list[int]:
        """The office and every office above it, nearest first."""
        chain = []
        while office_id is not None and office_id not in chain:
            chain.append(office_id)
            office_id = self.parent(office_id)
        return chain

    def offices_counting(self, unit_id: int | None) -> list[int]:
        """Every office whose network holds the unit: its home office and the offices above."""
        home = self.home_office(unit_id)
        return self.ancestors(home) if home is not None else []

    def network(self, office_id: int) -> frozenset | None:
        head = self.offices[office_id][1]
        if head is None:
            return None
        return self._remember(("network", office_id), lambda: self._below(head))

    def _below(self, head: int) -> frozenset:
        children = self._remember("children", self._children_of_units)
        found, stack = set(), [head]
        while stack:
            unit = stack.pop()
            if unit not in found:
                found.add(unit)
                stack.extend(children.get(unit, []))
        return frozenset(found)

    def _children_of_units(self) -> dict:
        children: dict = {}
        for unit, parent in self.parent_unit.items():
            children.setdefault(parent, []).append(unit)
        return children

    def own_units(self, office_id: int) -> frozenset | None:
        """The units whose home office this is (whose pieces it reviews); None: every unit (a single
        office)."""
        if len(self.offices) == 1 and self.offices[office_id][1] is None:
            return None

        def compute():
            network = self.network(office_id)
            units = self.parent_unit.keys() if network is None else network
            return frozenset(unit for unit in units if self.home_office(unit) == office_id)

        return self._remember(("own", office_id), compute)

    def scope(self, office_id: int) -> Scope:
        return Scope(office_id, self.offices[office_id][0], self.network(office_id))

    def children(self, office_id: int) -> list[int]:
        return [pk for pk in self.offices if pk != office_id and self.parent(pk) == office_id]


def office_tree() -> OfficeTree:
    tree = cached("office-tree", (), OfficeTree.load, immutable=True)
    if tree.root is None:
        # A flushed database has no root office until one is needed: create it, and read the tree
        # afresh (the version this request read does not know the new row).
        root_office()
        tree = OfficeTree.load()
    return tree


def root_office() -> Office:
    """The office at the top (created with the default name if a flushed database has none)."""
    office = Office.objects.filter(head_unit__isnull=True).first()
    if office is None:
        office, _ = Office.objects.get_or_create(name=ROOT_OFFICE_NAME, defaults={"head_unit": None})
    return office


def scope_of(office_id: int | None = None) -> Scope:
    """An office's scope; the root office's when none is named."""
    tree = office_tree()
    return tree.scope(tree.root if office_id is None else office_id)


class NoOffice(Exception):
    """Office staff of an installation with several offices, not assigned to any of them."""


def office_of_user(user: User | AnonymousUser) -> int | None:
    """The office whose desk a member of staff works at: their own; with a single office, that one.
    None for a superuser (who may choose any office). Raises NoOffice for unassigned staff where
    there are several offices: they must not read the whole installation by default."""
    if user.is_superuser:
        return None
    membership = getattr(user, "_office_id", None)
    if membership is None:
        membership = OfficeStaff.objects.filter(user=user).values_list("office_id", flat=True).first()
        if membership is None:
            tree = office_tree()
            if len(tree.offices) > 1:
                raise NoOffice
            membership = tree.root
        user._office_id = membership
    return membership


def refuse_unless_staff_of(actor: User | None, office_id: int, message: str) -> None:
    """The services' check that an office's decision is taken by its own staff (a superuser may act
    for any office; `actor=None` is the system itself)."""
    from django.core.exceptions import ValidationError

    if actor is None or actor.is_superuser:
        return
    try:
        if office_of_user(actor) == office_id:
            return
    except NoOffice:
        pass
    raise ValidationError(message, code="permission")


def acting_office(actor: User | None) -> int:
    """The office something an actor makes belongs to: their own; the root office for the system
    itself and for a superuser who named none."""
    if actor is not None and actor.is_authenticated:
        try:
            office = office_of_user(actor)
        except NoOffice:
            office = None
        if office is not None:
            return office
    return scope_of().office_id


def staff_of(office_id: int):
    """The accounts that work at an office's desk (with a single office: all office staff)."""
    from .roles import office_staff

    staff = office_staff()
    if len(office_tree().offices) <= 1:
        return staff
    return staff.filter(office_membership__office_id=office_id)


CHOSEN_OFFICE = "desk_office"  # the session key of a superuser's chosen office


def desk_scope(request) -> Scope:
    """The office whose desk a request works at: the staff member's own, or the one a superuser chose
    (?office= on any desk page, kept in the session; the root office until then)."""
    office = office_of_user(request.user)
    if office is None:
        tree = office_tree()
        raw = request.GET.get("office", "")
        if raw.isdigit() and int(raw) in tree.offices:
            request.session[CHOSEN_OFFICE] = int(raw)
        chosen = request.session.get(CHOSEN_OFFICE)
        office = chosen if chosen in tree.offices else None
    return scope_of(office)
