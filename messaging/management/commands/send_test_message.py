"""Send one test message through a channel, outside the outbox (the admin's 测试 button does the same)."""

from django.core.management.base import BaseCommand, CommandError

from messaging.channels import DeliveryError, send_test
from messaging.models import Channel


class Command(BaseCommand):
    help = "发送一条测试消息：--channel wecom|dingtalk|webhook|email，再写机器人的 Webhook 地址或邮箱。"

    def add_arguments(self, parser):
        parser.add_argument("--channel", required=True, choices=[c.value for c in Channel])
        parser.add_argument("target", help="机器人的 Webhook 地址，或邮箱地址（--channel email）")
        parser.add_argument("--secret", default="", help="钉钉机器人的加签密钥，或通用 Webhook 的签名密钥")

    def handle(self, *args, channel, target, secret, **options):
        try:
            send_test(channel, target, secret)
        except DeliveryError as error:
            raise CommandError(f"发送失败：{error}") from error
        self.stdout.write(f"已发送测试消息（{Channel(channel).label}）。")
