from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.year_index, name="year-index"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/export/", views.year_export, name="year-export"),
    path("<int:year>/awards/", views.award_add, name="award-add"),
    path("<int:year>/awards/<int:award_id>/delete/", views.award_remove, name="award-delete"),
    path("<int:year>/close/", views.year_close, name="year-close"),
    path("<int:year>/reopen/", views.year_reopen, name="year-reopen"),
]
