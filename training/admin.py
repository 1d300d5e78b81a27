from django.contrib import admin

from contributions.forms import AttachmentForm

from .models import Material, Participant, Session


class MaterialForm(AttachmentForm):
    """A material is checked as every attachment is: kind, size, and its name kept from the upload."""

    class Meta(AttachmentForm.Meta):
        model = Material


class MaterialInline(admin.TabularInline):
    model = Material
    form = MaterialForm
    extra = 1


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    fields = ["correspondent", "signed_up_at", "attended"]
    readonly_fields = ["signed_up_at"]
    autocomplete_fields = ["correspondent"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "title", "organiser_level", "place", "signup_open"]
    list_filter = ["organiser_level", "signup_open"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["notice"]
    inlines = [MaterialInline, ParticipantInline]
