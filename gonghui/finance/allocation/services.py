"""Employer allocation (拨缴经费): declarations, receipts, the split between levels, bank-statement import.

Accounting (see ``docs/finance.md`` "Allocation and dues"): the union that receives the money (the nearest union
at or above the employer's union that keeps books) posts Dr 1002 银行存款 (the whole amount) / Cr 4101 拨缴经费收入
(its own share) / Cr 2201 应付上级经费 (the upper levels' shares); each upper level with books posts Dr 1202
应收下级经费 / Cr 4101 拨缴经费收入 (its share). Every voucher balances on its own. A level whose union keeps no
books passes its share to the nearest union above it that does; when no union above keeps books the receiving
union still owes it (2201) and no counterpart is posted.

A receipt is recorded by one person and confirmed by another (separation of duties): confirming generates the
vouchers through :func:`gonghui.finance.ledger.services.voucher_generate` (prepared by the recorder, reviewed by the
confirmer) in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents, money
from gonghui.common.sheets import cells, reading
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.policies import LEVEL_RANK, SHARE_LEVELS, UPPER_LEVELS
from gonghui.finance.ledger.chart import ALLOCATION_INCOME, BANK, OTHER_INCOME
from gonghui.finance.ledger.services import LineInput, first_open_day, voucher_generate
from gonghui.finance.models import (
    ZERO,
    Account,
    AllocationDeclaration,
    AllocationReceipt,
    AllocationShare,
    BankStatement,
    BankStatementLine,
    LateChargeKind,
    LateChargeSettlement,
    LateChargeStatus,
    Ledger,
    LineStatus,
    ReceiptMethod,
    ReceiptStatus,
    ShareLevel,
)
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.orgs.models import Employer, OrgUnit, UnitKind
from gonghui.policy.selectors import policy_get
from gonghui.workdays.selectors import add_working_days

CENT = Decimal("0.01")
PAYABLE_UP = "2201"  # 应付上级经费
RECEIVABLE_DOWN = "1202"  # 应收下级经费
ROUNDING = {
    "fen_half_up": (CENT, ROUND_HALF_UP),
    "fen_down": (CENT, ROUND_DOWN),
    "yuan_half_up": (Decimal("1"), ROUND_HALF_UP),
}
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_ROWS = 5000


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------------- rules


def due_date(unit: OrgUnit, month: date) -> tuple[date, dict[str, Any]]:
    """The due date of the allocation on ``month``'s payroll: day ``finance.allocation_due_day`` of the next month
    (the month's last day when shorter), moved to the next working day (``gonghui.workdays``) when
    ``finance.allocation_due_shift`` says so — the default, as tax deadlines are (遇节假日顺延)."""
    following = _next_month(month)
    day_policy = policy_get("finance.allocation_due_day", unit, on=following)
    shift_policy = policy_get("finance.allocation_due_shift", unit, on=following)
    last = (_next_month(following) - following).days
    due = following.replace(day=min(int(day_policy.value), last))
    if shift_policy.value == "next_working_day":
        due = add_working_days(due, 0)
    return due, {"due_day": day_policy.to_trace(), "due_shift": shift_policy.to_trace()}


def allocation_amount(payroll: Decimal, rate: Decimal) -> Decimal:
    """Allocation due = payroll × rate, rounded half-up to the fen (分)."""
    return (payroll * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def late_charge(
    *,
    amount: Decimal,
    due_on: date,
    receipts: list[tuple[date, Decimal]],
    as_of: date,
    rate: Decimal,
    rounding: str = "fen_half_up",
) -> tuple[int, Decimal]:
    """(days late, late charge) of an allocation of ``amount`` due on ``due_on``, as of ``as_of``.

    Each calendar day ``d`` with ``due_on < d <= as_of`` bears ``rate`` × the balance unpaid at the start of that
    day (receipts dated before ``d`` are deducted; money received on ``d`` still bears that day's charge, so a
    payment one day after the due date costs one day). The charge is the exact sum, rounded once by the policy
    rounding: ``charge = round(Σ_d balance(d) × rate)``. Days late counts the days while any balance was unpaid.
    """
    if as_of <= due_on:
        return 0, ZERO
    events = sorted((day, value) for day, value in receipts if day <= as_of)
    balance = amount
    cursor = due_on  # days after ``cursor`` up to the next event bear ``balance``
    total = Decimal(0)
    days = 0
    for day, value in events:
        if day > cursor and balance > 0:
            span = (day - cursor).days
            total += balance * span
            days += span
            cursor = day
        elif day > cursor:
            cursor = day
        balance -= value
    if balance > 0 and as_of > cursor:
        span = (as_of - cursor).days
        total += balance * span
        days += span
    quantum, mode = ROUNDING.get(rounding, ROUNDING["fen_half_up"])
    return days, (total * rate).quantize(quantum, rounding=mode).quantize(CENT)


@dataclass(frozen=True)
class SharePlan:
    level: str
    ratio: Decimal
    amount: Decimal
    ledger: Ledger | None


def _books_at_or_above(path: str) -> Ledger | None:
    paths = [path[: i * OrgUnit.steplen] for i in range(1, len(path) // OrgUnit.steplen + 1)]
    return Ledger.objects.filter(unit__path__in=paths).select_related("unit").order_by("-unit__depth").first()


def receiving_ledger(unit: OrgUnit) -> Ledger | None:
    """The books that receive an employer's allocation: the nearest union at or above ``unit`` with books."""
    return _books_at_or_above(unit.path)


def federation_level(unit: OrgUnit, order: int = 0) -> str | None:
    """The level of a federation (总工会): ``province``, ``city`` or ``county``, read from its administrative
    division code (GB/T 2260: ``xx0000`` a province, ``xxxx00`` a prefecture-level city, anything else a county or
    district, so a Beijing district federation is a county level with no city above it). Without a code, its
    place among the federations above it (``order``: 0 the topmost). Other kinds of union (industry, joint,
    grassroots, ...) are no level: ``None``."""
    if unit.kind != UnitKind.FEDERATION:
        return None
    code = unit.region_code or ""
    if len(code) == 6 and code.isascii() and code.isdigit():
        if code.endswith("0000"):
            return "province"
        return "city" if code.endswith("00") else "county"
    return UPPER_LEVELS[::-1][min(order, len(UPPER_LEVELS) - 1)]


def levels_at_or_above(unit: OrgUnit) -> dict[str, OrgUnit]:
    """``{level: the nearest federation of that level}`` among ``unit`` and its ancestors (one query)."""
    chain = list(OrgUnit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth"))
    found: dict[str, OrgUnit] = {}
    order = 0
    for node in chain:
        level = federation_level(node, order)
        if level is None:
            continue
        order += 1
        found[level] = node  # deeper wins: the nearest one of that level
    return found


def split_plan(unit: OrgUnit, amount: Decimal, *, on: date) -> tuple[list[SharePlan], dict[str, Any]]:
    """How ``amount`` received for an employer of ``unit`` is shared, by the policies in force ``on``.

    The amounts come from :func:`share_amounts` (largest remainder, exact to the fen). The levels are decided by
    the kinds of the unions actually above the receiving union, not by depth (:func:`federation_level`):

    * a level at or below the receiving union's own level (a city federation receiving directly keeps the county
      share) stays with it; a receiving union that is not a federation (grassroots, industry, joint) keeps only
      the grassroots share;
    * a level that exists above goes to the nearest union at or above that level's federation that keeps books;
    * a level that does not exist above (a grassroots union directly under a city federation or under an
      industry union has no county level) passes its share up like a level without books: to the next level
      that exists above it (its books, or the nearest books above), or to no ledger;
    * the national level (中华全国总工会) is never in the tree: its share is owed upward (2201) by the receiving
      union, like any share with no books above.
    """
    receiving = receiving_ledger(unit)
    if receiving is None:
        raise ValidationError(_("该单位所属工会及其上级均未建账，无法入账。"), code="no_books")
    grassroots = policy_get("finance.grassroots_share", unit, on=on)
    uppers = policy_get("finance.allocation_upper_shares", unit, on=on)
    national = policy_get("finance.allocation_national_share", unit, on=on)
    amounts = share_amounts(amount, Decimal(grassroots.value), uppers.value, national=Decimal(national.value))
    plans: list[SharePlan] = [
        SharePlan(
            level=ShareLevel.GRASSROOTS,
            ratio=Decimal(grassroots.value),
            amount=amounts[ShareLevel.GRASSROOTS][1],
            ledger=receiving,
        )
    ]
    found = levels_at_or_above(receiving.unit)
    own = next((level for level, node in found.items() if node.pk == receiving.unit.pk), None)
    for level in SHARE_LEVELS:
        if level == ShareLevel.NATIONAL and not amounts[level][0]:
            continue  # no national share set: no row (as before the key existed)
        ledger: Ledger | None
        if own is not None and LEVEL_RANK[level] >= LEVEL_RANK[own]:
            ledger = receiving
        else:
            # This level's federation above, or the next level that exists above a missing one.
            holders = [
                found[x]
                for x in sorted(found, key=lambda x: -LEVEL_RANK[x])
                if LEVEL_RANK[x] <= LEVEL_RANK[level] and found[x].depth < receiving.unit.depth
            ]
            ledger = _books_at_or_above(holders[0].path) if holders else None
        ratio, share = amounts[level]
        plans.append(SharePlan(level=level, ratio=ratio, amount=share, ledger=ledger))
    traces = {"grassroots_share": grassroots.to_trace(), "upper_shares": uppers.to_trace()}
    traces["national_share"] = national.to_trace()
    return plans, traces


def share_amounts(
    amount: Decimal, grassroots: Decimal, uppers: dict[str, Any], *, national: Decimal = ZERO
) -> dict[str, tuple[Decimal, Decimal]]:
    """``{level: (ratio of the whole, amount)}``, exact to the fen and never negative.

    The upper part is ``round_half_up(amount × (1 − g), 0.01)`` and the grassroots keeps the rest. Of the upper
    part, the national federation's exact share is ``amount × n``; the rest, ``amount × (1 − g − n)``, is shared
    by the ratios ``r`` of county, city and province. Each level gets its exact share rounded down to the fen, and
    the fen still unallocated go one each to the levels with the largest remainders (ties in the order county,
    city, province, national). So the parts always add up to ``amount`` exactly.
    """
    one = Decimal(1)
    if national < 0 or national > one - grassroots:
        raise ValidationError(
            _("上解全国总工会的比例（%(n)s）超过了上解部分（%(u)s）。") % {"n": national, "u": one - grassroots},
            code="national_share",
        )
    upper_total = (amount * (one - grassroots)).quantize(CENT, rounding=ROUND_HALF_UP)
    ratios = {level: (one - grassroots - national) * Decimal(str(uppers[level])) for level in UPPER_LEVELS}
    ratios["national"] = national
    exact = {level: amount * ratios[level] for level in SHARE_LEVELS}
    floors = {level: value.quantize(CENT, rounding=ROUND_DOWN) for level, value in exact.items()}
    left = int((upper_total - sum(floors.values(), ZERO)) / CENT)
    order = sorted(SHARE_LEVELS, key=lambda level: (-(exact[level] - floors[level]), SHARE_LEVELS.index(level)))
    for level in order[: max(left, 0)]:
        floors[level] += CENT
    out = {level: (ratios[level], floors[level]) for level in SHARE_LEVELS}
    out[ShareLevel.GRASSROOTS] = (grassroots, amount - upper_total)
    return out


# ---------------------------------------------------------------------------------------------------- declarations


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_ALLOCATION, perm=MANAGE_ALLOCATION, unit=unit)


def allocation_declare(
    *, actor: User, employer: Employer, month: date, payroll: object, headcount: int = 0
) -> AllocationDeclaration:
    """Record (or correct, while nothing was received) an employer's payroll for ``month``; the allocation due
    and its due date follow from the policies in force at the employer's union."""
    unit = employer.unit
    _require_manage(actor, unit)
    payroll_amount = money(payroll)
    if payroll_amount < 0:
        raise ValidationError(_("工资总额不能为负数。"), code="negative")
    if headcount < 0:
        raise ValidationError(_("职工人数不能为负数。"), code="negative")
    if not employer.is_active:
        raise ValidationError(_("该用人单位已失效。"), code="inactive")
    month = first_of_month(month)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError(_("不能申报未来月份的工资总额。"), code="future")
    rate_policy = policy_get("finance.allocation_rate", unit, on=month)
    rate = Decimal(rate_policy.value)
    due_on, traces = due_date(unit, month)
    amount = allocation_amount(payroll_amount, rate)
    with transaction.atomic():
        existing = AllocationDeclaration.objects.select_for_update().filter(employer=employer, month=month).first()
        if existing is not None:
            if existing.receipts.exclude(status=ReceiptStatus.CANCELLED).exists():
                raise ValidationError(_("该月申报已有到账记录，不能再修改。"), code="has_receipts")
            before = {"payroll": existing.payroll, "amount": existing.amount}
            existing.payroll, existing.headcount, existing.rate, existing.amount = (
                payroll_amount,
                headcount,
                rate,
                amount,
            )
            existing.due_on, existing.unit, existing.declared_by = due_on, unit, actor
            existing.policy = {"rate": rate_policy.to_trace(), **traces}
            existing.save()
            declaration = existing
            action = "finance.allocation_redeclare"
        else:
            before = None
            declaration = AllocationDeclaration.objects.create(
                employer=employer,
                unit=unit,
                month=month,
                payroll=payroll_amount,
                headcount=headcount,
                rate=rate,
                amount=amount,
                due_on=due_on,
                policy={"rate": rate_policy.to_trace(), **traces},
                declared_by=actor,
            )
            action = "finance.allocation_declare"
        audit_record(
            actor=actor,
            action=action,
            target=declaration,
            unit=unit,
            target_repr=f"{employer.name} {month:%Y-%m}",
            before=before,
            after={"payroll": payroll_amount, "amount": amount, "due_on": due_on.isoformat()},
        )
    return declaration


# ---------------------------------------------------------------------------------------------------- receipts


def _pending(declaration: AllocationDeclaration) -> Decimal:
    return cents(declaration.receipts.filter(status=ReceiptStatus.RECORDED).aggregate(s=Sum("amount"))["s"])


def allocation_receipt_record(
    *,
    actor: User,
    declaration: AllocationDeclaration,
    amount: object,
    received_on: date,
    reference: str = "",
    method: str = ReceiptMethod.MANUAL,
) -> AllocationReceipt:
    """Record money received against a declaration (not yet posted: a second person confirms it)."""
    _require_manage(actor, declaration.unit)
    value = money(amount)
    if value <= 0:
        raise ValidationError(_("到账金额须大于零。"), code="amount")
    if received_on > timezone.localdate():
        raise ValidationError(_("到账日期不能晚于今天。"), code="future")
    with transaction.atomic():
        declaration = AllocationDeclaration.objects.select_for_update().get(pk=declaration.pk)
        room = declaration.amount - declaration.paid - _pending(declaration)
        if value > room:
            raise ValidationError(
                _("到账金额超过尚未缴纳（含待确认）的经费 %(room)s 元。") % {"room": max(room, ZERO)}, code="over"
            )
        receipt = AllocationReceipt.objects.create(
            declaration=declaration,
            unit=declaration.unit,
            amount=value,
            received_on=received_on,
            method=method,
            reference=reference.strip()[:64],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="finance.allocation_receipt_record",
            target=receipt,
            unit=declaration.unit,
            data={"declaration": declaration.pk, "amount": value, "received_on": received_on.isoformat()},
        )
    return receipt


def _account(ledger: Ledger, code: str) -> Account:
    account = Account.objects.filter(ledger=ledger, code=code, is_active=True).first()
    if account is None:
        raise ValidationError(
            _("%(unit)s 的账套中没有启用的科目 %(code)s。") % {"unit": ledger.unit.name, "code": code}, code="account"
        )
    return account


RECEIPT = StateMachine.of_actions(
    {
        "confirm": ((ReceiptStatus.RECORDED,), ReceiptStatus.POSTED),
        "cancel": ((ReceiptStatus.RECORDED,), ReceiptStatus.CANCELLED),
    },
    refusal=lambda status, action: ValidationError(
        _("该笔到账已处理。") if action == "confirm" else _("只有待确认的到账可以撤销。"), code="stale"
    ),
)


def allocation_receipt_confirm(*, actor: User, receipt: AllocationReceipt) -> AllocationReceipt:
    """Confirm a recorded receipt (the confirmer is never the recorder): split it between the levels and post one
    voucher in each ledger concerned, in one transaction."""
    _require_manage(actor, receipt.unit)
    with transaction.atomic():
        receipt = (
            AllocationReceipt.objects.select_for_update()
            .select_related("declaration__employer", "unit", "recorded_by")
            .get(pk=receipt.pk)
        )
        RECEIPT.check(receipt.status, "confirm")
        if receipt.recorded_by_id == actor.pk:
            raise ValidationError(_("确认人不能是登记人本人。"), code="duties")
        declaration = AllocationDeclaration.objects.select_for_update().get(pk=receipt.declaration_id)
        employer = receipt.declaration.employer
        plans, traces = split_plan(receipt.unit, receipt.amount, on=receipt.received_on)
        receiving = plans[0].ledger
        assert receiving is not None
        label = _("%(employer)s %(month)s 工会经费") % {
            "employer": employer.name,
            "month": f"{declaration.month:%Y-%m}",
        }
        source = f"finance.allocationreceipt:{receipt.pk}"
        own = sum((p.amount for p in plans if p.ledger is not None and p.ledger.pk == receiving.pk), ZERO)
        upward = receipt.amount - own
        lines = [LineInput(account=_account(receiving, BANK), debit=receipt.amount, summary=label)]
        if own > 0:
            lines.append(LineInput(account=_account(receiving, ALLOCATION_INCOME), credit=own, summary=label))
        if upward > 0:
            lines.append(LineInput(account=_account(receiving, PAYABLE_UP), credit=upward, summary=label))
        vouchers = {
            receiving.pk: voucher_generate(
                ledger=receiving,
                day=first_open_day(receiving, receipt.received_on),
                summary=_value_dated(_("收到拨缴经费：%(label)s") % {"label": label}, receiving, receipt.received_on),
                lines=lines,
                source=source,
                prepared_by=receipt.recorded_by,
                reviewed_by=actor,
            )
        }
        upper: dict[int, tuple[Ledger, Decimal]] = {}
        for plan in plans[1:]:
            if plan.ledger is not None and plan.ledger.pk != receiving.pk and plan.amount > 0:
                ledger, sofar = upper.get(plan.ledger.pk, (plan.ledger, ZERO))
                upper[plan.ledger.pk] = (ledger, sofar + plan.amount)
        for ledger, value in upper.values():
            summary = _("下级应解拨缴经费：%(unit)s %(label)s") % {"unit": receiving.unit.name, "label": label}
            vouchers[ledger.pk] = voucher_generate(
                ledger=ledger,
                day=first_open_day(ledger, receipt.received_on),
                summary=_value_dated(summary, ledger, receipt.received_on),
                lines=[
                    LineInput(account=_account(ledger, RECEIVABLE_DOWN), debit=value, summary=summary),
                    LineInput(account=_account(ledger, ALLOCATION_INCOME), credit=value, summary=summary),
                ],
                source=source,
                prepared_by=receipt.recorded_by,
                reviewed_by=actor,
            )
        AllocationShare.objects.bulk_create(
            [
                AllocationShare(
                    receipt=receipt,
                    level=p.level,
                    ratio=p.ratio.quantize(Decimal("0.000001")),
                    amount=p.amount,
                    ledger=p.ledger,
                    voucher=vouchers.get(p.ledger.pk) if p.ledger is not None and p.amount > 0 else None,
                )
                for p in plans
            ]
        )
        AllocationDeclaration.objects.filter(pk=declaration.pk).update(paid=F("paid") + receipt.amount)
        RECEIPT.move(receipt, "confirm")
        receipt.confirmed_by, receipt.confirmed_at = actor, timezone.now()
        receipt.policy = traces
        receipt.save(update_fields=["status", "confirmed_by", "confirmed_at", "policy"])
        if declaration.paid + receipt.amount >= declaration.amount and declaration.late_settled_on is None:
            if final_late_charge(declaration) == ZERO:  # paid on time (or no rate): nothing left to report
                AllocationDeclaration.objects.filter(pk=declaration.pk).update(late_settled_on=receipt.received_on)
        audit_record(
            actor=actor,
            action="finance.allocation_receipt_confirm",
            target=receipt,
            unit=receipt.unit,
            data={
                "amount": receipt.amount,
                "shares": [[p.level, str(p.amount), p.ledger.unit_id if p.ledger else None] for p in plans],
                "vouchers": sorted(v.pk for v in vouchers.values()),
            },
        )
    return receipt


def _value_dated(summary: str, ledger: Ledger, received_on: date) -> str:
    """The summary of a voucher moved into a later open period names the bank date (the value date)."""
    if first_open_day(ledger, received_on) == received_on:
        return summary
    return _("%(summary)s（到账日 %(day)s，原月份已结账）") % {"summary": summary, "day": received_on.isoformat()}


def allocation_receipt_cancel(*, actor: Actor, receipt: AllocationReceipt, reason: str) -> AllocationReceipt:
    """Cancel a receipt recorded by mistake, before it was confirmed (a posted one is corrected by reversal)."""
    _require_manage(actor, receipt.unit)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("请填写撤销理由。"), code="reason")
    with transaction.atomic():
        receipt = AllocationReceipt.objects.select_for_update().get(pk=receipt.pk)
        RECEIPT.move(receipt, "cancel")
        receipt.save(update_fields=["status"])
        # The lines recorded as this receipt are open again (a bulk move of every such line).
        BANK_LINE.check(LineStatus.RECORDED, "reopen")
        BankStatementLine.objects.filter(receipt=receipt).update(status=LineStatus.UNMATCHED, receipt=None)
        audit_record(
            actor=actor,
            action="finance.allocation_receipt_cancel",
            target=receipt,
            unit=receipt.unit,
            data={"reason": reason[:200]},
        )
    return receipt


# ---------------------------------------------------------------------------------------------------- files


def cell_money(value: object) -> Decimal:
    if isinstance(value, float):
        value = repr(value) if not value.is_integer() else str(int(value))
    raw = cells.text(value).replace("¥", "").replace("￥", "").replace("元", "")
    return money(raw)


def cell_date(value: object) -> date:
    if cells.text(value) == "":
        raise ValidationError(_("日期为空。"), code="required")
    return cells.parse_date(value)


STATEMENT_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("交易日期", "到账日期", "日期", "入账日期", "记账日期"),
    "payer": ("付款人", "付款人名称", "对方户名", "对方名称", "付款单位"),
    "credit_code": ("统一社会信用代码", "信用代码", "社会信用代码", "付款人信用代码"),
    "amount": ("金额", "贷方金额", "收入金额", "到账金额", "收入"),
    "reference": ("流水号", "交易流水号", "凭证号", "交易参考号"),
}


def _match(unit: OrgUnit, credit_code: str, amount: Decimal) -> tuple[AllocationDeclaration | None, str]:
    employers = list(
        Employer.objects.filter(credit_code=credit_code, is_active=True, unit__path__startswith=unit.path)[:2]
    )
    if not employers:
        return None, _("没有信用代码为 %(code)s 的用人单位。") % {"code": credit_code}
    candidates = (
        AllocationDeclaration.objects.filter(employer=employers[0], amount__gt=F("paid"))
        .order_by("month")
        .only("pk", "amount", "paid", "month")
    )
    for declaration in candidates:
        room = declaration.amount - declaration.paid - _pending(declaration)
        if room == amount:
            return declaration, ""
    return None, _("金额与该单位任何一个月尚未缴纳的经费都不相符。")


# A statement line is matched on upload when its payer and amount find a declaration, then recorded as a receipt or
# dismissed by a person; cancelling its receipt opens it again.
BANK_LINE = StateMachine.of_actions(
    {
        "match": ((LineStatus.UNMATCHED,), LineStatus.MATCHED),
        "record": ((LineStatus.MATCHED, LineStatus.UNMATCHED), LineStatus.RECORDED),
        "dismiss": ((LineStatus.MATCHED, LineStatus.UNMATCHED), LineStatus.DISMISSED),
        "reopen": ((LineStatus.RECORDED,), LineStatus.UNMATCHED),
    },
    refusal=lambda status, action: ValidationError(_("该行已处理。"), code="stale"),
)


def bank_statement_upload(*, actor: User, unit: OrgUnit, upload: UploadedFile) -> BankStatement:
    """Read a bank statement and match each credit line to a declaration in ``unit``'s subtree by the payer's
    credit code and the amount still unpaid; nothing is recorded yet (the preview lists matched and unmatched
    lines; staff record the matched ones and match or dismiss the rest)."""
    _require_manage(actor, unit)
    rows = reading.upload_rows(upload, max_bytes=UPLOAD_MAX_BYTES)
    header = next(rows, None)
    columns = cells.header_index(header or [], STATEMENT_HEADERS)
    missing = [k for k in ("amount", "credit_code") if k not in columns]
    if missing:
        raise ValidationError(_("表头缺少“金额”或“统一社会信用代码”列。"), code="headers")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    lines: list[BankStatementLine] = []
    for number, row in enumerate(rows, start=2):
        if cells.is_blank(row):
            continue
        if len(lines) >= MAX_STATEMENT_ROWS:
            raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": MAX_STATEMENT_ROWS}, code="rows")
        line = BankStatementLine(
            row=number,
            payer=cells.text(cells.cell(row, columns.get("payer")))[:120],
            credit_code=cells.text(cells.cell(row, columns.get("credit_code"))).upper().replace(" ", "")[:18],
            reference=cells.text(cells.cell(row, columns.get("reference")))[:64],
            status=LineStatus.UNMATCHED,
        )
        problems: list[str] = []
        try:
            line.amount = cell_money(cells.cell(row, columns["amount"]))
            if line.amount <= 0:
                problems.append(_("金额须大于零（支出行不导入）。"))
        except ValidationError:
            problems.append(_("金额格式不正确。"))
        try:
            line.received_on = cell_date(cells.cell(row, columns.get("date")))
        except ValidationError:
            problems.append(_("日期无法识别。"))
        if not line.credit_code:
            problems.append(_("缺少统一社会信用代码。"))
        if not problems and line.amount is not None:
            declaration, problem = _match(unit, line.credit_code, line.amount)
            if declaration is not None and not any(x.declaration_id == declaration.pk for x in lines):
                line.declaration = declaration
                BANK_LINE.move(line, "match")
            elif declaration is not None:
                problems.append(_("同一文件中已有一行匹配到该月申报。"))
            else:
                problems.append(problem)
        line.problem = "；".join(problems)[:200]
        lines.append(line)
    if not lines:
        raise ValidationError(_("文件中没有数据行。"), code="empty")
    with transaction.atomic():
        statement = BankStatement.objects.create(
            unit=unit,
            file_name=(upload.name or "statement").rsplit("/", 1)[-1][:200],
            sha256=digest.hexdigest(),
            rows=len(lines),
            uploaded_by=actor,
        )
        for line in lines:
            line.statement = statement
        BankStatementLine.objects.bulk_create(lines)
        audit_record(
            actor=actor,
            action="finance.bank_statement_upload",
            target=statement,
            unit=unit,
            data={
                "rows": len(lines),
                "matched": sum(1 for x in lines if x.status == LineStatus.MATCHED),
                "sha256": statement.sha256,
            },
        )
    return statement


def bank_line_record(
    *, actor: User, line: BankStatementLine, declaration: AllocationDeclaration | None = None
) -> AllocationReceipt:
    """Record the receipt of a statement line: its automatic match, or the declaration a human chose for an
    unmatched line (which must lie in the statement's union's subtree)."""
    statement = line.statement
    _require_manage(actor, statement.unit)
    with transaction.atomic():
        line = BankStatementLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
        BANK_LINE.check(line.status, "record")
        target = declaration or line.declaration
        if target is None:
            raise ValidationError(_("请选择要匹配的申报。"), code="declaration")
        if not target.unit.path.startswith(statement.unit.path):
            raise access.NotVisible()
        if line.amount is None or line.received_on is None:
            raise ValidationError(_("该行金额或日期无法识别，只能忽略。"), code="invalid_line")
        receipt = allocation_receipt_record(
            actor=actor,
            declaration=target,
            amount=line.amount,
            received_on=line.received_on,
            reference=line.reference,
            method=ReceiptMethod.BANK,
        )
        BANK_LINE.move(line, "record")
        line.receipt, line.declaration = receipt, target
        line.save(update_fields=["status", "receipt", "declaration"])
    return receipt


def bank_line_dismiss(*, actor: Actor, line: BankStatementLine, note: str) -> BankStatementLine:
    """A human decided that an unmatched line is not an allocation payment (or is handled elsewhere)."""
    _require_manage(actor, line.statement.unit)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError(_("请填写忽略原因。"), code="note")
    with transaction.atomic():
        line = BankStatementLine.objects.select_for_update().select_related("statement__unit").get(pk=line.pk)
        BANK_LINE.move(line, "dismiss")
        line.note = note[:200]
        line.save(update_fields=["status", "note"])
        audit_record(
            actor=actor,
            action="finance.bank_line_dismiss",
            target=line.statement,
            unit=line.statement.unit,
            data={"row": line.row, "note": note[:200]},
        )
    return line


# ---------------------------------------------------------------------------------------------------- late charge


LATE_SETTLEMENT = StateMachine.of_actions(
    {
        "confirm": ((LateChargeStatus.RECORDED,), LateChargeStatus.CONFIRMED),
        "cancel": ((LateChargeStatus.RECORDED,), LateChargeStatus.CANCELLED),
    },
    refusal=lambda status, action: ValidationError(_("该笔滞纳金记录已处理。"), code="stale"),
)


def late_policy(declaration: AllocationDeclaration) -> tuple[Decimal, str]:
    """The late-charge rate and rounding in force at the employer's union on the due date."""
    rate = Decimal(policy_get("finance.allocation_late_rate", declaration.unit, on=declaration.due_on).value)
    rounding = str(policy_get("finance.allocation_late_rounding", declaration.unit, on=declaration.due_on).value)
    return rate, rounding


def final_late_charge(declaration: AllocationDeclaration) -> Decimal:
    """The late charge of a declaration whose principal is paid in full (final: nothing is unpaid any more)."""
    receipts = list(
        declaration.receipts.filter(status=ReceiptStatus.POSTED).values_list("received_on", "amount").order_by()
    )
    if not receipts:
        return ZERO
    rate, rounding = late_policy(declaration)
    as_of = max(day for day, _v in receipts)
    return late_charge(
        amount=declaration.amount,
        due_on=declaration.due_on,
        receipts=receipts,
        as_of=as_of,
        rate=rate,
        rounding=rounding,
    )[1]


def _late_settled(declaration: AllocationDeclaration, statuses: tuple[str, ...]) -> Decimal:
    return cents(declaration.late_settlements.filter(status__in=statuses).aggregate(s=Sum("amount"))["s"])


def late_charge_record(
    *,
    actor: User,
    declaration: AllocationDeclaration,
    kind: str,
    amount: object,
    on: date,
    reason: str = "",
    reference: str = "",
) -> LateChargeSettlement:
    """Record the late charge of a declaration as collected (its own receipt) or waived (with a reason); a second
    person confirms the receipt or approves the waiver. Only once the principal is paid in full: until then the
    charge still grows every day. Never more than the charge still owed (less records waiting for confirmation)."""
    _require_manage(actor, declaration.unit)
    if kind not in LateChargeKind.values:
        raise ValidationError(_("请选择收取或减免。"), code="kind")
    value = money(amount)
    if value <= 0:
        raise ValidationError(_("金额须大于零。"), code="amount")
    if on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future")
    reason = " ".join((reason or "").split())[:200]
    if kind == LateChargeKind.WAIVER and not reason:
        raise ValidationError(_("减免滞纳金须填写理由。"), code="reason")
    with transaction.atomic():
        declaration = AllocationDeclaration.objects.select_for_update().select_related("unit").get(pk=declaration.pk)
        if declaration.paid < declaration.amount:
            raise ValidationError(
                _("本金缴清后才能收取或减免滞纳金（本金未缴清前滞纳金每日仍在增加）。"), code="principal"
            )
        owed = final_late_charge(declaration) - _late_settled(
            declaration, (LateChargeStatus.CONFIRMED, LateChargeStatus.RECORDED)
        )
        if value > owed:
            raise ValidationError(
                _("金额超过尚欠（含待确认）的滞纳金 %(owed)s 元。") % {"owed": max(owed, ZERO)}, code="over"
            )
        settlement = LateChargeSettlement.objects.create(
            declaration=declaration,
            unit=declaration.unit,
            kind=kind,
            amount=value,
            on=on,
            reason=reason,
            reference=(reference or "").strip()[:64],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="finance.late_charge_record",
            target=settlement,
            unit=declaration.unit,
            data={"kind": kind, "amount": value, "on": on.isoformat(), "reason": reason},
        )
    return settlement


def late_charge_confirm(*, actor: User, settlement: LateChargeSettlement) -> LateChargeSettlement:
    """Confirm a late-charge receipt (posted in the receiving union's first open period: Dr 1002 银行存款 /
    Cr 4901 其他收入) or approve a waiver. The confirmer is never the recorder. Once everything of the final
    charge is collected or waived, the declaration leaves the arrears list from the last of those days."""
    _require_manage(actor, settlement.unit)
    with transaction.atomic():
        settlement = (
            LateChargeSettlement.objects.select_for_update()
            .select_related("declaration__employer", "unit", "recorded_by")
            .get(pk=settlement.pk)
        )
        LATE_SETTLEMENT.check(settlement.status, "confirm")
        if settlement.recorded_by_id == actor.pk:
            raise ValidationError(_("确认人不能是登记人本人。"), code="duties")
        declaration = (
            AllocationDeclaration.objects.select_for_update().select_related("unit").get(pk=settlement.declaration_id)
        )
        if settlement.kind == LateChargeKind.RECEIPT:
            ledger = receiving_ledger(declaration.unit)
            if ledger is None:
                raise ValidationError(_("该单位所属工会及其上级均未建账，无法入账。"), code="no_books")
            label = _("%(employer)s %(month)s 工会经费滞纳金") % {
                "employer": settlement.declaration.employer.name,
                "month": f"{declaration.month:%Y-%m}",
            }
            summary = _value_dated(_("收到滞纳金：%(label)s") % {"label": label}, ledger, settlement.on)
            settlement.voucher = voucher_generate(
                ledger=ledger,
                day=first_open_day(ledger, settlement.on),
                summary=summary,
                lines=[
                    LineInput(account=_account(ledger, BANK), debit=settlement.amount, summary=label),
                    LineInput(account=_account(ledger, OTHER_INCOME), credit=settlement.amount, summary=label),
                ],
                source=f"finance.latechargesettlement:{settlement.pk}",
                prepared_by=settlement.recorded_by,
                reviewed_by=actor,
            )
        LATE_SETTLEMENT.move(settlement, "confirm")
        settlement.confirmed_by, settlement.confirmed_at = actor, timezone.now()
        settlement.save(update_fields=["status", "confirmed_by", "confirmed_at", "voucher"])
        confirmed = declaration.late_settlements.filter(status=LateChargeStatus.CONFIRMED)
        if _late_settled(declaration, (LateChargeStatus.CONFIRMED,)) >= final_late_charge(declaration):
            last = max(confirmed.values_list("on", flat=True))
            AllocationDeclaration.objects.filter(pk=declaration.pk).update(late_settled_on=last)
        audit_record(
            actor=actor,
            action="finance.late_charge_confirm",
            target=settlement,
            unit=declaration.unit,
            data={"kind": settlement.kind, "amount": settlement.amount, "voucher": settlement.voucher_id},
        )
    return settlement


def late_charge_cancel(*, actor: Actor, settlement: LateChargeSettlement, reason: str) -> LateChargeSettlement:
    """Cancel a late-charge record before it was confirmed (a confirmed receipt is corrected by reversal)."""
    _require_manage(actor, settlement.unit)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("请填写撤销理由。"), code="reason")
    with transaction.atomic():
        settlement = LateChargeSettlement.objects.select_for_update().get(pk=settlement.pk)
        LATE_SETTLEMENT.move(settlement, "cancel")
        settlement.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="finance.late_charge_cancel",
            target=settlement,
            unit=settlement.unit,
            data={"reason": reason[:200]},
        )
    return settlement
