from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("years/", views.year_index, name="year-index"),
    path("years/<int:year>/", views.year_detail, name="year-detail"),
    path("years/<int:year>/export/", views.year_export, name="year-export"),
    path("years/<int:year>/awards/", views.award_add, name="award-add"),
    path("years/<int:year>/awards/<int:award_id>/delete/", views.award_remove, name="award-delete"),
    path("years/<int:year>/close/", views.year_close, name="year-close"),
    path("years/<int:year>/reopen/", views.year_reopen, name="year-reopen"),
    path("statistics/", views.statistics, name="statistics"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin/export.xlsx", views.bulletin_export, name="bulletin-export"),
]
