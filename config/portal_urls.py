"""The portal's URLs: the contributions pages and, from awards, the correspondent's year."""

from django.urls import path

from awards.views import portal_home
from contributions.portal_urls import urlpatterns as contribution_pages

app_name = "portal"

urlpatterns = [path("", portal_home, name="home"), *contribution_pages]
