"""消息接收方式: how a correspondent hears from the office (e-mail, the unit's or team's WeCom or
DingTalk group, a webhook), with where each choice lands today."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from messaging.models import Channel
from messaging.selectors import mobile_of, preference_of, reach_of

from ..access import correspondent_required


@correspondent_required
def message_settings(request: HttpRequest) -> HttpResponse:
    person = request.correspondent
    preference = preference_of(person)
    reach = reach_of(person)
    if request.method == "POST":
        for channel in Channel:
            setattr(preference, channel.value, request.POST.get(channel.value) == "on")
        if not preference.channels():
            messages.error(request, "请至少选择一种接收方式：否则您收不到退稿、录用、约稿和通知。")
        else:
            preference.save()
            unset = [Channel(c).label for c in preference.channels() if not reach[c]]
            if unset:
                messages.warning(request, f"已保存。{'、'.join(unset)}还没有设置（请联系研究室），设置之前这些消息改发邮件。")
            else:
                messages.success(request, "消息接收方式已保存。")
            return redirect("portal:message-settings")
    rows = [{"channel": channel.value, "label": channel.label, "checked": getattr(preference, channel.value),
             "reach": reach[channel.value]} for channel in Channel]
    return render(request, "portal/message_settings.html", {"rows": rows, "mobile": mobile_of(person)})
