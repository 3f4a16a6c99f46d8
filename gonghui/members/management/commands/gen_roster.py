"""``manage.py gen_roster --members N --out FILE [--format csv|xlsx] [--error-rate R] [--seed S] [--units ...]``:
a synthetic province roster for tests and benchmarks, streamed to disk."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.common.sheets.writing import XlsxWriter, csv_chunks
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
    """Write ``members`` rows to ``out`` through the kernel writer (``common.sheets.writing``); return how many rows
    of each kind were written."""
    generator = RosterGenerator(seed=seed, error_rate=error_rate, employers=employers)
    kinds: dict[str, int] = {}

    def rows() -> Iterator[list[str]]:
        for _ in range(members):
            row, kind = generator.row()
            kinds[kind] = kinds.get(kind, 0) + 1
            yield row

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        if fmt == "xlsx":
            book = XlsxWriter()
            sheet = book.sheet("会员名册")
            sheet.row(HEADER)
            sheet.rows(rows())
            with book.to_tempfile() as handle:
                shutil.copyfileobj(handle, fh)
        else:
            for chunk in csv_chunks([HEADER], rows()):
                fh.write(chunk)
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
