"""``manage.py seed_calendar [--year Y ...]``: load the official holiday arrangement (default: this year and
the next one). Idempotent; rows edited by staff are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gonghui.workdays.models import DaySource
from gonghui.workdays.services import SeedUnavailable, seed_calendar


class Command(BaseCommand):
    help = "导入国务院办公厅公布的节假日安排（默认今年和明年）。可重复运行，不覆盖人工维护的日期。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", dest="years", help="年份，可重复")

    def handle(self, *args: Any, **options: Any) -> None:
        explicit = bool(options["years"])
        today = timezone.localdate()
        years = options["years"] or [today.year, today.year + 1]
        failed = []
        for year in years:
            try:
                result = seed_calendar(year)
            except SeedUnavailable as exc:
                failed.append(year)
                self.stderr.write(f"{year}: {exc}")
                continue
            if result.unchanged:
                self.stdout.write(f"{year}: 无变化（{DaySource(result.source).label}）")
                continue
            self.stdout.write(
                f"{year}: {DaySource(result.source).label}，新增 {len(result.created)}，"
                f"更新 {len(result.updated)}，删除 {len(result.deleted)}，保留人工维护 {len(result.kept_staff)}"
            )
            if result.source == DaySource.PROVISIONAL:
                self.stdout.write(f"{year}: 暂定安排，待国务院办公厅公布后核对。")
        if failed and explicit:
            raise CommandError(f"没有这些年份的放假安排数据：{', '.join(map(str, failed))}")
