"""``manage.py flag_inactive_members [--on YYYY-MM-DD] [--enqueue]``: flag members with no recorded activity."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.members.roster.services import members_flag_inactive
from gonghui.members.roster.tasks import flag_inactive_members
from gonghui.policy.selectors import policy_today


class Command(BaseCommand):
    help = "标记长期无缴费、无活动记录的会员为疑似失联（不改变会员状态）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=date.fromisoformat, default=None, help="认定日期，默认为今天")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务队列执行")

    def handle(self, *args: Any, **options: Any) -> None:
        day: date = options["on"] or policy_today()
        if options["enqueue"]:
            result = flag_inactive_members.enqueue(on=day.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        count = members_flag_inactive(on=day)
        self.stdout.write(self.style.SUCCESS(f"flagged {count}"))
