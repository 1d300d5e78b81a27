from django.urls import path

from . import views as portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("contributions/", portal.my_contributions, name="contributions"),
    path("contributions/new/", portal.contribution_new, name="contribution-new"),
    path("contributions/<int:pk>/", portal.contribution_detail, name="contribution-detail"),
    path("contributions/<int:pk>/edit/", portal.contribution_edit, name="contribution-edit"),
    path("contributions/<int:pk>/submit/", portal.contribution_submit, name="contribution-submit"),
    path("contributions/<int:pk>/claim/", portal.claim_new, name="claim-new"),
    path("attachments/<int:pk>/", portal.attachment_download, name="attachment-download"),
    path("people/search.json", portal.people_search_json, name="people-search"),
    path("tasks/", portal.my_tasks, name="tasks"),
    path("notices/", portal.notice_list, name="notices"),
    path("notices/<int:pk>/", portal.notice_detail, name="notice-detail"),
    path("notices/attachments/<int:pk>/", portal.notice_attachment, name="notice-attachment"),
    path("claims/", portal.my_claims, name="claims"),
    path("claims/new/", portal.claim_pick, name="claim-pick"),
    path("messages/", portal.message_settings, name="message-settings"),
    path("trainings/", portal.my_trainings, name="trainings"),
    path("trainings/<int:pk>/signup/", portal.training_signup, name="training-signup"),
    path("sign-off/", portal.sign_off_list, name="sign-off"),
    path("sign-off/<int:pk>/", portal.sign_off_detail, name="sign-off-detail"),
]
