"""The one definition of a placement's points, as a database expression.

Points = base × prominence factor × genre factor × medium factor + the bonus for a leader's
instruction (批示), from the appraisal year's rules. The base is the outlet level's points, or the
internal base for the outlets the office itself owns (内部刊物: its journal, bulletin, website); an
outlet another office owns counts at its level. Rules belong to an office and carry its scope. Every factor has two decimals, so the
expression works in whole hundredths: a placement's points come out as an integer in hundred-
millionths (four factors of hundredths), and a correspondent's share (hundredths too) makes 10⁻¹⁰.
Integers add up exactly on SQLite and PostgreSQL alike; the sum is turned into a Decimal and
rounded once, half up.

In 不累计 mode a piece scores only its best placement of the period (highest points, then the
earliest, then the first logged); its other placements count as placements with 0 points.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Case, ExpressionWrapper, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Round

from contributions.models import Genre, Placement, Prominence
from correspondents.network import Scope, scope_of
from outlets.models import Level, Outlet

from .models import (
    DEFAULT_GENRE_FACTORS,
    DEFAULT_INSTRUCTION_BONUSES,
    DEFAULT_INTERNAL_POINTS,
    DEFAULT_LEVEL_POINTS,
    DEFAULT_MEDIUM_FACTORS,
    DEFAULT_PROMINENCE_FACTORS,
    CountingMode,
    ScoringRules,
)

POINTS_SCALE = 10**8  # a placement's points, as computed by placement_points()
SHARED_POINTS_SCALE = 10**10  # a placement's points times an author's share
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rules:
    """The factors of one office's appraisal year (or the defaults, for a year nobody has set up),
    with the office's scope: whose outlets are internal, which units it counts."""

    scope: Scope
    level_points: dict = field(default_factory=lambda: dict(DEFAULT_LEVEL_POINTS))
    prominence_factors: dict = field(default_factory=lambda: dict(DEFAULT_PROMINENCE_FACTORS))
    genre_factors: dict = field(default_factory=lambda: dict(DEFAULT_GENRE_FACTORS))
    medium_factors: dict = field(default_factory=lambda: dict(DEFAULT_MEDIUM_FACTORS))
    internal_points: Decimal = DEFAULT_INTERNAL_POINTS
    instruction_bonuses: dict = field(default_factory=lambda: dict(DEFAULT_INSTRUCTION_BONUSES))
    counting_mode: str = CountingMode.CUMULATIVE

    @classmethod
    def defaults(cls, scope: Scope | None = None) -> "Rules":
        return cls(scope or scope_of())

    @classmethod
    def of(cls, rules: ScoringRules, scope: Scope) -> "Rules":
        return cls(scope, rules.level_points(), rules.prominence_factors(), rules.genre_factors(),
                   rules.medium_factors(), rules.internal_points, rules.instruction_bonuses(), rules.counting_mode)

    @property
    def office_id(self) -> int:
        return self.scope.office_id

    @property
    def best_only(self) -> bool:
        return self.counting_mode == CountingMode.BEST


def _hundredths(value: Decimal) -> int:
    return int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _factor(field_path: str, factors: dict, default=0) -> Case:
    # 64-bit integers: PostgreSQL would multiply plain literals as 32-bit and overflow.
    return Case(
        *(When(**{field_path: key}, then=Value(_hundredths(factor))) for key, factor in factors.items()),
        default=Value(default),
        output_field=BigIntegerField(),
    )


def placement_points(rules: Rules, *, prefix: str = "") -> ExpressionWrapper:
    """A placement's points in hundred-millionths. `prefix` is the path to the placement from the
    queried model, e.g. "placements__" from Contribution; empty from Placement itself."""
    base = Case(
        When(**{f"{prefix}outlet__owner_id": rules.office_id}, then=Value(_hundredths(rules.internal_points))),
        default=_factor(f"{prefix}outlet__level", {level: rules.level_points[level] for level in Level.values}),
        output_field=BigIntegerField(),
    )
    product = (
        Cast(base, output_field=BigIntegerField())
        * Cast(_factor(f"{prefix}prominence", {p: rules.prominence_factors[p] for p in Prominence.values}),
               output_field=BigIntegerField())
        * Cast(_factor(f"{prefix}contribution__genre", {g: rules.genre_factors[g] for g in Genre.values}),
               output_field=BigIntegerField())
        * Cast(_factor(f"{prefix}outlet__medium", {m: rules.medium_factors[m] for m in Outlet.Medium.values}),
               output_field=BigIntegerField())
    )
    # A bonus in hundredths, raised to the product's scale (three more factors of a hundred).
    bonus = _factor(f"{prefix}instruction", {level: bonus * 1_000_000 for level, bonus in
                                              rules.instruction_bonuses.items()})
    return ExpressionWrapper(product + bonus, output_field=BigIntegerField())


def counted_points(rules: Rules, start, end) -> ExpressionWrapper:
    """What a placement between start and end adds to the tallies: its points, or in 不累计 mode
    its points only when it is its piece's best placement of the period (else 0). From Placement."""
    points = placement_points(rules)
    if not rules.best_only:
        return points
    best = (
        Placement.objects.in_period(start, end).filter(contribution=OuterRef("contribution"))
        .annotate(best_points=placement_points(rules)).order_by("-best_points", "published_on", "pk").values("pk")[:1]
    )
    return ExpressionWrapper(Case(When(pk=Subquery(best), then=points), default=Value(0)),
                             output_field=BigIntegerField())


def share_in_hundredths(path: str) -> Cast:
    """An author's share (0.01–1.00) as whole hundredths, exact even where the database keeps it as a float."""
    return Cast(Round(F(path) * 100), output_field=BigIntegerField())


def to_points(raw: int | None, scale: int) -> Decimal:
    """Exact integer total → points rounded once to two decimals, half up."""
    return (Decimal(raw or 0) / scale).quantize(CENT, rounding=ROUND_HALF_UP)
