"""Writes of yearly budgets (年度预算) and the spending check against them.

A union's finance staff prepare a budget (``finance.prepare_budget``, held only where granted) and submit it into
the ``finance.budget`` review process: one step at the level above (``parent``), acted on by holders of
``finance.approve_budget`` there, who approve it, return it for changes or reject it with a reason. The outcome
handler moves the budget in the review's transaction. An approved budget is locked: a revision is a new version
that goes through approval again and supersedes the old one once approved.

``budget_check`` answers how much of the approved budget of an expenditure account remains; the ledger runs
``voucher_budget_gate`` when a voucher is submitted (a voucher gate registered in ``FinanceConfig.ready()``, see
``ledger.hooks``) and payments call ``payment_budget_gate`` when a payment is requested:
per the ``finance.budget_control`` policy, nothing (``off``), a warning written on the event (``warn``), or a
refusal (``block``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents, money
from gonghui.common.statemachine import StateMachine
from gonghui.finance import scope
from gonghui.finance.models import (
    ZERO,
    Account,
    AccountKind,
    Budget,
    BudgetEvent,
    BudgetLine,
    BudgetStatus,
    Entry,
    Ledger,
    PaymentRequest,
    PaymentStatus,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from gonghui.finance.permissions import APPROVE_BUDGET, PREPARE_BUDGET
from gonghui.orgs.models import OrgUnit
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel

BUDGET_PROCESS = "finance.budget"
BUDGET_KINDS = (AccountKind.INCOME, AccountKind.EXPENSE)
CONTROL_MODES = ("off", "warn", "block")


# ---------------------------------------------------------------------------------------------------- process


def ensure_budget_process() -> ProcessType:
    """The ``finance.budget`` process (one step at the parent unit, ``finance.approve_budget``, 10 working days);
    created when missing, left as configured otherwise."""
    from gonghui.review.services import StepSpec, process_ensure

    return process_ensure(
        code=BUDGET_PROCESS,
        name=gettext_noop("年度预算审批"),
        description=gettext_noop("工会年度预算由上一级工会审批：批复、退回修改或不予批准。"),
        steps=[StepSpec(1, gettext_noop("上级工会审批"), StepLevel.PARENT, APPROVE_BUDGET, deadline_working_days=10)],
        data={"module": "finance"},
    )


# ---------------------------------------------------------------------------------------------------- helpers


def _event(budget: Budget, action: str, from_status: str, actor: User | None, comment: str = "") -> None:
    BudgetEvent.objects.create(
        budget=budget,
        action=action,
        from_status=from_status,
        to_status=budget.status,
        actor=actor,
        comment=comment[:2000],
    )


def _locked(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().select_related("ledger__unit").get(pk=budget.pk)


def _locked_refusal(status: str) -> ValidationError:
    return ValidationError(
        _("预算当前状态为“%(status)s”，不能修改；已批复的预算请另行调整。") % {"status": BudgetStatus(status).label},
        code="locked",
    )


# Submitted (a draft or a returned one) → in review → the review's outcome; a newer approved version supersedes the
# approved one.
BUDGET = StateMachine.of_actions(
    {
        "submit": ((BudgetStatus.DRAFT, BudgetStatus.RETURNED), BudgetStatus.IN_REVIEW),
        "approve": ((BudgetStatus.IN_REVIEW,), BudgetStatus.APPROVED),
        "reject": ((BudgetStatus.IN_REVIEW,), BudgetStatus.REJECTED),
        "return": ((BudgetStatus.IN_REVIEW,), BudgetStatus.RETURNED),
        "withdraw": ((BudgetStatus.IN_REVIEW,), BudgetStatus.DRAFT),
        "supersede": ((BudgetStatus.APPROVED,), BudgetStatus.SUPERSEDED),
    },
    refusal=lambda status, action: (
        _locked_refusal(status) if action == "submit" else ValidationError(_("该预算不在审批中。"), code="stale")
    ),
)


def _require_editable(budget: Budget) -> None:
    if not budget.is_editable:
        raise _locked_refusal(budget.status)


def _open_version_exists(ledger: Ledger, year: int) -> bool:
    open_statuses = (BudgetStatus.DRAFT, BudgetStatus.IN_REVIEW, BudgetStatus.RETURNED)
    return Budget.objects.filter(ledger=ledger, year=year, status__in=open_statuses).exists()


def can_see_budgets(actor: Actor, unit: OrgUnit) -> bool:
    """A union's budgets are read by those who read its books and by the levels above that approve them."""
    return scope.can_read(actor, unit) or access.check(actor, APPROVE_BUDGET, unit)


def require_budget_visible(actor: Actor, unit: OrgUnit) -> None:
    if not can_see_budgets(actor, unit):
        raise access.NotVisible()


# ---------------------------------------------------------------------------------------------------- writes


def budget_create(*, actor: User, ledger: Ledger, year: int, note: str = "") -> Budget:
    """A new draft budget of ``ledger`` for ``year`` (version 1; use ``budget_revise`` once one is approved)."""
    scope.require_action(actor, PREPARE_BUDGET, ledger.unit)
    if not 2000 <= year <= 2100:
        raise ValidationError(_("预算年度不正确。"), code="year")
    if Budget.objects.filter(ledger=ledger, year=year).exclude(status=BudgetStatus.REJECTED).exists():
        raise ValidationError(_("%(year)s 年度已有预算；已批复的预算请调整，编制中的预算请继续编辑。") % {"year": year})
    with transaction.atomic():
        version = (Budget.objects.filter(ledger=ledger, year=year).count() or 0) + 1
        try:
            with transaction.atomic():
                budget = Budget.objects.create(
                    ledger=ledger, year=year, version=version, note=note.strip()[:500], prepared_by=actor
                )
        except IntegrityError:
            raise ValidationError(_("该年度已有编制中的预算。"), code="duplicate") from None
        _event(budget, "create", "", actor)
        audit_record(
            actor=actor,
            action="finance.budget_create",
            target=budget,
            unit=ledger.unit,
            target_repr=f"{ledger.unit.name} {budget}",
            data={"year": year, "version": version},
        )
    return budget


def budget_lines_save(
    *, actor: Actor, budget: Budget, amounts: Mapping[Account, Decimal | None], note: str | None = None
) -> Budget:
    """Replace the lines of an editable budget: ``amounts`` maps income and expenditure accounts of its ledger to
    their yearly amount (``None`` or absent: no line). A line on a parent account covers its sub-accounts, so an
    account and one of its ancestors cannot both carry a line."""
    ledger = budget.ledger
    scope.require_action(actor, PREPARE_BUDGET, ledger.unit)
    cleaned: dict[Account, Decimal] = {}
    for account, raw in amounts.items():
        if raw is None or raw == "":
            continue
        value = money(raw)
        if value < 0:
            raise ValidationError(_("“%(a)s”的预算金额不能为负数。") % {"a": account}, code="negative")
        if account.ledger_id != ledger.pk or account.kind not in BUDGET_KINDS:
            raise ValidationError(_("“%(a)s”不是本账套的收入或支出科目。") % {"a": account}, code="account")
        cleaned[account] = value
    codes = sorted(a.code for a in cleaned)
    for i, code in enumerate(codes):
        for other in codes[i + 1 :]:
            if other.startswith(code):
                raise ValidationError(
                    _("科目 %(parent)s 与其明细科目 %(child)s 不能同时编列预算。") % {"parent": code, "child": other},
                    code="overlap",
                )
    with transaction.atomic():
        budget = _locked(budget)
        _require_editable(budget)
        before = {code: str(amount) for code, amount in budget.lines.values_list("account__code", "amount").order_by()}
        budget.lines.all().delete()
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(budget=budget, account=a, amount=v)
                for a, v in sorted(cleaned.items(), key=lambda x: x[0].code)
            ]
        )
        fields = ["updated_at"]
        if note is not None:
            budget.note = note.strip()[:500]
            fields.append("note")
        budget.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="finance.budget_lines_save",
            target=budget,
            unit=ledger.unit,
            target_repr=f"{ledger.unit.name} {budget}",
            before={"lines": before},
            after={"lines": {a.code: str(v) for a, v in cleaned.items()}},
        )
    return budget


def budget_submit(*, actor: User, budget: Budget) -> Budget:
    """Send a draft (or a returned) budget to the level above for approval through the review mechanism."""
    from gonghui.review.services import case_resubmit, case_submit

    ledger = budget.ledger
    scope.require_action(actor, PREPARE_BUDGET, ledger.unit)
    with transaction.atomic():
        budget = _locked(budget)
        BUDGET.check(budget.status, "submit")
        if not budget.lines.exists():
            raise ValidationError(_("预算没有任何明细，不能提交。"), code="empty")
        from_status = budget.status
        if budget.status == BudgetStatus.RETURNED and budget.review_case_id is not None:
            case = ReviewCase.objects.get(pk=budget.review_case_id)
            case_resubmit(actor=actor, case=case, expected_version=case.version, comment=budget.note)
        else:
            if not ProcessType.objects.filter(code=BUDGET_PROCESS).exists():
                ensure_budget_process()
            case = case_submit(
                actor=actor,
                process_code=BUDGET_PROCESS,
                unit=ledger.unit,
                subject=budget,
                title=f"{ledger.unit.name} {budget.year} 年度预算（第 {budget.version} 版）",
            )
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        BUDGET.move(budget, "submit")
        budget.review_case = case
        budget.review_comment = ""
        budget.submitted_at = timezone.now()
        budget.save(update_fields=["status", "review_case", "review_comment", "submitted_at", "updated_at"])
        _event(budget, "submit", from_status, actor)
        audit_record(
            actor=actor,
            action="finance.budget_submit",
            target=budget,
            unit=ledger.unit,
            target_repr=f"{ledger.unit.name} {budget}",
            data={"case": case.pk},
        )
    return budget


def budget_decide(*, actor: Actor, budget: Budget, action: str, comment: str = "") -> Budget:
    """The level above acts on a budget in review (``approve`` / ``return`` / ``reject``): through the review
    kernel's ``case_act`` (which checks ``finance.approve_budget`` at the parent unit); the outcome handler below
    moves the budget."""
    from gonghui.review.services import case_act

    require_budget_visible(actor, budget.ledger.unit)
    if budget.review_case_id is None or budget.status != BudgetStatus.IN_REVIEW:
        raise ValidationError(_("该预算不在审批中。"), code="stale")
    case = ReviewCase.objects.get(pk=budget.review_case_id)
    case_act(actor=actor, case=case, action=action, comment=comment, expected_version=case.version)
    return Budget.objects.get(pk=budget.pk)


OUTCOME_ACTION = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.REJECTED: "reject",
    CaseStatus.RETURNED: "return",
    CaseStatus.WITHDRAWN: "withdraw",
}


def on_budget_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Review outcome handler of ``finance.budget`` (runs inside the review's transaction)."""
    outcome = OUTCOME_ACTION.get(CaseStatus(case.status))
    if outcome is None:
        return
    budget = Budget.objects.select_for_update().select_related("ledger__unit").get(pk=case.subject_id)
    from_status = budget.status
    status = BUDGET.check(from_status, outcome)
    fields = ["status", "review_comment", "updated_at"]
    if status == BudgetStatus.APPROVED:
        for old in Budget.objects.select_for_update().filter(
            ledger=budget.ledger, year=budget.year, status=BudgetStatus.APPROVED
        ):
            BUDGET.move(old, "supersede")
            old.save(update_fields=["status", "updated_at"])
            _event(old, "supersede", BudgetStatus.APPROVED, event.actor, str(budget))
        budget.approved_at = timezone.now()
        fields.append("approved_at")
    BUDGET.move(budget, outcome)
    budget.review_comment = event.comment[:2000]
    budget.save(update_fields=fields)
    _event(budget, str(event.action), from_status, event.actor, event.comment)
    audit_record(
        actor=event.actor,
        action="finance.budget_outcome",
        target=budget,
        unit=budget.ledger.unit,
        target_repr=f"{budget.ledger.unit.name} {budget}",
        before={"status": from_status},
        after={"status": status},
        data={"case": case.pk, "reason": event.comment},
    )


def budget_revise(*, actor: User, budget: Budget, note: str = "") -> Budget:
    """A revision (预算调整) of an approved budget: a new draft version with the same lines, approved again."""
    ledger = budget.ledger
    scope.require_action(actor, PREPARE_BUDGET, ledger.unit)
    with transaction.atomic():
        budget = _locked(budget)
        if budget.status != BudgetStatus.APPROVED:
            raise ValidationError(_("只有已批复的预算可以调整。"), code="stale")
        if _open_version_exists(ledger, budget.year):
            raise ValidationError(_("该年度已有编制中或审批中的调整版本。"), code="duplicate")
        version = Budget.objects.filter(ledger=ledger, year=budget.year).order_by("-version").first()
        assert version is not None
        revision = Budget.objects.create(
            ledger=ledger,
            year=budget.year,
            version=version.version + 1,
            revises=budget,
            note=(note.strip() or budget.note)[:500],
            prepared_by=actor,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(budget=revision, account_id=x.account_id, amount=x.amount, note=x.note)
                for x in budget.lines.all()
            ]
        )
        _event(revision, "revise", "", actor, str(budget))
        audit_record(
            actor=actor,
            action="finance.budget_revise",
            target=revision,
            unit=ledger.unit,
            target_repr=f"{ledger.unit.name} {revision}",
            data={"revises": budget.pk, "version": revision.version},
        )
    return revision


# ---------------------------------------------------------------------------------------------------- control


@dataclass(frozen=True)
class BudgetCheck:
    """``remaining`` of the approved budget line covering an account (``None`` when the year has no approved
    budget: nothing to check against); ``exceeded`` when the amount asked for is more than that."""

    remaining: Decimal | None
    exceeded: bool
    mode: str
    budgeted: Decimal | None = None
    used: Decimal = ZERO
    line_account: Account | None = None


def control_mode(ledger: Ledger, day: date) -> str:
    from gonghui.policy.selectors import policy_get

    mode = str(policy_get("finance.budget_control", ledger.unit, on=day).value)
    return mode if mode in CONTROL_MODES else "warn"


def approved_budget(ledger: Ledger, year: int) -> Budget | None:
    return Budget.objects.filter(ledger=ledger, year=year, status=BudgetStatus.APPROVED).first()


def covering_line(budget: Budget, account: Account) -> BudgetLine | None:
    """The line on ``account`` or on its nearest budgeted ancestor (codes of sub-accounts extend their parent's)."""
    candidates = [account.code[:n] for n in range(4, len(account.code) + 1)]
    lines = list(budget.lines.select_related("account").filter(account__code__in=candidates))
    lines.sort(key=lambda x: len(x.account.code), reverse=True)
    return lines[0] if lines else None


IN_FLIGHT_VOUCHERS = (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED)
UNPAID_PAYMENTS = (PaymentStatus.REQUESTED, PaymentStatus.APPROVED)


def spent(ledger: Ledger, code: str, year: int) -> Decimal:
    """What uses the budget of ``code`` (and its sub-accounts) in ``year``: posted expenditure (debits less
    credits, from entries), plus money on its way out: vouchers submitted or approved but not yet posted, and
    payment requests requested or approved but not yet paid."""
    posted = Entry.objects.filter(
        ledger=ledger,
        date__year=year,
        account__code__startswith=code,
        account__ledger=ledger,
        voucher__closes_year__isnull=True,  # the year-end closing (结转) is not spending
    ).aggregate(d=Sum("debit"), c=Sum("credit"))
    in_flight = VoucherLine.objects.filter(
        voucher__ledger=ledger,
        voucher__status__in=IN_FLIGHT_VOUCHERS,
        voucher__date__year=year,
        voucher__closes_year__isnull=True,
        account__code__startswith=code,
        account__ledger=ledger,
    ).aggregate(d=Sum("debit"), c=Sum("credit"))
    unpaid = PaymentRequest.objects.filter(
        ledger=ledger, status__in=UNPAID_PAYMENTS, expense_account__code__startswith=code, requested_at__year=year
    ).aggregate(a=Sum("amount"))
    total = cents(posted["d"]) - cents(posted["c"]) + cents(in_flight["d"]) - cents(in_flight["c"]) + cents(unpaid["a"])
    # Each sum quantized by ``cents``: SQLite sums decimals in floating point (27050.00000000000).
    return total


def budget_check(ledger: Ledger, account: Account, amount: Decimal, day: date) -> BudgetCheck:
    """How much of ``day``'s year's approved budget covering expenditure ``account`` remains, and whether
    spending ``amount`` more exceeds it. Income accounts and years without an approved budget are not checked."""
    return _check(
        ledger, account, amount, day, mode=control_mode(ledger, day), budget=approved_budget(ledger, day.year)
    )


def _check(
    ledger: Ledger, account: Account, amount: Decimal, day: date, *, mode: str, budget: Budget | None
) -> BudgetCheck:
    if mode == "off" or account.kind != AccountKind.EXPENSE or budget is None:
        return BudgetCheck(remaining=None, exceeded=False, mode=mode)
    line = covering_line(budget, account)
    if line is None:
        return BudgetCheck(remaining=ZERO, exceeded=amount > 0, mode=mode, budgeted=ZERO)
    used = spent(ledger, line.account.code, day.year)
    remaining = line.amount - used
    return BudgetCheck(
        remaining=remaining,
        exceeded=amount > remaining,
        mode=mode,
        budgeted=line.amount,
        used=used,
        line_account=line.account,
    )


def _gate(ledger: Ledger, spends: Mapping[Account, Decimal], day: date) -> str:
    """One query when the year has no approved budget (the common case while books are being kept)."""
    budget = approved_budget(ledger, day.year)
    if budget is None or not any(amount > 0 for amount in spends.values()):
        return ""
    mode = control_mode(ledger, day)
    if mode == "off":
        return ""
    # Serialise the checks of one budget (inside the caller's transaction, as in ``voucher_submit``): two
    # submissions at once cannot both take the last of it.
    if transaction.get_connection().in_atomic_block:
        Budget.objects.select_for_update().filter(pk=budget.pk).exists()
    notes: list[str] = []
    # The check is per budget line, not per account: what one voucher (or payment) charges to several
    # sub-accounts of one line is added up and compared once with that line's remaining amount. An account
    # without a line is its own group (nothing budgeted, nothing remains).
    groups: dict[tuple[str, int], tuple[Account, Decimal]] = {}
    for account, amount in sorted(spends.items(), key=lambda x: x[0].code):
        if account.kind != AccountKind.EXPENSE:
            continue
        line = covering_line(budget, account)
        key = ("line", line.pk) if line is not None else ("account", account.pk)
        head, total = groups.get(key, (line.account if line is not None else account, ZERO))
        groups[key] = (head, total + amount)
    for head, amount in sorted(groups.values(), key=lambda x: x[0].code):
        if amount <= 0:
            continue
        check = _check(ledger, head, amount, day, mode=mode, budget=budget)
        if not check.exceeded:
            continue
        remaining = check.remaining if check.remaining is not None else ZERO
        if check.budgeted == ZERO and check.line_account is None:
            text = _("科目“%(account)s”未编列 %(year)s 年度预算（剩余 %(remaining)s 元），本次支出 %(amount)s 元。")
        else:
            text = _("科目“%(account)s”%(year)s 年度预算剩余 %(remaining)s 元，本次支出 %(amount)s 元，超出预算。")
        message = text % {
            "account": head,
            "year": day.year,
            "remaining": f"{remaining:,.2f}",
            "amount": f"{amount:,.2f}",
        }
        if check.mode == "block":
            raise ValidationError(_("超预算，不能提交：%(detail)s") % {"detail": message}, code="over_budget")
        notes.append(message)
    if not notes:
        return ""
    return (_("预算提醒：") + " ".join(notes))[:500]


def voucher_budget_gate(voucher: Voucher) -> str:
    """Called by ``voucher_submit``: raises under ``block``, returns the warning for the event under ``warn``."""
    spends: dict[Account, Decimal] = {}
    for line in voucher.lines.select_related("account"):
        if line.account.kind == AccountKind.EXPENSE:
            spends[line.account] = spends.get(line.account, ZERO) + line.debit - line.credit
    if not spends:
        return ""
    return _gate(voucher.ledger, spends, voucher.date)


def payment_budget_gate(ledger: Ledger, account: Account, amount: Decimal) -> str:
    """Called by ``payment_request`` before it creates a request (same outcomes as ``voucher_budget_gate``)."""
    return _gate(ledger, {account: amount}, timezone.localdate())
