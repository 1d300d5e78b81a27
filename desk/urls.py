from django.urls import path

from .views import claims, imports, journal, placements, review, statistics, years

app_name = "desk"

urlpatterns = [
    path("", review.review_queue_view, name="review-queue"),
    path("contributions/<int:pk>/", review.contribution_detail, name="contribution-detail"),
    path("contributions/<int:pk>/move/", review.contribution_move, name="contribution-move"),
    path("contributions/search.json", placements.contribution_search_json, name="contribution-search"),
    path("attachments/<int:pk>/", review.attachment_download, name="attachment-download"),
    path("placements/", placements.placement_list, name="placement-list"),
    path("placements/export.xlsx", placements.placement_export, name="placement-export"),
    path("placements/new/", placements.placement_log, name="placement-log"),
    path("placements/found-in-print/", placements.placement_found_in_print, name="placement-found"),
    path("placements/import/", imports.placement_import, name="placement-import"),
    path("placements/import/template.xlsx", imports.placement_import_template, name="placement-import-template"),
    path("claims/", claims.claims_queue, name="claims"),
    path("claims/<int:pk>/decide/", claims.claim_decide, name="claim-decide"),
    path("claims/<int:pk>/evidence/", claims.claim_evidence, name="claim-evidence"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("bulletin/", statistics.bulletin, name="bulletin"),
    path("bulletin/export.xlsx", statistics.bulletin_export, name="bulletin-export"),
    path("bulletin/bulletin.pdf", statistics.bulletin_pdf, name="bulletin-pdf"),
    path("journal/", journal.issue_list, name="issue-list"),
    path("journal/<int:pk>/", journal.issue_detail, name="issue-detail"),
    path("journal/<int:pk>/change/", journal.issue_change, name="issue-change"),
    path("journal/<int:pk>/items/", journal.issue_item_add, name="issue-item-add"),
    path("journal/<int:pk>/items/<int:item_id>/", journal.issue_item_change, name="issue-item-change"),
    path("journal/<int:pk>/publish/", journal.issue_publish_view, name="issue-publish"),
    path("journal/<int:pk>/contents.xlsx", journal.issue_toc_xlsx, name="issue-toc-xlsx"),
    path("journal/<int:pk>/contents.pdf", journal.issue_toc_pdf, name="issue-toc-pdf"),
    path("years/", years.year_index, name="year-index"),
    path("years/<int:year>/", years.year_detail, name="year-detail"),
    path("years/<int:year>/export/", years.year_export, name="year-export"),
    path("years/<int:year>/summary.pdf", years.year_summary_pdf, name="year-summary-pdf"),
    path("years/<int:year>/awards/", years.award_add, name="award-add"),
    path("years/<int:year>/awards/<int:award_id>/delete/", years.award_remove, name="award-delete"),
    path("years/<int:year>/nominations/", years.nomination_add, name="nomination-add"),
    path("years/<int:year>/nominations/<int:nomination_id>/delete/", years.nomination_remove, name="nomination-delete"),
    path("years/<int:year>/close/", years.year_close, name="year-close"),
    path("years/<int:year>/reopen/", years.year_reopen, name="year-reopen"),
]
