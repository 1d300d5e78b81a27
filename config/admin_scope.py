"""What each office's staff see and change in the admin: one table, applied to every model the admin
site registers (config.admin_site wraps each ModelAdmin in `OfficeScoped`).

- NETWORK rows belong to a unit (through a path): staff see those of their office's network.
- OFFICE rows belong to an office: staff see their own office's only (the city's staff do not edit a
  county's appraisal years, rules, awards or plan, nor a county the city's).
- SHARED rows (the outlets' catalogue) are read by everyone; an office changes the ones it owns, and
  the top office the ones nobody owns.
- Anything else (accounts, roles, teams, offices, the login guard, import records) is the top
  office's: staff of an office below do not see it. A superuser sees everything."""

from dataclasses import dataclass

from django.db.models import Q

from correspondents.network import NoOffice, office_of_user, office_tree, scope_of
from correspondents.roles import is_editor


@dataclass(frozen=True)
class Network:
    path: str  # to a unit


@dataclass(frozen=True)
class OwnedBy:
    path: str  # to an office


@dataclass(frozen=True)
class Shared:
    owner: str  # to the owning office (empty: nobody owns it)


SCOPES = {
    "correspondents.unit": Network("pk"),
    "correspondents.correspondent": Network("unit"),
    "contributions.contribution": Network("credited_unit"),
    "contributions.placement": Network("contribution__credited_unit"),
    "contributions.transition": Network("contribution__credited_unit"),
    "contributions.authorship": Network("contribution__credited_unit"),
    "contributions.attachment": Network("contribution__credited_unit"),
    "contributions.placementclaim": Network("contribution__credited_unit"),
    "contributions.forward": Network("contribution__credited_unit"),
    "awards.appraisalyear": OwnedBy("office"),
    "awards.scoringrules": OwnedBy("appraisal_year__office"),
    "awards.award": OwnedBy("appraisal_year__office"),
    "awards.nomination": OwnedBy("appraisal_year__office"),
    "awards.rewardrules": OwnedBy("appraisal_year__office"),
    "awards.newsawardentry": OwnedBy("office"),
    "awards.awardreward": OwnedBy("rules__appraisal_year__office"),
    "journal.journalissue": OwnedBy("outlet__owner"),
    "planning.topic": OwnedBy("office"),
    "planning.assignment": OwnedBy("office"),
    "planning.notice": OwnedBy("office"),
    "planning.topictag": OwnedBy("topic__office"),
    "correspondents.signoffrule": OwnedBy("office"),
    "training.session": OwnedBy("office"),
    "training.material": OwnedBy("session__office"),
    "training.participant": OwnedBy("session__office"),
    "liaison.contact": OwnedBy("office"),
    "liaison.agreement": OwnedBy("office"),
    "liaison.meeting": OwnedBy("office"),
    "messaging.robot": OwnedBy("office"),
    "messaging.message": OwnedBy("office"),
    "messaging.preference": Network("correspondent__unit"),
    "outlets.outlet": Shared("owner"),
    "outlets.column": Shared("outlet__owner"),
}


def staff_office(request) -> int | None:
    """The office whose rows the request's user works on; None for a superuser (every row)."""
    if not hasattr(request, "_admin_office"):
        if not is_editor(request.user):
            request._admin_office = -1  # not office staff (the login page's visitor): nothing at all
        else:
            try:
                request._admin_office = office_of_user(request.user)
            except NoOffice:
                request._admin_office = -1  # staff of no office: nothing at all
    return request._admin_office


def rows_of(model, request, queryset):
    """The rows of `model` the request's user may see."""
    office = staff_office(request)
    if office is None:
        return queryset
    rule = SCOPES.get(model._meta.label_lower)
    if isinstance(rule, Network):
        return queryset.filter(**scope_of(office).units_filter(rule.path)) if office > 0 else queryset.none()
    if isinstance(rule, OwnedBy):
        return queryset.filter(**{rule.path: office})
    if isinstance(rule, Shared):
        return queryset if office > 0 else queryset.none()
    return queryset if office == office_tree().root else queryset.none()


def may_see_model(model, request) -> bool:
    office = staff_office(request)
    if office is None:
        return True
    if office < 0:
        return False
    return model._meta.label_lower in SCOPES or office == office_tree().root


def may_change_row(model, request, obj) -> bool:
    """Rows of the network or of an office are only ever reached through `rows_of` (the admin reads
    every row through its queryset); a shared row is changed by its owner (the top office: unowned)."""
    office = staff_office(request)
    rule = SCOPES.get(model._meta.label_lower)
    if office is None or obj is None or not isinstance(rule, Shared):
        return True
    memo = request.__dict__.setdefault("_admin_may_change", {})
    key = (model._meta.label_lower, obj.pk)
    if key not in memo:
        mine = Q(**{rule.owner: office})
        if office == office_tree().root:
            mine |= Q(**{f"{rule.owner}__isnull": True})
        memo[key] = model._default_manager.filter(mine, pk=obj.pk).exists()
    return memo[key]


def owned_choices(model, request) -> Q | None:
    """For a form's drop-down of `model`: the rows the user may pick (None: no restriction)."""
    office = staff_office(request)
    if office is None:
        return None
    rule = SCOPES.get(model._meta.label_lower)
    if model._meta.label_lower == "correspondents.office":
        return Q(pk=office)
    if isinstance(rule, Network) and office > 0:
        return Q(**scope_of(office).units_filter(rule.path))
    if isinstance(rule, OwnedBy):
        return Q(**{rule.path: office})
    return None


class OfficeScoped:
    """Mixed into every ModelAdmin by the site: the table above, applied to lists, pages, changes,
    deletions, drop-downs and autocompletes (which read the related admin's queryset)."""

    def get_queryset(self, request):
        return rows_of(self.model, request, super().get_queryset(request))

    def has_module_permission(self, request):
        return may_see_model(self.model, request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return may_see_model(self.model, request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return may_see_model(self.model, request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return (may_see_model(self.model, request) and may_change_row(self.model, request, obj)
                and super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return (may_see_model(self.model, request) and may_change_row(self.model, request, obj)
                and super().has_delete_permission(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        allowed = owned_choices(db_field.related_model, request)
        if field is not None and allowed is not None:
            field.queryset = field.queryset.filter(allowed)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        allowed = owned_choices(db_field.related_model, request)
        if field is not None and allowed is not None:
            field.queryset = field.queryset.filter(allowed)
        return field

    def save_model(self, request, obj, form, change):
        # Rows an office owns are made in the name of the maker's office.
        if not change and "office" in {f.name for f in self.model._meta.fields} and obj.office_id is None:
            office = staff_office(request)
            obj.office_id = office if office and office > 0 else scope_of().office_id
        super().save_model(request, obj, form, change)
