"""Voucher gates: checks another part runs when a voucher is submitted, without the ledger importing that part.

A gate is ``fn(voucher) -> str``, called by ``voucher_submit`` inside its transaction, after the lines are checked
and before the voucher moves to "submitted". It refuses the submission by raising ``ValidationError``, or returns a
note ("" for none) that is kept as the comment of the submit event. The budgets part's check is registered by
``FinanceConfig.ready()`` (``gonghui/finance/apps.py``), the way the review kernel's outcome handlers are
(``gonghui.review.hooks``): the ledger itself knows no part that gates it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gonghui.finance.models import Voucher

VoucherGate = Callable[["Voucher"], str]

_gates: list[VoucherGate] = []


def register_voucher_gate(fn: VoucherGate) -> VoucherGate:
    """Run ``fn(voucher)`` whenever a voucher is submitted.

    Registering the same function twice has no effect (``ready()`` may run more than once).
    """
    if fn not in _gates:
        _gates.append(fn)
    return fn


def unregister_voucher_gate(fn: VoucherGate) -> None:
    if fn in _gates:
        _gates.remove(fn)


def run_voucher_gates(voucher: Voucher) -> str:
    """Every registered gate in turn (the first refusal stops the submission); their notes joined by a space."""
    notes = [note for note in (fn(voucher) for fn in list(_gates)) if note]
    return " ".join(notes)[:500]
