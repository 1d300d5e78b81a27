"""Remind assignees of commissioned pieces: three days before the due date and the day after it
passed, once each, only while nothing has been delivered. Run daily from cron (see the README)."""

import datetime

from django.core.management.base import BaseCommand

from planning.messages import send_reminders


class Command(BaseCommand):
    help = "发送约稿提醒消息：截止前 3 天一次，逾期后一次（每项各一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="按这一天计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        counts = send_reminders(today)
        self.stdout.write(f"到期前提醒 {counts['before']} 项，逾期提醒 {counts['overdue']} 项，写入发件箱 {counts['messages']} 条消息。")
