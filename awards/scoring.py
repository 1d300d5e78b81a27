"""The one definition of a placement's points, as a database expression.

Points = base points of the outlet's level × prominence factor × genre factor, from the appraisal
year's rules. Every factor has two decimals, so the expression works in whole hundredths: a
placement's points come out as an integer in millionths (three factors of hundredths), and a
correspondent's share (hundredths too) makes hundred-millionths. Integers add up exactly on
SQLite and PostgreSQL alike; the sum is turned into a Decimal and rounded once, half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Case, ExpressionWrapper, F, Value, When
from django.db.models.functions import Cast, Round

from contributions.models import Genre, Prominence
from outlets.models import Level

from .models import (
    DEFAULT_GENRE_FACTORS,
    DEFAULT_LEVEL_POINTS,
    DEFAULT_PROMINENCE_FACTORS,
    ScoringRules,
)

POINTS_SCALE = 10**6  # a placement's points, as computed by placement_points()
SHARED_POINTS_SCALE = 10**8  # a placement's points times an author's share
CENT = Decimal("0.01")


class Rules:
    """The factors of one appraisal year (or the defaults, for a year nobody has set up)."""

    def __init__(self, level_points: dict, prominence_factors: dict, genre_factors: dict):
        self.level_points = level_points
        self.prominence_factors = prominence_factors
        self.genre_factors = genre_factors

    @classmethod
    def defaults(cls) -> "Rules":
        return cls(dict(DEFAULT_LEVEL_POINTS), dict(DEFAULT_PROMINENCE_FACTORS), dict(DEFAULT_GENRE_FACTORS))

    @classmethod
    def of(cls, rules: ScoringRules) -> "Rules":
        return cls(rules.level_points(), rules.prominence_factors(), rules.genre_factors())


def _hundredths(value: Decimal) -> int:
    return int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _factor(field: str, factors: dict) -> Cast:
    # Cast to a 64-bit integer: PostgreSQL would multiply plain literals as 32-bit and overflow.
    return Cast(
        Case(
            *(When(**{field: key}, then=Value(_hundredths(factor))) for key, factor in factors.items()),
            default=Value(0),
            output_field=BigIntegerField(),
        ),
        output_field=BigIntegerField(),
    )


def placement_points(rules: Rules, *, prefix: str = "") -> ExpressionWrapper:
    """A placement's points in millionths. `prefix` is the path to the placement from the
    queried model, e.g. "placements__" from Contribution; empty from Placement itself."""
    return ExpressionWrapper(
        _factor(f"{prefix}outlet__level", {level: rules.level_points[level] for level in Level.values})
        * _factor(f"{prefix}prominence", {p: rules.prominence_factors[p] for p in Prominence.values})
        * _factor(f"{prefix}contribution__genre", {g: rules.genre_factors[g] for g in Genre.values}),
        output_field=BigIntegerField(),
    )


def share_in_hundredths(path: str) -> Cast:
    """An author's share (0.01–1.00) as whole hundredths, exact even where the database keeps it as a float."""
    return Cast(Round(F(path) * 100), output_field=BigIntegerField())


def to_points(raw: int | None, scale: int) -> Decimal:
    """Exact integer total → points rounded once to two decimals, half up."""
    return (Decimal(raw or 0) / scale).quantize(CENT, rounding=ROUND_HALF_UP)
