"""What every admin page that writes through a service shares: the acting user handed to the form,
and a service's refusal shown as a message with nothing saved (the admin's transaction rolls back)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from sheets.admin import CheckedQueryAdmin


def actor_form(form_class, request):
    """A form class that knows who is acting, so its checks can ask the services."""
    return type(form_class.__name__, (form_class,), {"actor": request.user})


class RefusalsAsMessages(CheckedQueryAdmin):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # e.g. someone else changed the piece between form and save
            messages.error(request, "保存未成功，没有做任何修改：" + "；".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            messages.error(request, "未能删除：" + "；".join(error.messages))
            info = (self.opts.app_label, self.opts.model_name)
            return HttpResponseRedirect(reverse("admin:%s_%s_change" % info, args=[object_id]))
