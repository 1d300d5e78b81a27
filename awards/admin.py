from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from contributions.admin_refusals import RefusalsAsMessages, actor_form
from correspondents.network import acting_office

from .models import AppraisalYear, Award, AwardReward, NewsAwardEntry, Nomination, RewardRules, ScoringRules
from .services import (
    AWARD_EDITABLE_FIELDS,
    appraisal_year_close,
    appraisal_year_reopen,
    appraisal_year_save,
    award_check,
    award_create,
    award_delete,
    award_update,
    neighbours_to_move,
    nomination_delete,
)


class ScoringRulesInline(admin.StackedInline):
    model = ScoringRules
    can_delete = False
    max_num = 1
    fieldsets = [
        ("媒体级别基础分", {"fields": ["national_points", "provincial_points", "municipal_points", "county_points"]}),
        ("版面位置系数", {"fields": ["headline_factor", "front_factor", "special_factor", "regular_factor", "brief_factor"]}),
        ("体裁系数", {"fields": [
            "news_factor", "feature_factor", "commentary_factor", "theory_factor",
            "research_factor", "photo_factor", "video_factor", "brief_genre_factor",
        ]}),
        ("内部刊物", {"fields": ["internal_points"],
                  "description": "本会自办的刊物、信息、网站，不论级别都用这个基础分；填 0 表示不计分。"}),
        ("媒体类型系数", {"fields": ["newspaper_factor", "magazine_factor", "website_factor", "new_media_factor",
                               "tv_factor", "radio_factor"]}),
        ("领导批示加分", {"fields": ["provincial_instruction_bonus", "municipal_instruction_bonus",
                                "county_instruction_bonus"]}),
        ("计分方式", {"fields": ["counting_mode"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_closed:  # a closed year's numbers are frozen: its rules change nothing
            return [name for _, options in self.fieldsets for name in options["fields"]]
        return super().get_readonly_fields(request, obj)


class AppraisalYearForm(forms.ModelForm):
    actor = None  # set by the admin

    class Meta:
        model = AppraisalYear
        fields = "__all__"
        help_texts = {
            "period_start": "留空则按相邻年度推算（如上一年度为12月至次年11月，本年度也是）。须为某月1日。",
            "period_end": "须为某月最后一天。相邻的未结束年度的统计期间会随之调整，保证每一天只属于一个年度。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "office" not in self.fields and self.instance.office_id is None:
            self.instance.office_id = acting_office(self.actor)  # an office's staff set up their own years

    def _post_clean(self):
        super()._post_clean()
        instance = self.instance
        if not self.errors and instance.period_start and instance.period_end:
            try:
                neighbours_to_move(instance)
            except ValidationError as error:
                self.add_error(None, error)


@admin.register(AppraisalYear)
class AppraisalYearAdmin(RefusalsAsMessages):
    form = AppraisalYearForm
    list_display = ["year", "period_start", "period_end", "status", "closed_at"]
    list_filter = ["status"]
    search_fields = ["year"]
    readonly_fields = ["status", "closed_at"]
    inlines = [ScoringRulesInline]
    actions = ["close_years", "reopen_years"]

    def get_readonly_fields(self, request, obj=None):
        office = [] if request.user.is_superuser else ["office"]  # staff set up their own office's years
        if obj is not None and obj.is_closed:  # its numbers are frozen: nothing of it may change
            return ["year", "period_start", "period_end", *office, *self.readonly_fields]
        return [*office, *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        return actor_form(super().get_form(request, obj, **kwargs), request)

    def save_model(self, request, obj, form, change):
        for neighbour in appraisal_year_save(appraisal_year=obj, actor=request.user):
            messages.info(request, f"{neighbour}的统计期间已随之调整为 {neighbour.period_start:%Y-%m-%d} 至 "
                                   f"{neighbour.period_end:%Y-%m-%d}。")

    def _each(self, request, queryset, service, done: str):
        for appraisal_year in queryset:
            try:
                service(appraisal_year=appraisal_year, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{appraisal_year}：{'；'.join(error.messages)}")
            else:
                messages.success(request, f"{appraisal_year}{done}")

    @admin.action(description="结束评选（冻结统计，锁定该年度用稿记录）", permissions=["change"])
    def close_years(self, request, queryset):
        self._each(request, queryset, appraisal_year_close, "已结束评选，统计已冻结。")

    @admin.action(description="重新开放年度", permissions=["change"])
    def reopen_years(self, request, queryset):
        self._each(request, queryset, appraisal_year_reopen, "已重新开放。")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A year saved without its rules gets the defaults, so it can always be scored.
        ScoringRules.objects.get_or_create(appraisal_year=form.instance)


@admin.register(ScoringRules)
class ScoringRulesAdmin(admin.ModelAdmin):
    list_display = ["appraisal_year", "national_points", "provincial_points", "municipal_points", "county_points"]
    list_select_related = ["appraisal_year"]

    def has_add_permission(self, request):
        return False  # rules are created with their year

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.appraisal_year.is_closed:
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)


class AwardRewardInline(admin.TabularInline):
    model = AwardReward
    extra = 1

    def _closed(self, obj) -> bool:
        return obj is not None and obj.appraisal_year.is_closed

    def has_add_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_delete_permission(request, obj)


@admin.register(NewsAwardEntry)
class NewsAwardEntryAdmin(admin.ModelAdmin):
    """新闻奖参评: pieces entered for outside competitions and their results."""

    list_display = ["year", "competition", "competition_name", "contribution", "category", "result"]
    list_filter = ["year", "competition", "result"]
    search_fields = ["contribution__title", "competition_name"]
    autocomplete_fields = ["contribution"]
    list_select_related = ["contribution"]


@admin.register(RewardRules)
class RewardRulesAdmin(admin.ModelAdmin):
    """奖励标准 per appraisal year, with the amounts per award; read-only once the year is closed."""

    list_display = ["appraisal_year", "per_point_person", "per_point_unit", "person_cap"]
    list_select_related = ["appraisal_year"]
    inlines = [AwardRewardInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.appraisal_year.is_closed:
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.appraisal_year.is_closed) and super().has_delete_permission(request, obj)


class AwardAdminForm(forms.ModelForm):
    actor = None  # set by the admin

    class Meta:
        model = Award
        fields = "__all__"

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                award_check(self.instance, actor=self.actor)
            except ValidationError as error:
                self.add_error(None, error)


@admin.register(Award)
class AwardAdmin(RefusalsAsMessages):
    """Awards through the award services, so the admin refuses what the year-end page refuses."""

    form = AwardAdminForm

    def get_form(self, request, obj=None, **kwargs):
        return actor_form(super().get_form(request, obj, **kwargs), request)

    list_display = ["appraisal_year", "category", "grade", "recipient", "decided_on"]
    list_filter = ["appraisal_year", "category", "grade"]
    search_fields = ["unit__name", "correspondent__name", "contribution__title", "citation"]
    autocomplete_fields = ["unit", "correspondent", "contribution"]
    list_select_related = ["appraisal_year", "unit", "correspondent__unit", "contribution"]

    @admin.display(description="获奖对象")
    def recipient(self, award: Award) -> str:
        return award.recipient_name

    def save_model(self, request, obj, form, change):
        data = {name: value for name, value in form.cleaned_data.items() if name in AWARD_EDITABLE_FIELDS}
        if change:
            award_update(award=obj, actor=request.user, **data)
            return
        data.pop("decided_on", None)
        saved = award_create(actor=request.user, **data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        award_delete(award=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for award in queryset:
            try:
                award_delete(award=award, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{award} 未能撤销：{'；'.join(error.messages)}")


@admin.register(Nomination)
class NominationAdmin(RefusalsAsMessages):
    """Nominations are made and graded on the year-end page; here they are listed, and withdrawn
    through the service (refused in a closed year)."""

    list_display = ["appraisal_year", "category", "contribution", "quality", "score", "note"]
    list_filter = ["appraisal_year", "category", "quality"]
    search_fields = ["contribution__title", "note"]
    list_select_related = ["appraisal_year", "contribution"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        nomination_delete(nomination=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for nomination in queryset.select_related("appraisal_year"):
            try:
                nomination_delete(nomination=nomination, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{nomination} 未能撤回：{'；'.join(error.messages)}")
