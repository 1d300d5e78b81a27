"""What the desk's navigation shows on every page: how much is waiting (审核队列 N, 刊发申报 N,
逾期约稿 N)."""

from django.db.models import Count, Value
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from contributions.forwards import Forward
from contributions.models import Contribution, PlacementClaim
from correspondents.network import NoOffice, Scope, desk_scope, office_tree
from correspondents.roles import is_editor
from datacache.cache import cached
from planning.progress import overdue_count

from .office import claims_here, reviewed_here


def waiting_counts(scope: Scope) -> dict[str, int]:
    """What waits for an office: the pieces in its queue and those sent up to it, the claims on its
    pieces, in one query (indexed ranges: the state columns lead their indexes); its overdue
    assignments kept per data version (a lookup per assignment of the last year otherwise)."""
    review = (Contribution.objects.waiting_for_office().filter(reviewed_here(scope)).order_by()
              .values(what=Value("review")).annotate(n=Count("pk")).values_list("what", "n"))
    sent_up = (Forward.objects.filter(to_office_id=scope.office_id, state=Forward.ForwardState.SENT).order_by()
               .values(what=Value("sent_up")).annotate(n=Count("pk")).values_list("what", "n"))
    claims = (claims_here(scope).filter(state=PlacementClaim.ClaimState.PENDING).order_by()
              .values(what=Value("claims")).annotate(n=Count("pk")).values_list("what", "n"))
    today = timezone.localdate()
    late = cached("overdue", (scope.office_id, today.isoformat()),
                  lambda: overdue_count(today, office=scope.office_id), immutable=True, scope=scope)
    counts = {"review": 0, "claims": 0, "sent_up": 0, **dict(review.union(sent_up, claims, all=True))}
    return {"review": counts["review"] + counts["sent_up"], "claims": counts["claims"], "overdue": late}


def _office_waiting(request) -> dict:
    if not is_editor(request.user):
        return {}
    try:
        scope = getattr(request, "office", None) or desk_scope(request)
    except NoOffice:
        return {}
    return waiting_counts(scope)


def _desk_office(request) -> dict:
    """Where the desk works, named once there are several offices; a superuser picks it."""
    tree = office_tree()
    if len(tree.offices) <= 1 or not is_editor(request.user):
        return {}
    try:
        scope = getattr(request, "office", None) or desk_scope(request)
    except NoOffice:
        return {}
    choices = []
    if request.user.is_superuser:
        choices = sorted(((pk, name) for pk, (name, _, active) in tree.offices.items() if active),
                         key=lambda item: (tree.offices[item[0]][1] is not None, item[1]))
    return {"name": scope.name, "id": scope.office_id, "choices": choices}


def desk_navigation(request) -> dict:
    """Counted only when a page shows the desk's navigation (the portal's pages never ask), for the
    office the desk works at. Pages every signed-in user opens (修改密码) show the desk's menu to
    office staff only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting": SimpleLazyObject(lambda: _office_waiting(request)),
            "desk_office": SimpleLazyObject(lambda: _desk_office(request)),
            "office_staff": SimpleLazyObject(lambda: is_editor(user))}
