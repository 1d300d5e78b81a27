"""What the desk of an office reads and acts on (request.office, set by editor_required).

An office's staff read their network (its units' pieces, placements, claims, people) and act on their
own queue: the pieces whose home office they are, and the pieces sent up to them. A sibling's or a
parent's data is a 404, whatever id is tried. These helpers are the desk's one way to look things up."""

from django.db.models import Q, QuerySet
from django.http import Http404

from contributions.forwards import Forward
from contributions.models import Attachment, Contribution, Placement, PlacementClaim
from correspondents.models import Correspondent, Unit
from correspondents.network import Scope, office_tree


def sent_up_to(scope: Scope) -> Q:
    """Pieces another office sent up to this one (seen whatever their unit)."""
    return Q(pk__in=Forward.objects.filter(to_office_id=scope.office_id).values("contribution"))


def sent_up_waiting(scope: Scope) -> QuerySet:
    """What the offices below sent up to this one and it has not decided yet, oldest first."""
    return (Forward.objects.filter(to_office_id=scope.office_id, state=Forward.ForwardState.SENT)
            .select_related("contribution__credited_unit", "from_office", "sent_by").order_by("sent_at", "id"))


def contributions_seen(scope: Scope) -> QuerySet:
    """Every piece of the office's network, and those sent up to it."""
    if scope.network is None:
        return Contribution.objects.all()
    return Contribution.objects.filter(Q(credited_unit__in=scope.network) | sent_up_to(scope))


def reviewed_here(scope: Scope) -> Q:
    """The pieces this office reviews: those whose credited unit's home office it is."""
    own = office_tree().own_units(scope.office_id)
    return Q() if own is None else Q(credited_unit__in=own)


def may_review(scope: Scope, contribution: Contribution) -> bool:
    return office_tree().home_office(contribution.credited_unit_id) == scope.office_id


def contribution_for_desk(scope: Scope, pk: int, queryset: QuerySet | None = None) -> Contribution:
    queryset = queryset if queryset is not None else Contribution.objects.all()
    found = queryset.filter(pk=pk).filter(pk__in=contributions_seen(scope).values("pk")).first() \
        if scope.network is not None else queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("没有这篇稿件，或它不属于本机构。")
    return found


def placements_seen(scope: Scope) -> QuerySet:
    return Placement.objects.filter(**scope.units_filter("contribution__credited_unit"))


def placement_for_desk(scope: Scope, pk: int) -> Placement:
    found = placements_seen(scope).select_related("contribution", "outlet").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这条用稿记录，或它不属于本机构。")
    return found


def claims_here(scope: Scope) -> QuerySet:
    """Claims the office checks: on the pieces it reviews."""
    return PlacementClaim.objects.filter(**_prefixed(reviewed_here(scope), "contribution__"))


def attachment_for_desk(scope: Scope, pk: int) -> Attachment:
    found = Attachment.objects.filter(pk=pk, contribution__in=contributions_seen(scope)).first() \
        if scope.network is not None else Attachment.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def units_seen(scope: Scope) -> QuerySet:
    return Unit.objects.filter(**scope.units_filter("pk"))


def unit_for_desk(scope: Scope, pk: int) -> Unit:
    found = units_seen(scope).select_related("parent").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个单位，或它不属于本机构。")
    return found


def people_seen(scope: Scope) -> QuerySet:
    return Correspondent.objects.filter(**scope.units_filter("unit"))


def _prefixed(condition: Q, prefix: str) -> dict:
    """A Q of plain keyword lookups with each name prefixed (e.g. for the claims' contribution)."""
    return {f"{prefix}{name}": value for name, value in condition.children}
