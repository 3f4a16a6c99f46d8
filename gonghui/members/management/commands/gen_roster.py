"""``manage.py gen_roster --members N --out FILE [--format csv|xlsx] [--error-rate R] [--seed S] [--units ...]``:
a synthetic province roster for tests and benchmarks, streamed to disk."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.members.imports.synthetic import HEADER, RosterGenerator, demo_employers


def write_roster(
    out: Path,
    members: int,
    *,
    fmt: str = "csv",
    error_rate: float = 0.0,
    seed: int = 1,
    employers: list[str] | None = None,
) -> dict[str, int]:
    """Write ``members`` rows to ``out``; return how many rows of each kind were written."""
    generator = RosterGenerator(seed=seed, error_rate=error_rate, employers=employers)
    kinds: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("会员名册")
        sheet.append(HEADER)
        for _ in range(members):
            row, kind = generator.row()
            kinds[kind] = kinds.get(kind, 0) + 1
            sheet.append(row)
        workbook.save(str(out))
        return kinds
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for _ in range(members):
            row, kind = generator.row()
            kinds[kind] = kinds.get(kind, 0) + 1
            writer.writerow(row)
    return kinds


class Command(BaseCommand):
    help = "生成模拟会员名册（用于测试和性能基准）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--format", choices=("csv", "xlsx"), default=None)
        parser.add_argument("--error-rate", type=float, default=0.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--units", choices=("grassroots", "all"), default="grassroots")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        fmt = options["format"] or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
        kinds = write_roster(
            out,
            options["members"],
            fmt=fmt,
            error_rate=options["error_rate"],
            seed=options["seed"],
            employers=demo_employers(options["units"]) or None,
        )
        summary = ", ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
        self.stdout.write(f"{out}: {options['members']} rows ({summary})")
