"""Members' dues (会费): declared wages, payments recorded singly, by file or as an employer's payroll deduction,
each collection confirmed by a second person and posted as ONE voucher (Dr 1002 银行存款 / Cr 4001 会费收入) in
the books of the union that keeps the members' accounts (the nearest union at or above the member's union that
keeps books)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.money import money
from gonghui.common.sheets import cells, reading
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import (
    UPLOAD_MAX_BYTES,
    _account,
    cell_money,
    first_of_month,
    receiving_ledger,
)
from gonghui.finance.ledger.chart import BANK, DUES_INCOME
from gonghui.finance.ledger.services import LineInput, voucher_generate
from gonghui.finance.models import (
    ZERO,
    DuesKind,
    DuesPayment,
    DuesReceipt,
    DuesWage,
    Ledger,
    ReceiptStatus,
)
from gonghui.finance.permissions import MANAGE_DUES, VIEW_DUES
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.policy.selectors import policy_get

ROUNDING = {
    "jiao_half_up": (Decimal("0.1"), ROUND_HALF_UP),
    "jiao_up": (Decimal("0.1"), ROUND_CEILING),
    "fen_half_up": (Decimal("0.01"), ROUND_HALF_UP),
    "yuan_half_up": (Decimal("1"), ROUND_HALF_UP),
}
MAX_MONTHS = 24
MAX_IMPORT_ROWS = 5000


def dues_for(wage: Decimal, rate: Decimal, rounding: str) -> Decimal:
    """A month's dues = wage × rate, rounded as the policy says (default: to the jiao, half up), two places."""
    quantum, mode = ROUNDING.get(rounding, ROUNDING["jiao_half_up"])
    return (wage * rate).quantize(quantum, rounding=mode).quantize(Decimal("0.01"))


def expected_dues(
    member: Member, wage: Decimal, month: date, cache: dict[int, tuple[Decimal, str]] | None = None
) -> Decimal:
    """A member's dues for ``month`` by the policies in force at their union (read once per union with ``cache``)."""
    cache = {} if cache is None else cache
    if member.unit_id not in cache:
        cache[member.unit_id] = (
            Decimal(policy_get("finance.dues_rate", member.unit, on=month).value),
            str(policy_get("finance.dues_rounding", member.unit, on=month).value),
        )
    rate, rounding = cache[member.unit_id]
    return dues_for(wage, rate, rounding)


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_DUES, perm=MANAGE_DUES, unit=unit)


def _books_for(member: Member) -> Ledger:
    ledger = receiving_ledger(member.unit)
    if ledger is None:
        raise ValidationError(_("会员所在工会及其上级均未建账，无法入账。"), code="no_books")
    return ledger


def dues_wage_set(*, actor: User, member: Member, wage: object, declared_on: date) -> DuesWage:
    """Set a member's declared monthly basic wage (the base of the dues)."""
    _require_manage(actor, member.unit)
    value = money(wage)
    if value < 0:
        raise ValidationError(_("基本工资不能为负数。"), code="negative")
    with transaction.atomic():
        current = DuesWage.objects.select_for_update().filter(member=member).first()
        before = {"wage": current.wage} if current else None
        if current is None:
            current = DuesWage.objects.create(member=member, wage=value, declared_on=declared_on, updated_by=actor)
        else:
            current.wage, current.declared_on, current.updated_by = value, declared_on, actor
            current.save()
        audit_record(
            actor=actor,
            action="finance.dues_wage_set",
            target=member,
            unit=member.unit,
            target_repr=member.member_no,
            before=before,
            after={"wage": value, "declared_on": declared_on.isoformat()},
        )
    return current


@dataclass
class _Item:
    member: Member
    month: date
    amount: Decimal
    wage: Decimal | None


def _check_months(months: list[date]) -> list[date]:
    cleaned = sorted({first_of_month(m) for m in months})
    if not cleaned:
        raise ValidationError(_("请选择缴费月份。"), code="months")
    if len(cleaned) > MAX_MONTHS:
        raise ValidationError(_("一次最多登记 %(n)d 个月。") % {"n": MAX_MONTHS}, code="months")
    return cleaned


def _already_paid(items: list[_Item]) -> set[tuple[int, date]]:
    members = {x.member.pk for x in items}
    months = {x.month for x in items}
    return set(
        DuesPayment.objects.filter(member_id__in=members, month__in=months, active=True).values_list(
            "member_id", "month"
        )
    )


def _create_payments(receipt: DuesReceipt, group: list[_Item], received_on: date) -> None:
    DuesPayment.objects.bulk_create(
        [
            DuesPayment(
                receipt=receipt,
                member=x.member,
                unit_id=x.member.unit_id,
                month=x.month,
                wage=x.wage,  # type: ignore[misc]
                amount=x.amount,
                paid_on=received_on,
            )
            for x in group
        ]
    )


def _write(
    *, actor: User, items: list[_Item], kind: str, received_on: date, employer: Employer | None = None, note: str = ""
) -> list[DuesReceipt]:
    """One receipt per receiving ledger (normally one). Caller authorised every member and holds a transaction."""
    by_ledger: dict[int, tuple[Ledger, list[_Item]]] = {}
    books: dict[int, Ledger] = {}  # one lookup per union, not per member
    for item in items:
        ledger = books.get(item.member.unit_id) or books.setdefault(item.member.unit_id, _books_for(item.member))
        by_ledger.setdefault(ledger.pk, (ledger, []))[1].append(item)
    receipts: list[DuesReceipt] = []
    for ledger, group in by_ledger.values():
        receipt = DuesReceipt.objects.create(
            unit=ledger.unit,
            kind=kind,
            employer=employer,
            received_on=received_on,
            total=sum((x.amount for x in group), ZERO),
            count=len(group),
            note=note[:200],
            recorded_by=actor,
        )
        try:
            with transaction.atomic():  # a savepoint: a concurrent payment of the same month is a clean refusal
                _create_payments(receipt, group, received_on)
        except IntegrityError:
            raise ValidationError(_("部分月份刚刚已被登记为已交纳，请刷新后重试。"), code="duplicate") from None
        audit_record(
            actor=actor,
            action="finance.dues_record",
            target=receipt,
            unit=ledger.unit,
            data={"kind": kind, "count": len(group), "total": receipt.total, "received_on": received_on.isoformat()},
        )
        receipts.append(receipt)
    return receipts


def _check_day(received_on: date) -> None:
    if received_on > timezone.localdate():
        raise ValidationError(_("收款日期不能晚于今天。"), code="future")


def dues_record(
    *, actor: User, member: Member, months: list[date], received_on: date, amount: object = None
) -> DuesReceipt:
    """Record one member's dues for one or more months. ``amount`` is the dues per month; when empty, it is computed
    from the declared wage by the policy (rate and rounding) in force for each month."""
    _require_manage(actor, member.unit)
    _check_day(received_on)
    months = _check_months(months)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("只有在册会员需要交纳会费。"), code="status")
    wage_row = DuesWage.objects.filter(member=member).first()
    items: list[_Item] = []
    for month in months:
        if amount not in (None, ""):
            value = money(amount)
        elif wage_row is None:
            raise ValidationError(_("该会员尚未申报基本工资，请填写金额。"), code="no_wage")
        else:
            value = expected_dues(member, wage_row.wage, month)
        if value <= 0:
            raise ValidationError(_("会费金额须大于零。"), code="amount")
        items.append(_Item(member=member, month=month, amount=value, wage=wage_row.wage if wage_row else None))
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        paid = _already_paid(items)
        if paid:
            shown = "、".join(sorted(f"{m:%Y-%m}" for _m, m in paid))
            raise ValidationError(_("以下月份已交纳：%(months)s。") % {"months": shown}, code="duplicate")
        return _write(actor=actor, items=items, kind=DuesKind.SINGLE, received_on=received_on)[0]


@dataclass
class PayrollResult:
    receipts: list[DuesReceipt] = field(default_factory=list)
    paid: int = 0
    skipped_paid: int = 0
    skipped_no_wage: int = 0


def dues_payroll_batch(*, actor: User, employer: Employer, month: date, received_on: date) -> PayrollResult:
    """An employer's payroll deduction for ``month``: every active member working there (``Member.employer``, or
    for roster rows without the link, the same employer name within the employer's union) in the actor's scope
    who has a declared wage and has not paid that month yet; one voucher per receiving ledger."""
    _require_manage(actor, employer.unit)
    _check_day(received_on)
    month = first_of_month(month)
    works_there = Q(employer=employer) | Q(
        employer__isnull=True, employer_name=employer.name, unit__path__startswith=employer.unit.path
    )
    members = list(
        access.scope(Member.objects.filter(works_there, status=MemberStatus.ACTIVE), actor, MANAGE_DUES)
        .select_related("unit")
        .order_by("pk")
    )
    wages = dict(DuesWage.objects.filter(member__in=members).values_list("member_id", "wage"))
    result = PayrollResult()
    with transaction.atomic():
        paid = set(
            DuesPayment.objects.filter(member__in=members, month=month, active=True).values_list("member_id", flat=True)
        )
        items: list[_Item] = []
        policies: dict[int, tuple[Decimal, str]] = {}
        for member in members:
            if member.pk in paid:
                result.skipped_paid += 1
            elif wages.get(member.pk) is None:
                result.skipped_no_wage += 1
            else:
                value = expected_dues(member, wages[member.pk], month, policies)
                if value > 0:
                    items.append(_Item(member=member, month=month, amount=value, wage=wages[member.pk]))
                else:
                    result.skipped_no_wage += 1
        if not items:
            raise ValidationError(_("没有需要代扣的会员（均已交纳或未申报工资）。"), code="empty")
        result.receipts = _write(
            actor=actor,
            items=items,
            kind=DuesKind.PAYROLL,
            received_on=received_on,
            employer=employer,
            note=_("%(employer)s %(month)s 工资代扣") % {"employer": employer.name, "month": f"{month:%Y-%m}"},
        )
        result.paid = len(items)
    return result


IMPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "member_no": ("会员编号", "会员号"),
    "id_tail": ("证件号后六位", "身份证后六位", "证件号码后六位", "证件后六位"),
    "name": ("姓名", "会员姓名"),
    "months": ("月份", "缴费月份", "所属月份"),
    "amount": ("金额", "会费金额", "缴纳金额"),
}
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def parse_months(value: object) -> list[date]:
    """``2026-01``, ``2026年1月``, a list ``2026-01,2026-02`` or a range ``2026-01~2026-03`` (also 至/到)."""
    raw = cells.text(value).replace("，", ",").replace("、", ",")
    if isinstance(value, date):
        return [value.replace(day=1)]
    months: list[date] = []
    for part in filter(None, (x.strip() for x in raw.split(","))):
        ends = re.split(r"\s*(?:~|～|至|到|—)\s*", part)
        if len(ends) > 2:
            raise ValidationError(_("月份“%(v)s”无法识别。") % {"v": part[:20]}, code="months")
        bounds: list[date] = []
        for end in ends:
            found = _MONTH.match(end)
            if not found or not 1 <= int(found[2]) <= 12:
                raise ValidationError(_("月份“%(v)s”无法识别，请写成 2026-01。") % {"v": end[:20]}, code="months")
            bounds.append(date(int(found[1]), int(found[2]), 1))
        current, last = bounds[0], bounds[-1]
        if last < current:
            raise ValidationError(_("月份区间“%(v)s”起止颠倒。") % {"v": part[:20]}, code="months")
        while current <= last:
            months.append(current)
            if len(months) > MAX_MONTHS:
                raise ValidationError(_("一行最多 %(n)d 个月。") % {"n": MAX_MONTHS}, code="months")
            current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    if not months:
        raise ValidationError(_("月份为空。"), code="months")
    return months


@dataclass
class ImportOutcome:
    receipts: list[DuesReceipt] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0


def dues_import(*, actor: User, unit: OrgUnit, upload: UploadedFile, received_on: date) -> ImportOutcome:
    """Record dues from a file (``.xlsx``/``.csv``): each row names a member of ``unit``'s subtree by member number
    or by the last six characters of the ID number with the name, the months paid and the amount for all of them
    (split evenly per month, to the fen). All or nothing: any row error and nothing is written; the errors are
    returned with their row numbers."""
    _require_manage(actor, unit)
    _check_day(received_on)
    rows = reading.upload_rows(upload, max_bytes=UPLOAD_MAX_BYTES)
    columns = cells.header_index(next(rows, []), IMPORT_HEADERS)
    outcome = ImportOutcome()
    if "months" not in columns or "amount" not in columns or ("member_no" not in columns and "id_tail" not in columns):
        outcome.errors.append((1, _("表头须包含“会员编号”（或“证件号后六位”与“姓名”）、“月份”和“金额”。")))
        return outcome
    scoped = access.scope(Member.objects.filter(unit__path__startswith=unit.path), actor, MANAGE_DUES)
    parsed: list[tuple[int, str, str, str, list[date], Decimal]] = []
    for number, row in enumerate(rows, start=2):
        if cells.is_blank(row):
            continue
        outcome.rows += 1
        if outcome.rows > MAX_IMPORT_ROWS:
            outcome.errors.append((number, _("一次最多导入 %(n)d 行。") % {"n": MAX_IMPORT_ROWS}))
            break
        member_no = cells.text(cells.cell(row, columns.get("member_no")))
        tail = cells.text(cells.cell(row, columns.get("id_tail"))).upper()
        name = cells.text(cells.cell(row, columns.get("name"))).replace(" ", "")
        try:
            months = parse_months(cells.cell(row, columns["months"]))
            total = cell_money(cells.cell(row, columns["amount"]))
        except ValidationError as exc:
            outcome.errors.append((number, exc.messages[0]))
            continue
        if not member_no and not (tail and name):
            outcome.errors.append((number, _("请填写会员编号，或证件号后六位与姓名。")))
            continue
        if total <= 0:
            outcome.errors.append((number, _("金额须大于零。")))
            continue
        per_month = (total / len(months)).quantize(Decimal("0.01"))
        if per_month * len(months) != total:
            outcome.errors.append(
                (number, _("金额 %(t)s 元不能平均分到 %(n)d 个月。") % {"t": total, "n": len(months)})
            )
            continue
        parsed.append((number, member_no, tail, name, months, per_month))
    numbers = {x[1] for x in parsed if x[1]}
    tails = {crypto.suffix_index(x[2], 6) for x in parsed if not x[1]}
    by_no = {m.member_no: m for m in scoped.filter(member_no__in=numbers).select_related("unit")}
    by_tail: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for candidate in scoped.filter(id_tail6__in=tails).select_related("unit") if tails else []:
        by_tail[(candidate.id_tail6, candidate.name)].append(candidate)
    items: list[_Item] = []
    rows_of: dict[tuple[int, date], int] = {}
    for number, member_no, tail, name, months, per_month in parsed:
        if member_no:
            member = by_no.get(member_no)
            if member is None:
                outcome.errors.append((number, _("本单位范围内没有会员编号为 %(no)s 的会员。") % {"no": member_no}))
                continue
        else:
            found = by_tail.get((crypto.suffix_index(tail, 6), name), [])
            if len(found) != 1:
                outcome.errors.append(
                    (
                        number,
                        _("证件号后六位与姓名未找到会员。")
                        if not found
                        else _("证件号后六位与姓名对应多名会员，请改填会员编号。"),
                    )
                )
                continue
            member = found[0]
        if member.status != MemberStatus.ACTIVE:
            outcome.errors.append((number, _("会员不在册，无需交纳会费。")))
            continue
        clash = [m for m in months if (member.pk, m) in rows_of]
        if clash:
            outcome.errors.append((number, _("与第 %(row)d 行的月份重复。") % {"row": rows_of[(member.pk, clash[0])]}))
            continue
        for m in months:
            rows_of[(member.pk, m)] = number
            items.append(_Item(member=member, month=m, amount=per_month, wage=None))
    with transaction.atomic():
        for member_id, month in sorted(_already_paid(items)):
            outcome.errors.append(
                (rows_of[(member_id, month)], _("%(month)s 的会费已交纳。") % {"month": f"{month:%Y-%m}"})
            )
        if not outcome.errors and not items:
            outcome.errors.append((1, _("文件中没有数据行。")))
        if outcome.errors:
            outcome.errors.sort()
            return outcome
        try:
            outcome.receipts = _write(
                actor=actor,
                items=items,
                kind=DuesKind.IMPORT,
                received_on=received_on,
                note=(upload.name or "").rsplit("/", 1)[-1][:100],
            )
        except ValidationError as exc:
            outcome.errors.append((1, exc.messages[0]))
            transaction.set_rollback(True)
    return outcome


DUES_RECEIPT = StateMachine.of_actions(
    {
        "confirm": ((ReceiptStatus.RECORDED,), ReceiptStatus.POSTED),
        "cancel": ((ReceiptStatus.RECORDED,), ReceiptStatus.CANCELLED),
    },
    refusal=lambda status, action: ValidationError(
        _("该笔收款已处理。") if action == "confirm" else _("只有待确认的收款可以撤销。"), code="stale"
    ),
)


def dues_receipt_confirm(*, actor: User, receipt: DuesReceipt) -> DuesReceipt:
    """Confirm a recorded collection (never by its recorder): ONE voucher Dr 1002 / Cr 4001 for the whole total."""
    _require_manage(actor, receipt.unit)
    with transaction.atomic():
        receipt = DuesReceipt.objects.select_for_update().select_related("unit", "recorded_by").get(pk=receipt.pk)
        DUES_RECEIPT.check(receipt.status, "confirm")
        if receipt.recorded_by_id == actor.pk:
            raise ValidationError(_("确认人不能是登记人本人。"), code="duties")
        ledger = Ledger.objects.select_related("unit").get(unit=receipt.unit)
        summary = _("收到会费：%(kind)s %(count)d 笔") % {"kind": receipt.get_kind_display(), "count": receipt.count}
        if receipt.note:
            summary = f"{summary}（{receipt.note}）"
        voucher = voucher_generate(
            ledger=ledger,
            day=receipt.received_on,
            summary=summary,
            lines=[
                LineInput(account=_account(ledger, BANK), debit=receipt.total, summary=summary),
                LineInput(account=_account(ledger, DUES_INCOME), credit=receipt.total, summary=summary),
            ],
            source=f"finance.duesreceipt:{receipt.pk}",
            prepared_by=receipt.recorded_by,
            reviewed_by=actor,
        )
        receipt.payments.update(posted=True)
        DUES_RECEIPT.move(receipt, "confirm")
        receipt.voucher = voucher
        receipt.confirmed_by, receipt.confirmed_at = actor, timezone.now()
        receipt.save(update_fields=["status", "voucher", "confirmed_by", "confirmed_at"])
        audit_record(
            actor=actor,
            action="finance.dues_confirm",
            target=receipt,
            unit=receipt.unit,
            data={"voucher": voucher.pk, "total": receipt.total, "count": receipt.count},
        )
    return receipt


def dues_receipt_cancel(*, actor: Actor, receipt: DuesReceipt, reason: str) -> DuesReceipt:
    """Cancel a collection recorded by mistake before it was confirmed; its months become unpaid again."""
    _require_manage(actor, receipt.unit)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("请填写撤销理由。"), code="reason")
    with transaction.atomic():
        receipt = DuesReceipt.objects.select_for_update().get(pk=receipt.pk)
        DUES_RECEIPT.move(receipt, "cancel")
        receipt.save(update_fields=["status"])
        receipt.payments.update(active=False)
        audit_record(
            actor=actor,
            action="finance.dues_cancel",
            target=receipt,
            unit=receipt.unit,
            data={"reason": reason[:200]},
        )
    return receipt
