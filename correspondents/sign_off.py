"""审签: which units' pieces wait for a leader's sign-off before they reach the office, and who signs.

A unit requires it when the unit says so (单位 › 投稿须经审签) or its home office requires it of every
unit of its kind (审签要求); its signers are its active correspondents marked 审签人 with an account.
A unit that requires it but has no signer yet sends its pieces straight to the office (a piece
waiting for nobody would be lost); the admin's unit list shows which units those are."""

from django.contrib.auth.models import AnonymousUser, User

from .models import Correspondent, SignOffRule, Unit
from .network import office_tree


def sign_off_asked(unit_id: int | None) -> bool:
    """The unit, or its office for its kind, asks for sign-off (whether or not a signer is set up)."""
    unit = Unit.objects.filter(pk=unit_id).values("sign_off", "kind").first() if unit_id else None
    if unit is None:
        return False
    if unit["sign_off"]:
        return True
    return SignOffRule.objects.filter(office_id=office_tree().home_office(unit_id), kind=unit["kind"]).exists()


def requires_sign_off(unit_id: int | None) -> bool:
    """Pieces credited to the unit wait for its signer: asked for, and someone there to sign."""
    return sign_off_asked(unit_id) and signers_of(unit_id).exists()


def signers_of(unit_id: int):
    return Correspondent.objects.active().filter(unit_id=unit_id, signs_off=True, user__isnull=False)


def signed_units(user: User | AnonymousUser | None) -> list[int]:
    """The units whose pieces this user signs off."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(Correspondent.objects.active().filter(user=user, signs_off=True).values_list("unit_id", flat=True))


def is_signer(user: User | AnonymousUser | None, unit_id: int | None) -> bool:
    return unit_id is not None and unit_id in signed_units(user)
