from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.response import TemplateResponse

from sheets.admin import CheckedQueryAdmin, RecordAdmin

from .admin_refusals import RefusalsAsMessages, actor_form
from .calendar import appraisal_calendar
from .forms import AttachmentForm, AuthorshipForm, AuthorshipFormSet, PlacementForm, TransitionNoteForm
from .forwards import Forward
from .models import Attachment, Authorship, Contribution, Placement, PlacementClaim, PlacementImport, Transition
from .services import (
    attachment_add,
    attachment_remove,
    claim_create,
    contribution_transition,
    placement_create,
    placement_delete,
    placement_update,
)
from .states import Move, hand_moves, review_path
from .workflow import refusal_of


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    autocomplete_fields = ["correspondent"]
    extra = 1
    min_num = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("correspondent__unit")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


PLACEMENT_INLINE_FIELDS = ["outlet", "column", "published_on", "edition", "page", "prominence", "instruction", "url"]


class PlacementInline(admin.TabularInline):
    """The contribution's placements, read-only here (each opens on its own page); may be deleted.

    Read-only keeps the page at a fixed number of queries however many placements a piece has.
    """

    model = Placement
    fields = PLACEMENT_INLINE_FIELDS
    readonly_fields = PLACEMENT_INLINE_FIELDS
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet", "column")


class NewPlacementInline(admin.TabularInline):
    """A form to log a new placement of this contribution (saved through the placement service)."""

    model = Placement
    fields = PLACEMENT_INLINE_FIELDS
    autocomplete_fields = ["outlet", "column"]
    extra = 1
    can_delete = False
    verbose_name = "新用稿记录"
    verbose_name_plural = "登记新的用稿"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = actor_form(PlacementForm, request)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class TransitionInline(admin.TabularInline):
    model = Transition
    fields = ["created_at", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "流转记录（只读）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _run_moves(modeladmin, request: HttpRequest, queryset, *, moves: list[Move]):
    """Apply one workflow move to each selected contribution and report each one's outcome."""
    first = moves[0]
    label, target = first.label, first.target
    note = ""
    if first.needs_note:
        form = TransitionNoteForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/contributions/transition_note.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": f"{label}：填写意见",
                    "label": label,
                    "form": form,
                    "contributions": queryset,
                    "action": request.POST["action"],
                    "opts": modeladmin.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        note = form.cleaned_data["note"]
    done = []
    for contribution in queryset:
        if review_path(contribution.state, target) is None:
            messages.error(request, f"《{contribution.title}》未能{label}：{refusal_of(contribution.state, target)}")
            continue
        try:
            contribution_transition(contribution=contribution, to_state=target, actor=request.user, note=note)
        except ValidationError as error:
            messages.error(request, f"《{contribution.title}》未能{label}：{'；'.join(error.messages)}")
        else:
            done.append(contribution.title)
    if done:
        shown = "、".join(f"《{title}》" for title in done[:20])
        more = f"等 {len(done)} 篇" if len(done) > 20 else ""
        messages.success(request, f"已{label}：{shown}{more}。")
    return None


def workflow_actions() -> list:
    """One admin action per hand move of the transition table (moves sharing target and label share one)."""
    grouped: dict[str, list[Move]] = {}
    for move in hand_moves():
        grouped.setdefault(move.action_name, []).append(move)
    actions = []
    for name, moves in grouped.items():
        def action(modeladmin, request, queryset, moves=moves):
            return _run_moves(modeladmin, request, queryset, moves=moves)

        action.__name__ = name
        suffix = "（需填写意见）" if moves[0].needs_note else ""
        actions.append(admin.action(description=f"{moves[0].label}{suffix}", permissions=["change"])(action))
    return actions


@admin.register(Contribution)
class ContributionAdmin(RefusalsAsMessages):
    list_display = ["title", "credited_unit", "genre", "state", "author_names", "created_at"]
    list_filter = ["state", "genre", "credited_unit__kind", "created_at"]
    search_fields = ["title", "authorships__correspondent__name", "credited_unit__name"]
    autocomplete_fields = ["credited_unit"]
    list_select_related = ["credited_unit"]
    readonly_fields = ["state", "created_by", "created_at", "updated_at"]
    fields = ["title", "genre", "credited_unit", "body", "state", "created_by", "created_at", "updated_at"]
    inlines = [AuthorshipInline, AttachmentInline, PlacementInline, NewPlacementInline, TransitionInline]
    actions = workflow_actions()
    show_full_result_count = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "title":
            field.widget.attrs["size"] = 80  # Chinese titles run long
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("correspondent").order_by("position"))
        )

    @admin.display(description="作者")
    def author_names(self, contribution: Contribution) -> str:
        return "、".join(authorship.correspondent.name for authorship in contribution.authorships.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Placement:
            self._save_placements(request, formset)
            return
        if formset.model is Attachment:
            self._save_attachments(request, formset)
            return
        super().save_formset(request, form, formset, change)

    def _save_attachments(self, request, formset):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for attachment_form in formset.forms:
            if not attachment_form.has_changed() or not attachment_form.is_valid():
                continue
            if attachment_form in formset.deleted_forms:
                if attachment_form.instance.pk:
                    attachment_remove(attachment=attachment_form.instance, actor=request.user)
                    formset.deleted_objects.append(attachment_form.instance)
            elif attachment_form.instance.pk is None:
                formset.new_objects.append(attachment_add(
                    contribution=formset.instance, upload=attachment_form.cleaned_data["file"], actor=request.user))
            else:  # a replaced file, checked by the form's attachment policy
                attachment_form.instance.uploaded_by = request.user
                attachment_form.save()
                formset.changed_objects.append((attachment_form.instance, attachment_form.changed_data))

    def _save_placements(self, request, formset):
        # The admin's change message reads these three lists, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for placement_form in formset.forms:
            if not placement_form.has_changed():
                continue
            if placement_form in formset.deleted_forms:
                if placement_form.instance.pk:
                    placement_delete(placement=placement_form.instance, actor=request.user)
                    formset.deleted_objects.append(placement_form.instance)
            elif placement_form.instance.pk is None:
                data = {field: placement_form.cleaned_data.get(field) for field in PLACEMENT_INLINE_FIELDS}
                formset.new_objects.append(
                    placement_create(contribution=formset.instance, actor=request.user, **data)
                )



class PublishedYearFilter(admin.SimpleListFilter):
    """The appraisal years the desk offers, each by its period: no query over the whole table to find them."""

    title = "评选年度"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), f"{year}年度") for year in appraisal_calendar().offered()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        calendar = appraisal_calendar()
        if not value.isdigit() or int(value) not in calendar.offered():
            raise IncorrectLookupParameters(f"没有 {value} 这个年度。")
        return queryset.in_period(*calendar.period(int(value)))


@admin.register(Placement)
class PlacementAdmin(RefusalsAsMessages):
    form = PlacementForm
    list_display = ["published_on", "contribution", "outlet", "level", "column", "prominence", "page", "logged_by"]
    list_filter = [PublishedYearFilter, "outlet__level", "prominence", "outlet__medium", "contribution__genre"]
    search_fields = ["contribution__title", "outlet__name"]
    autocomplete_fields = ["contribution", "outlet", "column"]
    list_select_related = ["contribution", "outlet", "column", "logged_by"]
    readonly_fields = ["logged_by", "logged_at"]
    show_full_result_count = False

    def get_form(self, request, obj=None, **kwargs):
        return actor_form(super().get_form(request, obj, **kwargs), request)

    def get_readonly_fields(self, request, obj=None):
        # Moving a placement to another contribution would bypass the workflow: delete and re-log.
        return [*self.readonly_fields, "contribution"] if obj else self.readonly_fields

    @admin.display(description="级别", ordering="outlet__level")
    def level(self, placement: Placement) -> str:
        return placement.outlet.get_level_display()

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data.get(field) for field in form.cleaned_data if field != "contribution"}
        if change:
            placement_update(placement=obj, actor=request.user, **data)
        else:
            saved = placement_create(contribution=form.cleaned_data["contribution"], actor=request.user, **data)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        placement_delete(placement=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for placement in queryset.select_related("contribution"):
            try:
                placement_delete(placement=placement, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{placement} 未能删除：{'；'.join(error.messages)}")



@admin.register(Transition)
class TransitionAdmin(RecordAdmin):
    list_display = ["created_at", "contribution", "from_state", "to_state", "actor", "note"]
    list_filter = ["to_state", "from_state"]
    search_fields = ["contribution__title", "note"]
    list_select_related = ["contribution", "actor"]
    show_full_result_count = False


@admin.register(Forward)
class ForwardAdmin(admin.ModelAdmin):
    """报送上级, listed for looking up; offices send, take and decline on the desk."""

    list_display = ["sent_at", "contribution", "from_office", "to_office", "state", "decided_at"]
    list_filter = ["state"]
    search_fields = ["contribution__title", "note", "reason"]
    list_select_related = ["contribution", "from_office", "to_office"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Authorship)
class AuthorshipAdmin(CheckedQueryAdmin):
    list_display = ["contribution", "correspondent", "position", "share"]
    search_fields = ["contribution__title", "correspondent__name"]
    autocomplete_fields = ["contribution", "correspondent"]
    list_select_related = ["contribution", "correspondent__unit"]

    def has_add_permission(self, request):
        return False  # a byline is edited on its contribution, where the shares are checked together

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(RefusalsAsMessages):
    form = AttachmentForm
    list_display = ["original_name", "contribution", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "contribution__title"]
    autocomplete_fields = ["contribution"]
    list_select_related = ["contribution", "uploaded_by"]
    fields = ["contribution", "file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if change:  # a replaced file, checked by the form's attachment policy
            obj.uploaded_by = request.user
            super().save_model(request, obj, form, change)
            return
        saved = attachment_add(contribution=obj.contribution, upload=form.cleaned_data["file"], actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        attachment_remove(attachment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for attachment in queryset.select_related("contribution"):
            attachment_remove(attachment=attachment, actor=request.user)


@admin.register(PlacementClaim)
class PlacementClaimAdmin(RefusalsAsMessages):
    list_display = ["created_at", "contribution", "claimed_by", "outlet", "published_on", "state", "decided_by"]
    list_filter = ["state", "outlet__level"]
    search_fields = ["contribution__title", "claimed_by__name", "outlet__name"]
    autocomplete_fields = ["contribution", "claimed_by", "outlet"]
    list_select_related = ["contribution", "claimed_by__unit", "outlet", "decided_by"]
    readonly_fields = ["state", "decided_by", "decided_at", "placement", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # A claim is what its correspondent reported: the office verifies or declines it on the desk.
        if obj is not None:
            return [field.name for field in self.model._meta.fields if field.name != "id"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        saved = claim_create(contribution=data["contribution"], claimed_by=data["claimed_by"], actor=request.user,
                             outlet=data["outlet"], published_on=data["published_on"], page=data.get("page", ""),
                             url=data.get("url", ""), evidence=data.get("evidence") or None)
        obj.pk = saved.pk


@admin.register(PlacementImport)
class PlacementImportAdmin(admin.ModelAdmin):
    """Who imported which placement file, when, and what it added: a record, never edited."""

    list_display = ["uploaded_at", "file_name", "rows", "status", "uploaded_by", "imported_at", "summary"]
    list_filter = ["status"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
