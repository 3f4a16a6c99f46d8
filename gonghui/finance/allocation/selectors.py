"""Reads of the employer allocation, always scoped to the subtree where the actor holds
``finance.view_allocation`` (an employer's declarations belong to the employer's union)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.finance import scope
from gonghui.finance.allocation.services import late_charge
from gonghui.finance.models import (
    ZERO,
    AllocationDeclaration,
    AllocationReceipt,
    AllocationShare,
    BankStatement,
    BankStatementLine,
    LateChargeKind,
    LateChargeSettlement,
    LateChargeStatus,
    ReceiptStatus,
)
from gonghui.finance.permissions import VIEW_ALLOCATION
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.policy.selectors import policy_get

DECLARATION_SORTS = {
    "month": "-month",
    "employer": "employer__name",
    "due": "due_on",
    "amount": "-amount",
}
ARREARS_SORTS = {"due": "due_on", "employer": "employer__name", "amount": "-amount"}


def _scoped(qs: QuerySet[Any], actor: Actor) -> QuerySet[Any]:
    return access.scope(qs, actor, VIEW_ALLOCATION)


def employer_list(*, actor: Actor, q: str = "") -> QuerySet[Employer]:
    qs = _scoped(Employer.objects.filter(is_active=True), actor).select_related("unit").order_by("name")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
    return qs


def employer_get(*, actor: Actor, employer_id: int | str) -> Employer:
    employer = employer_list(actor=actor).filter(pk=scope.pk(employer_id)).first()
    if employer is None:
        raise access.NotVisible()
    return employer


def declaration_list(
    *, actor: Actor, month: date | None = None, unit: OrgUnit | None = None, q: str = "", state: str = ""
) -> QuerySet[AllocationDeclaration]:
    qs = _scoped(AllocationDeclaration.objects.all(), actor).select_related("employer", "unit")
    if month is not None:
        qs = qs.filter(month=month.replace(day=1))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(employer__name__icontains=q) | Q(employer__credit_code__icontains=q))
    if state == "unpaid":
        qs = qs.filter(paid__lt=F("amount"))
    elif state == "paid":
        qs = qs.filter(paid__gte=F("amount"))
    return qs


def declaration_get(*, actor: Actor, declaration_id: int | str) -> AllocationDeclaration:
    declaration = (
        declaration_list(actor=actor)
        .prefetch_related(
            Prefetch(
                "late_settlements",
                queryset=LateChargeSettlement.objects.select_related("recorded_by", "confirmed_by", "voucher"),
            ),
            Prefetch(
                "receipts",
                queryset=AllocationReceipt.objects.select_related("recorded_by", "confirmed_by").prefetch_related(
                    Prefetch("shares", queryset=AllocationShare.objects.select_related("ledger__unit", "voucher"))
                ),
            ),
        )
        .filter(pk=scope.pk(declaration_id))
        .first()
    )
    if declaration is None:
        raise access.NotVisible()
    return declaration


def receipt_list(*, actor: Actor, status: str = "") -> QuerySet[AllocationReceipt]:
    qs = _scoped(AllocationReceipt.objects.all(), actor).select_related("declaration__employer", "unit", "recorded_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-recorded_at", "-id")


def receipt_get(*, actor: Actor, receipt_id: int | str) -> AllocationReceipt:
    receipt = receipt_list(actor=actor).filter(pk=scope.pk(receipt_id)).first()
    if receipt is None:
        raise access.NotVisible()
    return receipt


@dataclass(frozen=True)
class Arrears:
    outstanding: Decimal
    days: int
    charge: Decimal
    rate: Decimal
    charge_paid: Decimal = ZERO  # late charge collected (confirmed receipts dated on or before as_of)
    charge_waived: Decimal = ZERO  # late charge waived (approved waivers dated on or before as_of)

    @property
    def charge_owed(self) -> Decimal:
        return max(self.charge - self.charge_paid - self.charge_waived, ZERO)


def arrears_list(
    *, actor: Actor, as_of: date, unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[AllocationDeclaration]:
    """Declarations past their due date on ``as_of`` with money still unpaid on that day (receipts posted later
    than ``as_of`` do not count), and those paid late whose late charge was not yet settled (collected or waived
    in full) on that day: the charge for the late days stays owed after the principal is paid. Attach the figures
    with :func:`arrears_for` (page by page)."""
    later = AllocationReceipt.objects.filter(
        declaration=OuterRef("pk"), status=ReceiptStatus.POSTED, received_on__gt=as_of
    )
    paid_late = AllocationReceipt.objects.filter(
        declaration=OuterRef("pk"),
        status=ReceiptStatus.POSTED,
        received_on__gt=OuterRef("due_on"),
        received_on__lte=as_of,
    )
    unsettled = Q(late_settled_on__isnull=True) | Q(late_settled_on__gt=as_of)
    qs = declaration_list(actor=actor, unit=unit, q=q).filter(due_on__lt=as_of, amount__gt=0)
    return qs.filter(Q(paid__lt=F("amount")) | Exists(later) | (Exists(paid_late) & unsettled))


def arrears_for(declarations: list[AllocationDeclaration], *, as_of: date) -> list[tuple[Any, Arrears]]:
    """The outstanding amount, days late and late charge of each declaration as of ``as_of``, with the charge
    collected and waived by then: three queries plus the policy reads (once per union)."""
    settled: dict[tuple[int, str], Decimal] = {}
    for declaration_id, kind, amount in LateChargeSettlement.objects.filter(
        declaration__in=[d.pk for d in declarations], status=LateChargeStatus.CONFIRMED, on__lte=as_of
    ).values_list("declaration_id", "kind", "amount"):
        settled[(declaration_id, kind)] = settled.get((declaration_id, kind), ZERO) + amount
    receipts: dict[int, list[tuple[date, Decimal]]] = {}
    for declaration_id, day, amount in AllocationReceipt.objects.filter(
        declaration__in=[d.pk for d in declarations], status=ReceiptStatus.POSTED, received_on__lte=as_of
    ).values_list("declaration_id", "received_on", "amount"):
        receipts.setdefault(declaration_id, []).append((day, amount))
    policies: dict[tuple[int, date], tuple[Decimal, str]] = {}
    rows: list[tuple[Any, Arrears]] = []
    for d in declarations:
        key = (d.unit_id, d.due_on)
        if key not in policies:
            policies[key] = (
                Decimal(policy_get("finance.allocation_late_rate", d.unit, on=d.due_on).value),
                str(policy_get("finance.allocation_late_rounding", d.unit, on=d.due_on).value),
            )
        rate, rounding = policies[key]
        paid = receipts.get(d.pk, [])
        days, charge = late_charge(
            amount=d.amount, due_on=d.due_on, receipts=paid, as_of=as_of, rate=rate, rounding=rounding
        )
        outstanding = max(d.amount - sum((v for _d, v in paid), ZERO), ZERO)
        rows.append(
            (
                d,
                Arrears(
                    outstanding=outstanding,
                    days=days,
                    charge=charge,
                    rate=rate,
                    charge_paid=settled.get((d.pk, LateChargeKind.RECEIPT), ZERO),
                    charge_waived=settled.get((d.pk, LateChargeKind.WAIVER), ZERO),
                ),
            )
        )
    return rows


def statement_list(*, actor: Actor) -> QuerySet[BankStatement]:
    return _scoped(BankStatement.objects.all(), actor).select_related("unit", "uploaded_by")


def statement_get(*, actor: Actor, statement_id: int | str) -> BankStatement:
    statement = statement_list(actor=actor).filter(pk=scope.pk(statement_id)).first()
    if statement is None:
        raise access.NotVisible()
    return statement


def statement_lines(*, statement: BankStatement) -> QuerySet[BankStatementLine]:
    return statement.lines.select_related("declaration__employer", "receipt").order_by("row")


def line_get(*, actor: Actor, line_id: int | str) -> BankStatementLine:
    line = (
        BankStatementLine.objects.filter(statement__in=statement_list(actor=actor))
        .select_related("statement__unit", "declaration")
        .filter(pk=scope.pk(line_id))
        .first()
    )
    if line is None:
        raise access.NotVisible()
    return line


def open_declarations(*, actor: Actor, unit: OrgUnit) -> QuerySet[AllocationDeclaration]:
    """Declarations with money unpaid in ``unit``'s subtree (to match an unmatched statement line by hand)."""
    return declaration_list(actor=actor, unit=unit, state="unpaid").order_by("employer__name", "month")[:200]


def late_settlement_get(*, actor: Actor, settlement_id: int | str) -> LateChargeSettlement:
    settlement = (
        _scoped(LateChargeSettlement.objects.all(), actor)
        .select_related("declaration", "unit")
        .filter(pk=scope.pk(settlement_id))
    ).first()
    if settlement is None:
        raise access.NotVisible()
    return settlement
