"""The admin opens to office staff as the desk does (`correspondents.roles.is_editor`): an account in
编辑 or 管理员 (or a superuser), whatever its `is_staff` flag says. One rule for who is office staff.
What each office's staff see in it is config.admin_scope's table, applied to every registered model."""

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models.base import ModelBase

from correspondents.roles import is_editor

from .admin_scope import OfficeScoped
from .two_factor import needs_second_factor


class OfficeLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not is_editor(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})


class OfficeAdminSite(AdminSite):
    site_header = "人大宣传工作管理系统"
    site_title = "人大宣传工作管理系统"
    index_title = "管理首页"
    login_form = OfficeLoginForm

    def has_permission(self, request) -> bool:
        return is_editor(request.user) and not needs_second_factor(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        for model in models:
            scoped = type(admin_class.__name__, (OfficeScoped, admin_class), {"__module__": admin_class.__module__})
            super().register(model, scoped, **options)

    def index(self, request, extra_context=None):
        """The admin's first page says when messages failed (of the offices the user sees), linking to them."""
        from messaging.models import Message

        outbox = self._registry.get(Message)
        if outbox is not None and outbox.has_view_permission(request):
            stuck = outbox.get_queryset(request).filter(state__in=[Message.State.FAILED, Message.State.UNCERTAIN])
            extra_context = {**(extra_context or {}), "stuck_messages": stuck.count()}
        return super().index(request, extra_context)
