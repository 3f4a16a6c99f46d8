"""Enqueue due recurring jobs (``gonghui.common.periodic``): loop, or ``--once`` from cron / a systemd timer."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.common.periodic import run_due, schedule


class Command(BaseCommand):
    help = "Enqueue the recurring jobs that are due (once, or every --tick seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--tick", type=float, default=2.0, help="seconds between checks in the loop")

    def handle(self, *args: Any, once: bool, tick: float, **options: Any) -> None:
        jobs = schedule()
        while True:
            for name in run_due(jobs=jobs):
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(tick)
