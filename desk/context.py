"""What the desk's navigation shows on every page: how much is waiting (审核队列 N, 刊发申报 N,
逾期约稿 N)."""

from django.db.models import Count, Value
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from contributions.models import Contribution, PlacementClaim
from correspondents.roles import is_editor
from datacache.cache import cached
from planning.progress import overdue_count


def waiting_counts() -> dict[str, int]:
    """Pieces and claims waiting, in one query (indexed ranges: the state columns lead their indexes);
    overdue assignments kept per data version (a lookup per assignment of the last year otherwise)."""
    review = (Contribution.objects.waiting_for_office().order_by()
              .values(what=Value("review")).annotate(n=Count("pk")).values_list("what", "n"))
    claims = (PlacementClaim.objects.filter(state=PlacementClaim.ClaimState.PENDING).order_by()
              .values(what=Value("claims")).annotate(n=Count("pk")).values_list("what", "n"))
    today = timezone.localdate()
    late = cached("overdue", (today.isoformat(),), lambda: overdue_count(today), immutable=True)
    return {"review": 0, "claims": 0, **dict(review.union(claims, all=True)), "overdue": late}


def desk_navigation(request) -> dict:
    """Counted only when a page shows the desk's navigation (the portal's pages never ask). Pages
    every signed-in user opens (修改密码) show the desk's menu to office staff only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting": SimpleLazyObject(lambda: waiting_counts() if is_editor(user) else {}),
            "office_staff": SimpleLazyObject(lambda: is_editor(user))}
