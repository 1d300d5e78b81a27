"""The admin opens to office staff as the desk does (`correspondents.roles.is_editor`): an account in
编辑 or 管理员 (or a superuser), whatever its `is_staff` flag says. One rule for who is office staff."""

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from correspondents.roles import is_editor


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
        return is_editor(request.user)
