"""Bylines: who wrote a piece, in which order, and how its points are shared."""

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from correspondents.models import Correspondent

from ..models import Authorship, Contribution

CENT = Decimal("0.01")


def split_shares(count: int) -> list[Decimal]:
    """Equal shares that sum to 1.00, the rounding remainder going to the first author."""
    if count < 1:
        raise ValueError("count must be positive")
    each = (Decimal(1) / count).quantize(CENT, rounding=ROUND_DOWN)
    return [Decimal(1) - each * (count - 1)] + [each] * (count - 1)


def check_shares(shares: Sequence[Decimal]) -> None:
    total = sum(shares, Decimal(0))
    if total != Decimal("1.00"):
        raise ValidationError(f"各作者的积分份额之和应为 1.00，现在是 {total}。")
    if any(share <= 0 for share in shares):
        raise ValidationError("每位作者的积分份额都应大于 0。")


def authorships_set(
    *,
    contribution: Contribution,
    authors: Sequence[Correspondent],
    shares: Sequence[Decimal] | None = None,
) -> list[Authorship]:
    """Replace the byline: authors in order (the first is the first author)."""
    if not authors:
        raise ValidationError("至少需要一位作者。")
    if len({author.pk for author in authors}) != len(authors):
        raise ValidationError("同一位作者不能署名两次。")
    shares = list(shares) if shares is not None else split_shares(len(authors))
    if len(shares) != len(authors):
        raise ValidationError("作者人数与份额个数不一致。")
    check_shares(shares)
    with transaction.atomic():
        contribution.authorships.all().delete()
        return Authorship.objects.bulk_create(
            Authorship(contribution=contribution, correspondent=author, position=position, share=share)
            for position, (author, share) in enumerate(zip(authors, shares), start=1)
        )
