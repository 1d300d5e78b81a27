"""Deliver the message outbox (e-mail, WeCom and DingTalk robots, webhooks). Run every minute from
cron (see the README); a run that is stopped part-way loses nothing and sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand

from messaging.delivery import LEASE, deliver_due


class Command(BaseCommand):
    help = "发送消息发件箱中到期的消息（失败的按 1、5、30 分钟、2、12 小时重试，第 6 次仍失败则标为发送失败）。"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="本次最多发送多少条（默认 500）")
        parser.add_argument("--lease-minutes", type=float, default=LEASE.total_seconds() / 60,
                            help="“发送中”的消息超过这么多分钟视为发送程序已中断（默认 10）")

    def handle(self, *args, limit, lease_minutes, **options):
        counts = deliver_due(limit=limit, lease=datetime.timedelta(minutes=lease_minutes))
        self.stdout.write(f"送达 {counts.sent} 条，稍后重试 {counts.retrying} 条，发送失败 {counts.failed} 条；"
                          f"中断后重发 {counts.recovered} 条，待管理员确认 {counts.uncertain} 条。")
