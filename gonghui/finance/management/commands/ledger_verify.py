"""``manage.py ledger_verify``: every posted voucher balances, every ledger balances at every period end, no posted
voucher lacks its entries, every red reversal is its original negated, a closed year (December closed) keeps no
income or expenditure balance and its closing vouchers carry exactly the year's surplus into 3101. Prints each
problem and exits non-zero if there is any (run after ``audit_verify``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.finance.ledger.selectors import ledger_problems
from gonghui.finance.models import Ledger


class Command(BaseCommand):
    help = "Check that every ledger's posted entries balance (per voucher and at every period end)."

    def handle(self, *args: Any, **options: Any) -> None:
        ledgers = list(Ledger.objects.select_related("unit").order_by("pk"))
        names = {ledger.pk: ledger.unit.name for ledger in ledgers}
        problems = ledger_problems(ledgers)
        for problem in problems:
            self.stderr.write(f"ledger {problem.ledger_id} ({names.get(problem.ledger_id, '?')}): {problem.what}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {len({p.ledger_id for p in problems})} ledger(s)")
        self.stdout.write(f"ledger_verify: {len(ledgers)} ledger(s) balanced")
