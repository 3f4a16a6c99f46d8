"""Writes to the books: open a ledger, keep the chart of accounts, prepare → submit → approve → post vouchers,
reverse a posted voucher, attach scans, close a period. Each write authorises, validates, writes inside one
transaction with its audit event; a posted voucher becomes ``Entry`` rows and is never changed again."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import AuditSpec, audit_record, audit_record_many
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents, money
from gonghui.common.statemachine import StateMachine
from gonghui.finance import scope
from gonghui.finance.ledger.chart import DEFAULT_CHART, reporting_code
from gonghui.finance.ledger.closing import closing_lines, year_balances
from gonghui.finance.ledger.hooks import run_voucher_gates
from gonghui.finance.models import (
    ZERO,
    Account,
    AccountKind,
    Entry,
    Ledger,
    Period,
    PeriodStatus,
    Voucher,
    VoucherEvent,
    VoucherLine,
    VoucherStatus,
)
from gonghui.finance.permissions import (
    CLOSE_PERIOD,
    MANAGE_ACCOUNTS,
    POST_VOUCHER,
    PREPARE_VOUCHER,
    REVIEW_VOUCHER,
)
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.orgs.permissions import VIEW_UNIT

BOOKKEEPING_KINDS = frozenset({UnitKind.FEDERATION, UnitKind.INDUSTRY, UnitKind.JOINT, UnitKind.GRASSROOTS})


@dataclass(frozen=True)
class LineInput:
    account: Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    summary: str = ""


# ---------------------------------------------------------------------------------------------------- ledger


def ledger_open(*, actor: User, unit: OrgUnit, opened_on: date) -> Ledger:
    """Open the books of ``unit`` with the default chart of accounts and its first period."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_ACCOUNTS, unit=unit)
    if unit.kind not in BOOKKEEPING_KINDS:
        raise ValidationError(_("分工会和工会小组不单独建账。"), code="kind")
    if Ledger.objects.filter(unit=unit).exists():
        raise ValidationError(_("该工会已建账。"), code="exists")
    with transaction.atomic():
        ledger = Ledger.objects.create(unit=unit, opened_on=opened_on, opened_by=actor)
        with translation.override("zh-hans"):
            by_code: dict[str, Account] = {}
            for code, name, kind, parent in DEFAULT_CHART:
                by_code[code] = Account.objects.create(
                    ledger=ledger, code=code, name=str(name), kind=kind, parent=by_code.get(parent or "")
                )
        Period.objects.create(ledger=ledger, year=opened_on.year, month=opened_on.month)
        audit_record(
            actor=actor,
            action="finance.ledger_open",
            target=ledger,
            unit=unit,
            data={"opened_on": opened_on.isoformat(), "accounts": len(DEFAULT_CHART)},
        )
    return ledger


def account_create(
    *, actor: Actor, ledger: Ledger, code: str, name: str, kind: str, parent: Account | None = None
) -> Account:
    scope.require_action(actor, MANAGE_ACCOUNTS, ledger.unit)
    code, name = code.strip(), name.strip()
    if not (code.isascii() and code.isdigit()) or not 4 <= len(code) <= 12:
        raise ValidationError(_("科目编码应为 4 至 12 位数字。"), code="code")
    if not name:
        raise ValidationError(_("请填写科目名称。"), code="name")
    if kind not in AccountKind.values:
        raise ValidationError(_("科目类别不正确。"), code="kind")
    if parent is not None:
        if parent.ledger_id != ledger.pk:
            raise ValidationError(_("上级科目不属于本账套。"), code="parent")
        if not code.startswith(parent.code) or code == parent.code:
            raise ValidationError(_("明细科目编码应以上级科目编码开头。"), code="code")
        if parent.kind != kind:
            raise ValidationError(_("明细科目的类别应与上级科目一致。"), code="kind")
        if Entry.objects.filter(account=parent).exists():
            raise ValidationError(_("上级科目已有记账分录，不能再增设明细科目。"), code="parent_used")
    elif reporting_code(code) != code:
        # It would read as a sub-account of a reporting-chart account in every roll-up.
        raise ValidationError(
            _("一级科目编码不能以标准一级科目“%(code)s”开头；请将其设为该科目的明细科目。")
            % {"code": reporting_code(code)},
            code="code",
        )
    if Account.objects.filter(ledger=ledger, code=code).exists():
        raise ValidationError(_("科目编码已存在。"), code="duplicate")
    with transaction.atomic():
        account = Account.objects.create(ledger=ledger, code=code, name=name, kind=kind, parent=parent)
        audit_record(
            actor=actor,
            action="finance.account_create",
            target=account,
            unit=ledger.unit,
            data={"code": code, "kind": kind},
        )
    return account


def account_update(*, actor: Actor, account: Account, name: str, is_active: bool) -> Account:
    ledger = account.ledger
    scope.require_action(actor, MANAGE_ACCOUNTS, ledger.unit)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写科目名称。"), code="name")
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        before = {"name": account.name, "is_active": account.is_active}
        account.name, account.is_active = name, is_active
        account.save(update_fields=["name", "is_active"])
        audit_record(
            actor=actor,
            action="finance.account_update",
            target=account,
            unit=ledger.unit,
            before=before,
            after={"name": name, "is_active": is_active},
        )
    return account


# ---------------------------------------------------------------------------------------------------- periods


def period_for(ledger: Ledger, day: date) -> Period:
    """The period holding ``day``, created open on first use; a day before the books were opened is refused."""
    if (day.year, day.month) < (ledger.opened_on.year, ledger.opened_on.month):
        raise ValidationError(_("日期早于建账日期。"), code="before_opening")
    period = Period.objects.filter(ledger=ledger, year=day.year, month=day.month).first()
    if period is not None:
        return period
    later_closed = Period.objects.filter(ledger=ledger, status=PeriodStatus.CLOSED).filter(
        Q(year__gt=day.year) | Q(year=day.year, month__gt=day.month)
    )
    if later_closed.exists():
        raise ValidationError(_("该日期所在月份之后的期间已结账，不能再启用更早的期间。"), code="closed")
    period, _created = Period.objects.get_or_create(ledger=ledger, year=day.year, month=day.month)
    return period


def first_open_day(ledger: Ledger, day: date) -> date:
    """The date a voucher of ``day`` takes in ``ledger``: ``day`` itself when its month is after the ledger's last
    closed month, otherwise the first day of the month after the last closed one (the ledger's first open period).
    Used for money received on a date some union's books have already closed: each union's voucher goes into that
    union's own first open period, and the document keeps ``day`` as its value date."""
    last = (
        Period.objects.filter(ledger=ledger, status=PeriodStatus.CLOSED)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if last is None or (day.year, day.month) > last:
        return day
    year, month = last
    return date(year + month // 12, month % 12 + 1, 1)


def _require_open(period: Period) -> None:
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(
            _("%(period)s 已结账，不能再记账；请在未结账期间用冲销凭证更正。") % {"period": period}, code="closed"
        )


PERIOD = StateMachine.of_actions(
    {"close": ((PeriodStatus.OPEN,), PeriodStatus.CLOSED)},
    # Unreached in practice: ``period_close`` checks ``_require_open`` (which names the period) first.
    refusal=lambda status, action: ValidationError(_("该期间已结账。"), code="closed"),
)


def period_close(*, actor: User, ledger: Ledger, year: int, month: int) -> Period:
    """Close a month: earlier months must be closed, nothing may be waiting for review or posting, the trial
    balance must balance. A closed period refuses postings for good."""
    scope.require_action(actor, CLOSE_PERIOD, ledger.unit)
    with transaction.atomic():
        period = Period.objects.select_for_update().filter(ledger=ledger, year=year, month=month).first()
        if period is None:
            raise ValidationError(_("该期间尚未启用。"), code="missing")
        _require_open(period)
        if (
            Period.objects.filter(ledger=ledger, status=PeriodStatus.OPEN).filter(year__lt=year).exists()
            or Period.objects.filter(ledger=ledger, status=PeriodStatus.OPEN, year=year, month__lt=month).exists()
        ):
            raise ValidationError(_("请先结账以前期间。"), code="order")
        pending = period.vouchers.filter(
            status__in=[VoucherStatus.DRAFT, VoucherStatus.SUBMITTED, VoucherStatus.APPROVED]
        ).count()
        if pending:
            raise ValidationError(_("本期还有 %(n)d 张凭证未记账或未作废。") % {"n": pending}, code="pending")
        if month == 12 and year_balances(ledger, year):
            # The next year opens with no income or expenditure balance: December closes only after the year-end
            # closing voucher (结转) has carried them into 工会资金结余.
            raise ValidationError(
                _("%(year)d 年收入、支出科目仍有余额，请先生成并记账年度结转凭证，再结账 12 月。") % {"year": year},
                code="year_open",
            )
        totals = (
            Entry.objects.filter(ledger=ledger, period__year__lte=year)
            .exclude(period__year=year, period__month__gt=month)
            .aggregate(d=Sum("debit"), c=Sum("credit"))
        )
        # Quantized: SQLite sums decimals in floating point (0.1 + 0.2 is not 0.3 there).
        if cents(totals["d"]) != cents(totals["c"]):
            raise ValidationError(_("试算不平衡，不能结账。"), code="unbalanced")
        PERIOD.move(period, "close")
        period.closed_at = timezone.now()
        period.closed_by = actor
        period.save(update_fields=["status", "closed_at", "closed_by"])
        audit_record(
            actor=actor,
            action="finance.period_close",
            target=period,
            unit=ledger.unit,
            target_repr=f"{ledger} {period}",
        )
    return period


# ---------------------------------------------------------------------------------------------------- year end

PENDING = (VoucherStatus.DRAFT, VoucherStatus.SUBMITTED, VoucherStatus.APPROVED)


def year_close_prepare(*, actor: User, ledger: Ledger, year: int) -> Voucher:
    """Generate the year-end closing voucher (结转) of ``year`` as a draft prepared by ``actor``: every income and
    expenditure account's balance for the year carried into 3101 工会资金结余, dated 31 December. It is then
    submitted, reviewed by a second person and posted like any voucher (its lines cannot be edited, and it is
    checked again against the balances at each step). December must be the year's only open month (every earlier
    month of the books closed) with nothing in it waiting for review or posting; after it is posted, December
    can be closed and January opens with no income or expenditure balance."""
    scope.require_action(actor, CLOSE_PERIOD, ledger.unit)
    if year < ledger.opened_on.year:
        raise ValidationError(_("日期早于建账日期。"), code="before_opening")
    december = date(year, 12, 31)
    with transaction.atomic():
        period = period_for(ledger, december)
        period = Period.objects.select_for_update().get(pk=period.pk)
        _require_open(period)
        if (
            Period.objects.filter(ledger=ledger, status=PeriodStatus.OPEN)
            .filter(Q(year__lt=year) | Q(year=year, month__lt=12))
            .exists()
        ):
            raise ValidationError(
                _("请先按顺序结账 %(year)d 年 1 至 11 月（及以前年度），再进行年度结转。") % {"year": year},
                code="order",
            )
        if period.vouchers.filter(closes_year=year, status__in=PENDING).exists():
            raise ValidationError(_("已有未记账的 %(year)d 年度结转凭证。") % {"year": year}, code="exists")
        pending = period.vouchers.filter(status__in=PENDING).count()
        if pending:
            raise ValidationError(
                _("12 月还有 %(n)d 张凭证未记账或未作废，请处理后再结转。") % {"n": pending}, code="pending"
            )
        generated = closing_lines(ledger, year)
        if not generated:
            raise ValidationError(_("%(year)d 年收入、支出科目没有余额，无需结转。") % {"year": year}, code="nothing")
        with translation.override("zh-hans"):
            summary = _("结转 %(year)d 年度收支至工会资金结余") % {"year": year}
        lines = [LineInput(account=a, debit=d, credit=c, summary=summary) for a, d, c in generated]
        cleaned = _clean_lines(ledger, lines, closing=True)
        voucher = Voucher.objects.create(
            ledger=ledger,
            period=period,
            date=december,
            summary=summary,
            prepared_by=actor,
            closes_year=year,
            source=f"finance.year_close:{year}",
        )
        _write_lines(voucher, cleaned)
        VoucherEvent.objects.create(voucher=voucher, action="create", to_status=VoucherStatus.DRAFT, actor=actor)
        audit_record(
            actor=actor,
            action="finance.year_close_prepare",
            target=voucher,
            unit=ledger.unit,
            data={"year": year, "lines": _lines_snapshot(cleaned)},
        )
    return voucher


# ---------------------------------------------------------------------------------------------------- vouchers


def _voucher_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("凭证当前状态为“%(status)s”，不能执行该操作。") % {"status": VoucherStatus(status).label}, code="stale"
    )


VOUCHER = StateMachine.of_actions(
    {
        "submit": ((VoucherStatus.DRAFT,), VoucherStatus.SUBMITTED),
        "return": ((VoucherStatus.SUBMITTED, VoucherStatus.APPROVED), VoucherStatus.DRAFT),
        "approve": ((VoucherStatus.SUBMITTED,), VoucherStatus.APPROVED),
        "post": ((VoucherStatus.APPROVED,), VoucherStatus.POSTED),
        "void": ((VoucherStatus.DRAFT, VoucherStatus.SUBMITTED), VoucherStatus.VOIDED),
    },
    refusal=_voucher_refusal,
)


def _transition(voucher: Voucher, action: str, actor: User, comment: str = "") -> str:
    from_status, to_status = VOUCHER.move(voucher, action)
    VoucherEvent.objects.create(
        voucher=voucher, action=action, from_status=from_status, to_status=to_status, actor=actor, comment=comment
    )
    return from_status


def _clean_lines(
    ledger: Ledger,
    lines: Sequence[LineInput],
    leaf_parents: Set[int] | None = None,
    *,
    red: bool = False,
    closing: bool = False,
) -> list[LineInput]:
    """``leaf_parents``: the ids of this ledger's accounts that have sub-accounts, when the caller has read them
    already (the batch path reads them for every ledger of the batch at once). ``red``: the lines of a red
    reversal (红字冲销), every amount negative on the original's side. ``closing``: a year-end closing voucher,
    which also closes accounts retired during the year."""
    if len(lines) < 2:
        raise ValidationError(_("凭证至少需要两条分录。"), code="lines")
    if leaf_parents is None:
        leaf_parents = set(
            Account.objects.filter(ledger=ledger, parent__isnull=False).values_list("parent_id", flat=True)
        )
    cleaned: list[LineInput] = []
    for n, line in enumerate(lines, start=1):
        debit, credit = money(line.debit), money(line.credit)
        if line.account.ledger_id != ledger.pk:
            raise ValidationError(_("第 %(n)d 行：科目不属于本账套。") % {"n": n}, code="account")
        if not line.account.is_active and not closing:
            raise ValidationError(_("第 %(n)d 行：科目“%(a)s”已停用。") % {"n": n, "a": line.account}, code="account")
        if line.account.pk in leaf_parents:
            raise ValidationError(
                _("第 %(n)d 行：“%(a)s”有明细科目，请记入明细科目。") % {"n": n, "a": line.account}, code="account"
            )
        if red:
            if debit > 0 or credit > 0 or (debit < 0) == (credit < 0):
                raise ValidationError(
                    _("第 %(n)d 行：红字冲销凭证的借方和贷方须且只能填写一个负数金额。") % {"n": n}, code="side"
                )
        elif debit < 0 or credit < 0 or (debit > 0) == (credit > 0):
            raise ValidationError(_("第 %(n)d 行：借方和贷方须且只能填写一个正数金额。") % {"n": n}, code="side")
        cleaned.append(LineInput(account=line.account, debit=debit, credit=credit, summary=line.summary.strip()[:200]))
    debit_total = sum((x.debit for x in cleaned), ZERO)
    credit_total = sum((x.credit for x in cleaned), ZERO)
    if debit_total != credit_total:
        raise ValidationError(
            _("借贷不平衡：借方合计 %(d)s 元，贷方合计 %(c)s 元。") % {"d": debit_total, "c": credit_total},
            code="unbalanced",
        )
    return cleaned


def _write_lines(voucher: Voucher, lines: Sequence[LineInput]) -> None:
    VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=voucher, position=i, account=x.account, summary=x.summary, debit=x.debit, credit=x.credit
            )
            for i, x in enumerate(lines, start=1)
        ]
    )


def _lines_snapshot(lines: Sequence[LineInput]) -> list[list[str]]:
    return [[x.account.code, str(x.debit), str(x.credit)] for x in lines]


def voucher_create(
    *, actor: User, ledger: Ledger, day: date, summary: str, lines: Sequence[LineInput], source: str = ""
) -> Voucher:
    """A draft voucher; its lines must balance and use this ledger's active leaf accounts."""
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("请填写摘要。"), code="summary")
    cleaned = _clean_lines(ledger, lines)
    with transaction.atomic():
        period = period_for(ledger, day)
        _require_open(period)
        voucher = Voucher.objects.create(
            ledger=ledger, period=period, date=day, summary=summary[:200], prepared_by=actor, source=source
        )
        _write_lines(voucher, cleaned)
        VoucherEvent.objects.create(voucher=voucher, action="create", to_status=VoucherStatus.DRAFT, actor=actor)
        audit_record(
            actor=actor,
            action="finance.voucher_create",
            target=voucher,
            unit=ledger.unit,
            data={"date": day.isoformat(), "lines": _lines_snapshot(cleaned)},
        )
    return voucher


def _locked(voucher: Voucher) -> Voucher:
    # of=("self",): lock the voucher row only. A plain FOR UPDATE over the join also locks the ledger, unit and
    # period rows, and deadlocked concurrent postings (a posting holding the ledger waits for the period that
    # voucher_generate holds, whose voucher INSERT waits for a key-share lock on that ledger).
    return Voucher.objects.select_for_update(of=("self",)).select_related("ledger__unit", "period").get(pk=voucher.pk)


def voucher_update(*, actor: User, voucher: Voucher, day: date, summary: str, lines: Sequence[LineInput]) -> Voucher:
    """Replace a draft's date, summary and lines; whoever edits a draft becomes its preparer."""
    ledger = voucher.ledger
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("请填写摘要。"), code="summary")
    if voucher.closes_year is not None:
        raise ValidationError(
            _("年度结转凭证由系统按余额生成，不能修改；如需重新生成，请作废后再次结转。"), code="generated"
        )
    cleaned = _clean_lines(ledger, lines, red=voucher.reverses_id is not None)
    with transaction.atomic():
        voucher = _locked(voucher)
        if voucher.status != VoucherStatus.DRAFT:
            raise ValidationError(_("只有草稿凭证可以修改。"), code="stale")
        period = period_for(ledger, day)
        _require_open(period)
        voucher.lines.all().delete()
        _write_lines(voucher, cleaned)
        voucher.period, voucher.date, voucher.summary, voucher.prepared_by = period, day, summary[:200], actor
        voucher.save(update_fields=["period", "date", "summary", "prepared_by", "updated_at"])
        VoucherEvent.objects.create(
            voucher=voucher, action="edit", from_status=voucher.status, to_status=voucher.status, actor=actor
        )
        audit_record(
            actor=actor,
            action="finance.voucher_update",
            target=voucher,
            unit=ledger.unit,
            data={"date": day.isoformat(), "lines": _lines_snapshot(cleaned)},
        )
    return voucher


def _require_closing_current(voucher: Voucher) -> None:
    """A year-end closing voucher must still equal the year's income and expenditure balances (a voucher posted
    in December after it was generated makes it stale: void it and close again)."""
    if voucher.closes_year is None:
        return
    want = sorted((a.pk, d, c) for a, d, c in closing_lines(voucher.ledger, voucher.closes_year))
    have = sorted((x.account_id, x.debit, x.credit) for x in voucher.lines.all())
    if want != have:
        raise ValidationError(
            _("%(year)d 年收支余额已变化，该结转凭证已过期；请作废后重新生成年度结转凭证。")
            % {"year": voucher.closes_year},
            code="closing_stale",
        )


def _current_lines(voucher: Voucher) -> list[LineInput]:
    return [
        LineInput(account=x.account, debit=x.debit, credit=x.credit, summary=x.summary)
        for x in voucher.lines.select_related("account")
    ]


def voucher_submit(*, actor: User, voucher: Voucher) -> Voucher:
    scope.require_action(actor, PREPARE_VOUCHER, voucher.ledger.unit)
    with transaction.atomic():
        voucher = _locked(voucher)
        _clean_lines(
            voucher.ledger,
            _current_lines(voucher),
            red=voucher.reverses_id is not None,
            closing=voucher.closes_year is not None,
        )
        _require_open(voucher.period)
        _require_closing_current(voucher)
        # Registered gates (budget control, see ``hooks``): "block" raises, "warn" returns a note kept on the event.
        note = run_voucher_gates(voucher)
        _transition(voucher, "submit", actor, note)
        voucher.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="finance.voucher_submit", target=voucher, unit=voucher.ledger.unit)
    return voucher


def voucher_return(*, actor: User, voucher: Voucher, reason: str) -> Voucher:
    """Send a submitted (or approved, not yet posted) voucher back to its preparer with a reason."""
    scope.require_action(actor, REVIEW_VOUCHER, voucher.ledger.unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写退回理由。"), code="reason")
    with transaction.atomic():
        voucher = _locked(voucher)
        _transition(voucher, "return", actor, reason)
        voucher.reviewed_by, voucher.reviewed_at = None, None
        voucher.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="finance.voucher_return",
            target=voucher,
            unit=voucher.ledger.unit,
            data={"reason": reason},
        )
    return voucher


def voucher_approve(*, actor: User, voucher: Voucher) -> Voucher:
    """Review (审核): the reviewer is never the preparer."""
    scope.require_action(actor, REVIEW_VOUCHER, voucher.ledger.unit)
    with transaction.atomic():
        voucher = _locked(voucher)
        if voucher.prepared_by_id == actor.pk:
            raise ValidationError(_("审核人不能是制单人本人。"), code="duties")
        _clean_lines(
            voucher.ledger,
            _current_lines(voucher),
            red=voucher.reverses_id is not None,
            closing=voucher.closes_year is not None,
        )
        _require_closing_current(voucher)
        _transition(voucher, "approve", actor)
        voucher.reviewed_by, voucher.reviewed_at = actor, timezone.now()
        voucher.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        audit_record(actor=actor, action="finance.voucher_approve", target=voucher, unit=voucher.ledger.unit)
    return voucher


def _post(voucher: Voucher, actor: User) -> None:
    """Number the voucher in its period and write its entries. Caller holds the voucher's row lock."""
    period = Period.objects.select_for_update().get(pk=voucher.period_id)
    _require_open(period)
    # Under the period's lock: no other posting of December can slip in between this check and the entries.
    _require_closing_current(voucher)
    number = period.next_number
    Period.objects.filter(pk=period.pk).update(next_number=F("next_number") + 1)
    _transition(voucher, "post", actor)
    voucher.number, voucher.posted_by, voucher.posted_at = number, actor, timezone.now()
    voucher.save(update_fields=["status", "number", "posted_by", "posted_at", "updated_at"])
    Entry.objects.bulk_create(
        [
            Entry(
                ledger_id=voucher.ledger_id,
                period_id=period.pk,
                account_id=line.account_id,
                voucher=voucher,
                position=line.position,
                date=voucher.date,
                summary=line.summary or voucher.summary,
                debit=line.debit,
                credit=line.credit,
            )
            for line in voucher.lines.all()
        ]
    )


def voucher_post(*, actor: User, voucher: Voucher) -> Voucher:
    """Post (记账) an approved voucher: it gets its number and its entries; it is never edited again."""
    scope.require_action(actor, POST_VOUCHER, voucher.ledger.unit)
    with transaction.atomic():
        voucher = _locked(voucher)
        _post(voucher, actor)
        audit_record(
            actor=actor,
            action="finance.voucher_post",
            target=voucher,
            unit=voucher.ledger.unit,
            data={"number": voucher.number},
        )
    return voucher


def voucher_void(*, actor: User, voucher: Voucher, reason: str) -> Voucher:
    """Void a voucher that was never posted (a posted one is corrected by reversal)."""
    scope.require_action(actor, PREPARE_VOUCHER, voucher.ledger.unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写作废理由。"), code="reason")
    with transaction.atomic():
        voucher = _locked(voucher)
        _transition(voucher, "void", actor, reason)
        voucher.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="finance.voucher_void",
            target=voucher,
            unit=voucher.ledger.unit,
            data={"reason": reason},
        )
    return voucher


def voucher_reverse(*, actor: User, voucher: Voucher, day: date, reason: str) -> Voucher:
    """A draft red reversal (红字冲销) of a posted voucher, linked to it: the same accounts on the same sides with
    the amounts negative, so the original and its reversal net to zero without growing either side's turnover
    (an expense account never shows a credit). It is reviewed and posted like any voucher, in an open period."""
    scope.require_action(actor, PREPARE_VOUCHER, voucher.ledger.unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写冲销理由。"), code="reason")
    with transaction.atomic():
        original = _locked(voucher)
        if original.status != VoucherStatus.POSTED:
            raise ValidationError(_("只有已记账的凭证需要冲销；未记账的凭证请修改或作废。"), code="stale")
        if original.reverses_id is not None:
            raise ValidationError(_("冲销凭证不能再被冲销；请重新填制正确的凭证。"), code="reversal")
        if original.closes_year is not None:
            raise ValidationError(_("年度结转凭证不能冲销：其后记账的收支由再次结转处理。"), code="closing_reversal")
        if original.reversals.exclude(status=VoucherStatus.VOIDED).exists():
            raise ValidationError(_("该凭证已有冲销凭证。"), code="reversed")
        lines = [
            LineInput(account=x.account, debit=-x.debit, credit=-x.credit, summary=x.summary)
            for x in original.lines.select_related("account")
        ]
        ledger = original.ledger
        period = period_for(ledger, day)
        _require_open(period)
        reversal = Voucher.objects.create(
            ledger=ledger,
            period=period,
            date=day,
            prepared_by=actor,
            reverses=original,
            summary=(_("冲销 %(label)s：%(reason)s") % {"label": original, "reason": reason})[:200],
        )
        _write_lines(reversal, lines)
        VoucherEvent.objects.create(
            voucher=reversal, action="create", to_status=VoucherStatus.DRAFT, actor=actor, comment=reason
        )
        audit_record(
            actor=actor,
            action="finance.voucher_reverse",
            target=reversal,
            unit=ledger.unit,
            data={"reverses": original.pk, "reason": reason},
        )
    return reversal


def voucher_generate(
    *,
    ledger: Ledger,
    day: date,
    summary: str,
    lines: Sequence[LineInput],
    source: str,
    prepared_by: Any,
    reviewed_by: Any,
) -> Voucher:
    """A voucher that another finance act has already reviewed (recording an approved payment): created, approved
    by ``reviewed_by`` and posted by ``prepared_by`` in the caller's transaction, which writes its own audit event.
    The batch path with one voucher (see :func:`vouchers_generate_many`). Callers authorise."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("voucher_generate must run inside the caller's transaction")
    spec = GenerateSpec(ledger=ledger, day=day, summary=summary, lines=lines, source=source)
    return _generate([spec], prepared_by=prepared_by, reviewed_by=reviewed_by, positions=False)[0]


@dataclass(frozen=True)
class GenerateSpec:
    """One voucher for :func:`vouchers_generate_many`: the arguments of :func:`voucher_generate` plus the audit
    event the caller writes for it (``action`` and ``data``; its target is the voucher, its unit the ledger's)."""

    ledger: Ledger
    day: date
    summary: str
    lines: Sequence[LineInput]
    source: str
    action: str = ""  # empty: the caller writes its own audit event (``voucher_generate``)
    data: Mapping[str, Any] | None = None


def _lock_periods(keys: Sequence[tuple[int, int, int]]) -> dict[tuple[int, int, int], Period]:
    """Lock the periods ``(ledger_id, year, month)`` that exist, in primary-key order (concurrent batches lock
    shared periods in the same order), in one statement."""
    match = Q()
    for ledger_id, year, month in keys:
        match |= Q(ledger_id=ledger_id, year=year, month=month)
    rows = Period.objects.select_for_update().filter(match).order_by("pk")
    return {(p.ledger_id, p.year, p.month): p for p in rows}


def vouchers_generate_many(*, specs: Sequence[GenerateSpec], prepared_by: Any, reviewed_by: Any) -> list[Voucher]:
    """The batch twin of :func:`voucher_generate`: every voucher of ``specs`` (any ledgers) created, approved by
    ``reviewed_by`` and posted by ``prepared_by`` in the caller's transaction, numbered gaplessly per period in
    the order given, with one audit event each (``spec.action``, actor ``prepared_by``). The same checks as
    ``voucher_generate`` for every voucher, all before anything is written: one refused voucher refuses the batch,
    and the message names its position. One statement per table for the whole batch (plus one to lock the
    periods, one to move their counters, and the audit chain's lock, insert and head update). Callers authorise.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("vouchers_generate_many must run inside the caller's transaction")
    return _generate(specs, prepared_by=prepared_by, reviewed_by=reviewed_by, positions=True)


def _generate(specs: Sequence[GenerateSpec], *, prepared_by: Any, reviewed_by: Any, positions: bool) -> list[Voucher]:
    """Both generating services; ``positions`` names the refused voucher's place in the batch."""
    if not specs:
        return []
    if prepared_by.pk == reviewed_by.pk:
        raise ValidationError(_("审核人不能是制单人本人。"), code="duties")
    leaf_parents: dict[int, set[int]] = defaultdict(set)
    for ledger_id, parent_id in Account.objects.filter(
        ledger_id__in={s.ledger.pk for s in specs}, parent__isnull=False
    ).values_list("ledger_id", "parent_id"):
        leaf_parents[ledger_id].add(parent_id)

    def refused(n: int, exc: ValidationError) -> ValidationError:
        text = " ".join(exc.messages)
        if positions:
            text = _("第 %(n)d 张凭证：%(error)s") % {"n": n, "error": text}
        return ValidationError(text, code=getattr(exc, "code", None))

    cleaned: list[list[LineInput]] = []
    for n, spec in enumerate(specs, start=1):
        try:
            cleaned.append(_clean_lines(spec.ledger, spec.lines, leaf_parents[spec.ledger.pk]))
            if (spec.day.year, spec.day.month) < (spec.ledger.opened_on.year, spec.ledger.opened_on.month):
                raise ValidationError(_("日期早于建账日期。"), code="before_opening")
        except ValidationError as exc:
            raise refused(n, exc) from exc
    with transaction.atomic():  # a savepoint: a refused batch leaves no period created by period_for behind
        keys = [(s.ledger.pk, s.day.year, s.day.month) for s in specs]
        periods = _lock_periods(sorted(set(keys)))
        if len(periods) < len(set(keys)):
            # period_for's rule for every missing period at once: no month is opened before a closed one.
            missing = set(keys) - set(periods)
            latest_closed: dict[int, tuple[int, int]] = {}
            for ledger_id, year, month in Period.objects.filter(
                ledger_id__in={k[0] for k in missing}, status=PeriodStatus.CLOSED
            ).values_list("ledger_id", "year", "month"):
                latest_closed[ledger_id] = max(latest_closed.get(ledger_id, (0, 0)), (year, month))
            for n, key in enumerate(keys, start=1):
                if key in missing and key[1:] < latest_closed.get(key[0], (0, 0)):
                    raise refused(
                        n,
                        ValidationError(_("该日期所在月份之后的期间已结账，不能再启用更早的期间。"), code="closed"),
                    )
            Period.objects.bulk_create(
                [Period(ledger_id=ledger_id, year=year, month=month) for ledger_id, year, month in sorted(missing)],
                ignore_conflicts=True,  # a concurrent posting may have opened it: then it is locked below
            )
            periods = _lock_periods(sorted(set(keys)))
        numbers: dict[int, int] = {}
        for n, key in enumerate(keys, start=1):
            period = periods[key]
            try:
                _require_open(period)
            except ValidationError as exc:
                raise refused(n, exc) from exc
            numbers.setdefault(period.pk, period.next_number)
        counts = Counter(periods[key].pk for key in keys)
        Period.objects.filter(pk__in=list(counts)).update(
            next_number=F("next_number")
            + Case(*[When(pk=pk, then=Value(k)) for pk, k in counts.items()], output_field=IntegerField())
        )
        now = timezone.now()
        vouchers: list[Voucher] = []
        for spec, key in zip(specs, keys, strict=True):
            period = periods[key]
            vouchers.append(
                Voucher(
                    ledger=spec.ledger,
                    period=period,
                    date=spec.day,
                    number=numbers[period.pk],
                    summary=spec.summary[:200],
                    prepared_by=prepared_by,
                    source=spec.source,
                    reviewed_by=reviewed_by,
                    reviewed_at=now,
                    posted_by=prepared_by,
                    posted_at=now,
                    status=VoucherStatus.POSTED,
                )
            )
            numbers[period.pk] += 1
        Voucher.objects.bulk_create(vouchers)
        VoucherLine.objects.bulk_create(
            [
                VoucherLine(
                    voucher_id=voucher.pk,
                    position=i,
                    account_id=x.account.pk,
                    summary=x.summary,
                    debit=x.debit,
                    credit=x.credit,
                )
                for voucher, lines in zip(vouchers, cleaned, strict=True)
                for i, x in enumerate(lines, start=1)
            ]
        )
        VoucherEvent.objects.bulk_create(
            [
                event
                for voucher, spec in zip(vouchers, specs, strict=True)
                for event in (
                    VoucherEvent(
                        voucher_id=voucher.pk,
                        action="create",
                        to_status=VoucherStatus.APPROVED,
                        actor_id=prepared_by.pk,
                        comment=spec.source,
                    ),
                    VoucherEvent(
                        voucher_id=voucher.pk,
                        action="post",
                        from_status=VoucherStatus.APPROVED,
                        to_status=VoucherStatus.POSTED,
                        actor_id=prepared_by.pk,
                    ),
                )
            ]
        )
        Entry.objects.bulk_create(
            [
                Entry(
                    ledger_id=voucher.ledger_id,
                    period_id=voucher.period_id,
                    account_id=line.account.pk,
                    voucher_id=voucher.pk,
                    position=i,
                    date=voucher.date,
                    summary=line.summary or voucher.summary,
                    debit=line.debit,
                    credit=line.credit,
                )
                for voucher, lines in zip(vouchers, cleaned, strict=True)
                for i, line in enumerate(lines, start=1)
            ]
        )
        audit_record_many(
            actor=prepared_by,
            events=[
                AuditSpec(action=spec.action, target=voucher, unit_id=spec.ledger.unit_id, data=spec.data)
                for voucher, spec in zip(vouchers, specs, strict=True)
                if spec.action
            ],
        )
    return vouchers
