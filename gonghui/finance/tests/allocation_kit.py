"""Builders shared by the allocation and dues tests (books up the world's chain, an employer, a declaration)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.authz import access
from gonghui.authz.testing import CANARY, World
from gonghui.finance.allocation.services import (
    allocation_declare,
    allocation_receipt_confirm,
    allocation_receipt_record,
)
from gonghui.finance.dues.services import dues_receipt_confirm
from gonghui.finance.ledger.services import ledger_open
from gonghui.finance.models import AllocationDeclaration, AllocationReceipt, DuesReceipt, Ledger
from gonghui.finance.tests.factories import staff
from gonghui.orgs.models import Employer, OrgUnit

_seq = [0]


def open_books(*units: OrgUnit) -> list[Ledger]:
    ledgers = []
    for unit in units:
        ledger = Ledger.objects.filter(unit=unit).first()
        if ledger is None:
            ledger = ledger_open(actor=staff(unit), unit=unit, opened_on=date(2026, 1, 1))
        ledgers.append(ledger)
    return ledgers


def employer(unit: OrgUnit, credit_code: str = "", name: str = "") -> Employer:
    _seq[0] += 1
    return Employer.objects.create(
        unit=unit,
        name=name or f"矩阵制造有限公司{CANARY}{_seq[0]}",
        credit_code=credit_code,
        region_code="330106",
    )


def clerks(world: World) -> tuple[Any, Any]:
    """Two holders of every permission at the target (recorder and confirmer)."""
    return world.actor("same_with", "finance.manage_allocation"), world.actor("ancestor", "finance.manage_allocation")


def declaration(
    world: World, *, payroll: str = "100000.00", month: date = date(2026, 1, 1), emp: Employer | None = None
) -> AllocationDeclaration:
    recorder, _confirmer = clerks(world)
    return allocation_declare(actor=recorder, employer=emp or employer(world.child), month=month, payroll=payroll)


def paid(world: World, decl: AllocationDeclaration, amount: str, on: date) -> AllocationReceipt:
    recorder, confirmer = clerks(world)
    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount=amount, received_on=on)
    return allocation_receipt_confirm(actor=confirmer, receipt=receipt)


def confirm_dues(world: World, receipt: DuesReceipt) -> DuesReceipt:
    return dues_receipt_confirm(
        actor=access.require_user(world.actor("ancestor", "finance.manage_dues")), receipt=receipt
    )


def amount(value: str) -> Decimal:
    return Decimal(value)
