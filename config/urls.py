from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "人大宣传工作管理系统"
admin.site.site_title = "人大宣传工作管理系统"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("desk/", include("awards.urls")),
    path("desk/", include("contributions.urls")),
    path("", RedirectView.as_view(pattern_name="contributions:review-queue", permanent=False)),
]
