"""URL sweep resolvers of the employer allocation: every object lies in ``world.target``'s subtree (an employer of
``world.child`` whose name carries CANARY; the district's books are open so receipts can be confirmed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.finance.models import (
    AllocationDeclaration,
    AllocationReceipt,
    BankStatement,
    BankStatementLine,
    LineStatus,
)


def _declaration(world: World) -> AllocationDeclaration:
    from gonghui.finance.tests.allocation_kit import employer

    found = AllocationDeclaration.objects.filter(unit=world.child).first()
    if found is not None:
        return found
    recorder = world.staff("swp", world.target, ["finance.manage_allocation", "finance.view_allocation"])
    from gonghui.finance.allocation.services import allocation_declare

    return allocation_declare(
        actor=recorder, employer=employer(world.child, credit_code=""), month=date(2026, 1, 1), payroll="100000.00"
    )


def _receipt(world: World) -> int:
    declaration = _declaration(world)
    receipt = AllocationReceipt.objects.filter(declaration=declaration).first()
    if receipt is None:
        from gonghui.finance.allocation.services import allocation_receipt_record

        recorder = world.staff("swp", world.target, ["finance.manage_allocation", "finance.view_allocation"])
        receipt = allocation_receipt_record(
            actor=recorder, declaration=declaration, amount="100.00", received_on=date(2026, 2, 1), reference=CANARY
        )
    return receipt.pk


def _late_settlement(world: World) -> int:
    from gonghui.finance.models import LateChargeKind, LateChargeSettlement

    declaration = _declaration(world)
    found = LateChargeSettlement.objects.filter(declaration=declaration).first()
    if found is None:
        user = world.staff("swp", world.target, ["finance.manage_allocation", "finance.view_allocation"])
        found = LateChargeSettlement.objects.create(
            declaration=declaration,
            unit=declaration.unit,
            kind=LateChargeKind.WAIVER,
            amount=Decimal("1.00"),
            on=date(2026, 3, 1),
            reason=CANARY,
            recorded_by=user,
        )
    return found.pk


def _statement(world: World) -> BankStatement:
    found = BankStatement.objects.filter(unit=world.target).first()
    if found is not None:
        return found
    user = world.staff("swp", world.target, ["finance.manage_allocation"])
    statement = BankStatement.objects.create(
        unit=world.target, file_name=f"流水{CANARY}.csv", sha256="0" * 64, rows=1, uploaded_by=user
    )
    BankStatementLine.objects.create(
        statement=statement, row=2, payer=f"付款人{CANARY}", status=LineStatus.UNMATCHED, problem="CANARY"
    )
    return statement


RESOLVERS: dict[str, Any] = {
    "alloc_declaration_id": lambda world: _declaration(world).pk,
    "alloc_receipt_id": _receipt,
    "late_settlement_id": _late_settlement,
    "bank_statement_id": lambda world: _statement(world).pk,
    "bank_line_id": lambda world: _statement(world).lines.first().pk,  # type: ignore[union-attr]
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
