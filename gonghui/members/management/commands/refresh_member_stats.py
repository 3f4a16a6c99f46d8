"""``manage.py refresh_member_stats [--full] [--enqueue]``: refresh the member statistics snapshots now."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.members.stats.selectors import refresh_stats
from gonghui.members.stats.tasks import refresh_member_stats


class Command(BaseCommand):
    help = "刷新会员统计快照：默认只重算有变动的统计组，--full 全部重算。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="全部重算（不只是有变动的统计组）")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务队列执行")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = refresh_member_stats.enqueue(full=options["full"])
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(json.dumps(refresh_stats(full=options["full"]).as_dict()))
