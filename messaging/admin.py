from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from .channels import DeliveryError, send_test
from .delivery import mark_delivered, resend
from .models import Message, Preference, Robot


@admin.register(Robot)
class RobotAdmin(admin.ModelAdmin):
    """Group robots with a 测试 button on each robot's page (a test message through the robot's URL)."""

    list_display = ["name", "channel", "group", "active"]
    list_filter = ["channel", "active"]
    search_fields = ["name", "unit__name", "team__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["office", "unit", "team"]
    change_form_template = "admin/messaging/robot/change_form.html"

    @admin.display(description="群")
    def group(self, robot: Robot) -> str:
        return robot.group

    def get_urls(self):
        return [path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="messaging_robot_test"),
                *super().get_urls()]

    def test_view(self, request, pk: int):
        if request.method != "POST":
            return redirect(reverse("admin:messaging_robot_change", args=[pk]))
        robot = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, robot):
            raise PermissionDenied
        try:
            send_test(robot.channel, robot.url, robot.secret, who=request.user.get_username())
        except DeliveryError as error:
            messages.error(request, f"测试消息发送失败：{error}")
        else:
            messages.success(request, f"测试消息已发到“{robot.name}”，请到群里查看。")
        return redirect(reverse("admin:messaging_robot_change", args=[pk]))


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent, what waits, what failed (with the reason); failed and
    uncertain messages can be sent again or marked delivered."""

    list_display = ["created_at", "event", "channel", "recipients_or_address", "subject", "state", "attempts",
                    "error"]
    list_filter = ["state", "channel", "event"]
    search_fields = ["subject", "recipients", "address", "key"]
    date_hierarchy = "created_at"
    actions = ["send_again", "mark_as_delivered"]
    list_select_related = ["robot"]

    @admin.display(description="收件人")
    def recipients_or_address(self, message: Message) -> str:
        if message.robot_id:
            return f"{message.robot}：{message.recipients}"
        return message.address

    @admin.display(description="最近一次错误")
    def error(self, message: Message) -> str:
        return format_html('<span class="errornote" style="display:inline">{}</span>', message.last_error[:80]) \
            if message.state in (Message.State.FAILED, Message.State.UNCERTAIN) else message.last_error[:80]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Message._meta.fields]

    @admin.action(description="重新发送所选的失败或待确认消息")
    def send_again(self, request, queryset):
        messages.success(request, f"{resend(queryset)} 条消息将由下一次 send_messages 重新发送。")

    @admin.action(description="将所选的失败或待确认消息标记为已送达")
    def mark_as_delivered(self, request, queryset):
        messages.success(request, f"{mark_delivered(queryset)} 条消息已标记为已送达。")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["correspondent", "email", "wecom", "dingtalk", "webhook"]
    search_fields = ["correspondent__name"]
    autocomplete_fields = ["correspondent"]
    list_select_related = ["correspondent__unit"]
