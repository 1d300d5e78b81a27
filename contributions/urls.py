from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("", views.review_queue_view, name="review-queue"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution-detail"),
    path("contributions/<int:pk>/move/", views.contribution_move, name="contribution-move"),
    path("contributions/search.json", views.contribution_search_json, name="contribution-search"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("placements/", views.placement_list, name="placement-list"),
    path("placements/export.xlsx", views.placement_export, name="placement-export"),
    path("placements/new/", views.placement_log, name="placement-log"),
    path("placements/found-in-print/", views.placement_found_in_print, name="placement-found"),
    path("placements/import/", views.placement_import, name="placement-import"),
    path("claims/", views.claims_queue, name="claims"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim-decide"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim-evidence"),
    path("placements/import/template.xlsx", views.placement_import_template, name="placement-import-template"),
]
