from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from desk.views import feeds

from . import two_factor
from .oidc import SignInReturn, SignInStart
from .views import OfficeLoginView, ThrottledPasswordResetView, email_change, favicon, healthz, landing, ping

accounts = [
    path("login/", OfficeLoginView.as_view(), name="login"),
    path("oidc/start/", SignInStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", SignInReturn.as_view(), name="oidc_authentication_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("email/", email_change, name="email_change"),
    path("2fa/", two_factor.enrol, name="two-factor"),
    path("2fa/verify/", two_factor.verify, name="two-factor-verify"),
    path("2fa/codes/", two_factor.new_recovery_codes, name="two-factor-codes"),
    path("2fa/remove/", two_factor.remove, name="two-factor-remove"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts)),
    path("desk/", include("desk.urls")),
    path("portal/", include("portal.urls")),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    # Pages link their icon; this answers the browsers that ask for /favicon.ico anyway (the admin).
    path("favicon.ico", favicon),
    path("calendar/", feeds.calendar_page, name="calendar"),
    path("calendar/renew/", feeds.calendar_renew, name="calendar-renew"),
    path("calendar/<uuid:token>.ics", feeds.calendar_feed_ics, name="calendar-feed"),
    path("", landing, name="landing"),
]

handler500 = "config.views.server_error"
