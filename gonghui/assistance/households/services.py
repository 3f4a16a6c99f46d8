"""Writes of household files (建档), their support, annual reviews (年审) and leaving.

- :func:`on_hardship_outcome` (registered for ``assistance.hardship`` in ``AssistanceConfig.ready()``) records the
  review's outcome on the application and, on approval, opens the file with the decided category and cause.
- Support is planned per item and period (:func:`support_plan`) and delivered: money only through the finance
  ledger's ``payment_request`` (:func:`support_pay`, idempotency key = the business key), goods and job referrals
  by :func:`support_deliver`. The business key (file, item, period, child) is unique in the database among items
  not cancelled: the same household is never given the same item for the same period twice.
- :func:`reviews_open_due` (the daily job, and a bulk action in the console) opens each file's review in the
  file's anniversary month; :func:`review_complete` re-checks the income with the same explained calculation;
  a household whose income stays above the line for ``assistance.leave_after_months`` may leave the file with
  :func:`file_close`, which records the reason.
- :func:`file_follow_member` (registered with ``members.transfers``) moves an open file with its member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.assistance.applications.eligibility import assess
from gonghui.assistance.applications.services import application_record_outcome
from gonghui.assistance.models import (
    AnnualReview,
    FileEvent,
    FileStatus,
    HardshipApplication,
    HardshipCategory,
    HouseholdFile,
    HouseholdMember,
    LeaveReason,
    ReviewStatus,
    SupportForm,
    SupportItem,
    SupportKind,
    SupportStatus,
)
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, VIEW_HARDSHIP
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.finance.models import Account, AccountKind, Ledger
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.review.models import CaseStatus, ReviewCase, ReviewEvent

F = FileStatus
MONTHLY_KINDS = (SupportKind.LIVING, SupportKind.MEDICAL, SupportKind.JOB)
FESTIVALS = {"spring": _("春节"), "midautumn": _("中秋"), "other": _("其他节日")}
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
YEAR_RE = re.compile(r"^(\d{4})$")
FESTIVAL_RE = re.compile(r"^(\d{4})-(spring|midautumn|other)$")

OUTCOME_ACTIONS = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.REJECTED: "reject",
    CaseStatus.RETURNED: "return",
    CaseStatus.WITHDRAWN: "withdraw",
}

FILE = StateMachine.of_actions(
    {
        "review": ((F.ACTIVE,), F.IN_REVIEW),
        "reviewed": ((F.IN_REVIEW,), F.ACTIVE),
        "close": ((F.ACTIVE, F.IN_REVIEW), F.CLOSED),
    },
    refusal=lambda status, action: ValidationError(
        _("档案当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": FileStatus(status).label}, code="stale"
    ),
)
SUPPORT = StateMachine.of_actions(
    {
        "pay": ((SupportStatus.PLANNED,), SupportStatus.PAYMENT_REQUESTED),
        "deliver": ((SupportStatus.PLANNED,), SupportStatus.DELIVERED),
        "cancel": ((SupportStatus.PLANNED,), SupportStatus.CANCELLED),
    },
    refusal=lambda status, action: ValidationError(
        _("该帮扶项目当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": SupportStatus(status).label}, code="stale"
    ),
)


def _file_event(file: HouseholdFile, action: str, actor: Actor | None, comment: str = "") -> None:
    FileEvent.objects.create(
        file=file, action=action, actor=access.user_of(actor), unit=file.unit, comment=str(comment)[:500]
    )


def _audit(actor: Actor | None, action: str, target: Any, file: HouseholdFile, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        target_repr=f"{file.file_no} {mask_name(file.member.name)}",
        unit=file.unit,
        data={k: str(v) for k, v in data.items()} or None,
    )


def _lock_file(file: HouseholdFile) -> HouseholdFile:
    return HouseholdFile.objects.select_for_update(of=("self",)).select_related("member", "unit").get(pk=file.pk)


def _require_manage(actor: Actor, file: HouseholdFile) -> None:
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=file.unit)


# -- opening the file (the review's outcome) -------------------------------------------------------------------


def _file_no(unit: OrgUnit, opened_on: date, pk_hint: int) -> str:
    return f"KN{opened_on:%Y}{unit.pk:05d}{pk_hint:06d}"[:24]


def file_open(*, application: HardshipApplication, actor: Actor | None, on: date) -> HouseholdFile:
    """The file of an approved application (inside the review transaction)."""
    if application.category in ("", HardshipCategory.NONE):
        raise ValidationError(_("申请没有认定困难类别，不能建档。"))
    file = HouseholdFile.objects.create(
        file_no=f"tmp-{application.pk}",
        member=application.member,
        unit=application.member.unit,
        application=application,
        category=application.category,
        cause=application.cause,
        opened_on=on,
        household_size=application.people.count() or 1,
    )
    file.file_no = _file_no(file.unit, on, file.pk)
    file.save(update_fields=["file_no"])
    _file_event(file, "open", actor, _("审批通过，建立档案（%(c)s）。") % {"c": file.get_category_display()})
    _audit(actor, "assistance.file_open", file, file, category=file.category)
    return file


def on_hardship_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """The review kernel's outcome for an ``assistance.hardship`` case: the application follows; an approval opens
    the household file in the same transaction."""
    action = OUTCOME_ACTIONS.get(CaseStatus(case.status))
    if action is None:
        return
    application = HardshipApplication.objects.select_related("member", "unit").get(pk=case.subject_id)
    application = application_record_outcome(
        application=application, action=action, actor=event.actor, comment=event.comment or ""
    )
    if action == "approve":
        file_open(application=application, actor=event.actor, on=timezone.localdate())


# -- support ---------------------------------------------------------------------------------------------------


def _clean_period(kind: str, period: str) -> str:
    period = (period or "").strip()
    if kind == SupportKind.SCHOOLING:
        ok = YEAR_RE.match(period)
        hint = _("助学按学年，填写年份，如 2026。")
    elif kind == SupportKind.FESTIVAL:
        ok = FESTIVAL_RE.match(period)
        hint = _("节日慰问填写年份和节日，如 2026-spring（春节）、2026-midautumn（中秋）。")
    else:
        ok = MONTH_RE.match(period)
        hint = _("按月填写，如 2026-03。")
    if not ok or not 2000 <= int(period[:4]) <= 2100:
        raise ValidationError({"period": hint})
    return period


@dataclass(frozen=True)
class SupportInput:
    kind: str
    period: str
    form: str = SupportForm.MONEY
    amount: Any = None
    description: str = ""
    child: HouseholdMember | None = None


def support_plan(*, actor: Actor, file: HouseholdFile, item: SupportInput) -> SupportItem:
    """Plan one item of support for one period. Money is capped by policy (助学: per child per year)."""
    _require_manage(actor, file)
    user = access.require_user(actor)
    if item.kind not in SupportKind.values:
        raise ValidationError({"kind": _("请选择帮扶项目。")})
    if item.form not in SupportForm.values:
        raise ValidationError({"form": _("请选择帮扶形式。")})
    period = _clean_period(item.kind, item.period)
    description = " ".join((item.description or "").split())[:200]
    amount: Decimal | None = None
    child = item.child
    if item.kind == SupportKind.JOB:
        if item.form != SupportForm.SERVICE:
            raise ValidationError({"form": _("就业援助为服务形式（推荐岗位），不发放资金。")})
        if not description:
            raise ValidationError({"description": _("请填写推荐的岗位或用人单位。")})
    elif item.form == SupportForm.SERVICE:
        raise ValidationError({"form": _("只有就业援助为服务形式。")})
    if item.form == SupportForm.MONEY:
        try:
            amount = money(item.amount if item.amount not in (None, "") else "0")
        except (ValidationError, TypeError):
            raise ValidationError({"amount": _("金额格式不正确。")}) from None
        if amount <= 0:
            raise ValidationError({"amount": _("资金帮扶的金额必须大于零。")})
    elif item.form == SupportForm.GOODS and not description:
        raise ValidationError({"description": _("请填写慰问物品。")})
    if item.kind == SupportKind.SCHOOLING:
        if child is None or child.application_id != file.application_id or not child.is_student:
            raise ValidationError({"child": _("助学须选择本户在学的子女。")})
    elif child is not None:
        raise ValidationError({"child": _("只有助学按子女发放。")})
    today = timezone.localdate()
    with transaction.atomic():
        file = _lock_file(file)
        if not file.is_open:
            raise ValidationError(_("档案已退出，不能再安排帮扶。"))
        if amount is not None:
            key = "assistance.schooling_cap" if item.kind == SupportKind.SCHOOLING else "assistance.support_cap"
            cap = policy_get(key, file.unit, on=today)
            if amount > cap.value:
                raise ValidationError(
                    {"amount": _("超过上限 %(cap)s 元（%(rule)s）。") % {"cap": cap.display, "rule": cap.explain()}}
                )
        taken = _("该户本期已安排过此项帮扶，同一户同一项目同一期间不能重复。")
        beneficiary = str(child.pk) if child is not None else ""
        if (
            SupportItem.objects.filter(file=file, kind=item.kind, period=period, beneficiary_key=beneficiary)
            .exclude(status=SupportStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError(taken, code="duplicate")
        try:
            with transaction.atomic():
                support = SupportItem.objects.create(
                    file=file,
                    kind=item.kind,
                    form=item.form,
                    period=period,
                    child=child,
                    beneficiary_key=beneficiary,
                    amount=amount,
                    description=description,
                    planned_by=user,
                )
        except IntegrityError:
            raise ValidationError(taken, code="duplicate") from None
        _file_event(file, "support_plan", actor, f"{support.get_kind_display()} {period}")
        _audit(actor, "assistance.support_plan", support, file, kind=item.kind, period=period, amount=amount or "")
    return support


def _lock_item(item: SupportItem) -> SupportItem:
    return (
        SupportItem.objects.select_for_update(of=("self",))
        .select_related("file__member", "file__unit", "child")
        .get(pk=item.pk)
    )


def paying_books(unit: OrgUnit) -> Ledger:
    """The books that pay a file's support: the file's union's own, else the nearest ancestor's that keeps books."""
    paths = unit.ancestor_paths()
    ledger = Ledger.objects.select_related("unit").filter(unit__path__in=paths).order_by("-unit__depth").first()
    if ledger is None:
        raise ValidationError(_("所在工会及上级工会都未建账，不能发放资金。"))
    return ledger


def business_key(item: SupportItem) -> str:
    """The idempotency key of an item's payment: the household, the item, the period and the child."""
    return f"assistance.support:{item.file_id}:{item.kind}:{item.period}:{item.beneficiary_key or '-'}"


def support_pay(*, actor: Actor, item: SupportItem, bank_name: str = "", bank_account: str = "") -> SupportItem:
    """Ask the paying union's finance staff to pay a planned money item (``payment_request``; its status is read
    back from finance). A double click or a retry asks once."""
    file = item.file
    _require_manage(actor, file)
    user = access.require_user(actor)
    with transaction.atomic():
        item = _lock_item(item)
        file = item.file
        if item.form != SupportForm.MONEY or item.amount is None:
            raise ValidationError(_("只有资金帮扶需要付款。"))
        SUPPORT.check(item.status, "pay")
        ledger = paying_books(file.unit)
        code = policy_get("assistance.expense_account", ledger.unit).value
        account = Account.objects.filter(ledger=ledger, code=code, kind=AccountKind.EXPENSE).first()
        if account is None:
            raise ValidationError(_("付款工会账套中没有帮扶支出科目 %(code)s。") % {"code": code})
        member = file.member
        child = f"（{item.child.name}）" if item.child is not None else ""
        payment, _created = payment_request(
            actor=user,
            ledger=ledger,
            idempotency_key=business_key(item),
            source=item.source,
            purpose=_("困难职工帮扶：%(kind)s %(period)s%(child)s")
            % {"kind": item.get_kind_display(), "period": item.period, "child": child},
            amount=item.amount,
            expense_account=account,
            payee_name=member.name,
            payee_member=member,
            payee_user=User.objects.filter(pk=member.user_id).first() if member.user_id else None,
            bank_name=bank_name,
            bank_account=bank_account,
            authorized_by=MANAGE_HARDSHIP,
        )
        SUPPORT.move(item, "pay")
        item.payment_id = payment.pk
        item.save(update_fields=["status", "payment_id"])
        _file_event(file, "support_pay", actor, f"{item.get_kind_display()} {item.period} {item.amount}")
        _audit(actor, "assistance.support_pay", item, file, payment=payment.pk, amount=item.amount)
    return item


def support_deliver(*, actor: Actor, item: SupportItem, delivered_on: date | None = None) -> SupportItem:
    """Goods handed over or a job referral made (money is delivered through finance, by :func:`support_pay`)."""
    _require_manage(actor, item.file)
    day = delivered_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"delivered_on": _("发放日期不能晚于今天。")})
    with transaction.atomic():
        item = _lock_item(item)
        if item.form == SupportForm.MONEY:
            raise ValidationError(_("资金帮扶须通过付款申请发放。"))
        SUPPORT.move(item, "deliver")
        item.delivered_by = access.user_of(actor)
        item.delivered_on = day
        item.save(update_fields=["status", "delivered_by", "delivered_on"])
        _file_event(item.file, "support_deliver", actor, f"{item.get_kind_display()} {item.period}")
        _audit(actor, "assistance.support_deliver", item, item.file)
    return item


def support_deliver_many(*, actor: Actor, items: Iterable[SupportItem], delivered_on: date | None = None) -> int:
    """The festival visit's bulk delivery: each goods item in the actor's reach that is still planned; returns how
    many were delivered (each one audited)."""
    done = 0
    for item in items:
        if item.status != SupportStatus.PLANNED or item.form == SupportForm.MONEY:
            continue
        if not access.check(actor, MANAGE_HARDSHIP, item.file.unit):
            continue
        support_deliver(actor=actor, item=item, delivered_on=delivered_on)
        done += 1
    return done


def support_cancel(*, actor: Actor, item: SupportItem, reason: str) -> SupportItem:
    _require_manage(actor, item.file)
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因。")})
    with transaction.atomic():
        item = _lock_item(item)
        SUPPORT.move(item, "cancel")
        item.save(update_fields=["status"])
        _file_event(item.file, "support_cancel", actor, f"{item.get_kind_display()} {item.period}：{reason}")
        _audit(actor, "assistance.support_cancel", item, item.file, reason=reason)
    return item


# -- annual review ---------------------------------------------------------------------------------------------


def _open_review(file: HouseholdFile, year: int, today: date, actor: Actor | None) -> AnnualReview | None:
    if AnnualReview.objects.filter(file=file, year=year).exists():
        return None
    days = policy_get("assistance.annual_review_days", file.unit, on=today).value
    review = AnnualReview.objects.create(
        file=file, year=year, opened_on=today, due_on=today + timedelta(days=int(days)), reminded_on=today
    )
    FILE.move(file, "review")
    file.save(update_fields=["status"])
    _file_event(
        file, "review_open", actor, _("%(y)s 年度年审已开启，请于 %(d)s 前完成。") % {"y": year, "d": review.due_on}
    )
    _audit(actor, "assistance.review_open", review, file, year=year)
    return review


def _due_files(today: date) -> Any:
    """Active files whose anniversary month has come this year and that have no review for this year, opened in
    an earlier year."""
    return (
        HouseholdFile.objects.filter(status=F.ACTIVE, opened_on__year__lt=today.year, opened_on__month__lte=today.month)
        .exclude(reviews__year=today.year)
        .select_related("member", "unit")
    )


def reviews_open_due(*, actor: Actor | None = None, unit: OrgUnit | None = None, today: date | None = None) -> int:
    """Open this year's review of every due file (the daily job: ``actor`` None; the console's bulk action: staff
    holding ``assistance.manage_hardship``, for their subtree or ``unit``'s). Returns how many were opened."""
    today = today or timezone.localdate()
    qs = _due_files(today)
    if actor is not None:
        if unit is not None:
            access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=unit)
            qs = qs.filter(unit__path__startswith=unit.path)
        else:
            access.require_anywhere(actor, MANAGE_HARDSHIP)
        qs = access.scope(qs, actor, MANAGE_HARDSHIP)
    opened = 0
    for pk in list(qs.values_list("pk", flat=True)[:100000]):
        with transaction.atomic():
            file = HouseholdFile.objects.select_for_update(of=("self",)).select_related("member", "unit").get(pk=pk)
            if file.status != F.ACTIVE:
                continue
            if _open_review(file, today.year, today, actor) is not None:
                opened += 1
    return opened


def reviews_remind(*, today: date | None = None) -> int:
    """Overdue open reviews: a reminder on the file's history once a week (the console home shows them too)."""
    today = today or timezone.localdate()
    reminded = 0
    due = AnnualReview.objects.filter(status=ReviewStatus.OPEN, due_on__lt=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - timedelta(days=7))
    )
    for review in due.select_related("file__member", "file__unit")[:100000]:
        with transaction.atomic():
            AnnualReview.objects.filter(pk=review.pk).update(reminded_on=today)
            _file_event(
                review.file,
                "review_remind",
                None,
                _("%(y)s 年度年审已超期（期限 %(d)s）。") % {"y": review.year, "d": review.due_on},
            )
            _audit(None, "assistance.review_remind", review, review.file, year=review.year)
        reminded += 1
    return reminded


def review_complete(
    *,
    actor: Actor,
    review: AnnualReview,
    monthly_income: Any,
    monthly_costs: Any,
    household_size: int,
    findings: str,
) -> AnnualReview:
    """Complete a review: the household's figures re-checked with the explained calculation on today's policy. An
    income above the line starts (or continues) the count towards leaving; back below it, the count resets."""
    file = review.file
    _require_manage(actor, file)
    try:
        income = money(monthly_income)
        costs = money(monthly_costs)
    except (ValidationError, TypeError):
        raise ValidationError({"monthly_income": _("金额格式不正确。")}) from None
    if income < 0 or costs < 0:
        raise ValidationError({"monthly_income": _("金额不能为负数。")})
    if not 1 <= int(household_size) <= 20:
        raise ValidationError({"household_size": _("家庭人口应在 1 至 20 人之间。")})
    findings = " ".join((findings or "").split())
    if not findings:
        raise ValidationError({"findings": _("请填写复核情况。")})
    today = timezone.localdate()
    with transaction.atomic():
        file = _lock_file(file)
        review = AnnualReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.OPEN:
            raise ValidationError(_("该年审已完成。"), code="stale")
        result = assess(unit=file.unit, on=today, incomes=[income], costs=[costs], size=int(household_size))
        review.monthly_income, review.monthly_costs, review.household_size = income, costs, int(household_size)
        review.category = result.category
        review.trace = result.trace.to_json()
        review.policy_record_ids = result.trace.policy_record_ids
        review.findings = findings[:2000]
        review.status = ReviewStatus.DONE
        review.completed_by = access.user_of(actor)
        review.completed_on = today
        review.save()
        if result.eligible:
            file.above_line_since = None
            file.category = result.category
        elif file.above_line_since is None:
            file.above_line_since = today
        file.last_reviewed_on = today
        file.household_size = int(household_size)
        if file.status == F.IN_REVIEW:
            FILE.move(file, "reviewed")
        file.save(update_fields=["above_line_since", "category", "last_reviewed_on", "household_size", "status"])
        _file_event(file, "review_done", actor, review.get_category_display())
        _audit(actor, "assistance.review_complete", review, file, year=review.year, category=review.category)
    return review


def review_reveal(*, actor: Actor, review: AnnualReview) -> AnnualReview:
    """A completed review's figures (the household's income and costs in its calculation) and findings, for holders
    of ``assistance.reveal_hardship``; audited like the application's reveal."""
    file = review.file
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=REVEAL_HARDSHIP, unit=file.unit)
    with transaction.atomic():
        _audit(actor, "assistance.hardship_reveal", review, file, year=review.year)
    return review


def file_income_recheck(
    *, actor: Actor, file: HouseholdFile, above_line: bool, on: date | None = None
) -> HouseholdFile:
    """Record between reviews that the household's income is (or is no longer) above the line, from ``on``."""
    _require_manage(actor, file)
    day = on or timezone.localdate()
    with transaction.atomic():
        file = _lock_file(file)
        file.above_line_since = (file.above_line_since or day) if above_line else None
        file.save(update_fields=["above_line_since"])
        _file_event(file, "income_check", actor, _("收入高于标准") if above_line else _("收入低于标准"))
        _audit(actor, "assistance.file_income_check", file, file, above_line=above_line)
    return file


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def file_close(*, actor: Actor, file: HouseholdFile, reason: str, note: str = "") -> HouseholdFile:
    """The household leaves the file, with a recorded reason. "Income above the line" needs the income to have
    stayed above it for ``assistance.leave_after_months`` months."""
    _require_manage(actor, file)
    if reason not in LeaveReason.values:
        raise ValidationError({"reason": _("请选择退出原因。")})
    note = " ".join((note or "").split())[:500]
    if reason == LeaveReason.OTHER and not note:
        raise ValidationError({"note": _("请填写退出说明。")})
    today = timezone.localdate()
    with transaction.atomic():
        file = _lock_file(file)
        if reason == LeaveReason.INCOME_ABOVE:
            months = policy_get("assistance.leave_after_months", file.unit, on=today)
            since = file.above_line_since
            if since is None or _months_between(since, today) < int(months.value):
                raise ValidationError(
                    {
                        "reason": _("收入须持续高于困难标准满 %(n)s 个月才能退出（%(rule)s）。")
                        % {"n": months.value, "rule": months.explain()}
                    }
                )
        FILE.move(file, "close")
        file.closed_on, file.leave_reason, file.leave_note = today, reason, note
        file.save(update_fields=["status", "closed_on", "leave_reason", "leave_note"])
        AnnualReview.objects.filter(file=file, status=ReviewStatus.OPEN).update(
            status=ReviewStatus.DONE, completed_on=today, findings=_("档案退出，年审终止。")
        )
        _file_event(file, "close", actor, f"{file.get_leave_reason_display()} {note}".strip())
        _audit(actor, "assistance.file_close", file, file, reason=reason)
    return file


# -- following the member --------------------------------------------------------------------------------------


def file_follow_member(member: Member, from_unit: OrgUnit, to_unit: OrgUnit, actor: Any) -> None:
    """A transfer was accepted: the member's open file moves to the new union (its history says so)."""
    for file in (
        HouseholdFile.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(member=member, status__in=(F.ACTIVE, F.IN_REVIEW))
    ):
        file.unit = to_unit
        file.save(update_fields=["unit"])
        _file_event(file, "move", actor, _("随会员组织关系由%(a)s转至%(b)s") % {"a": from_unit.name, "b": to_unit.name})
        _audit(actor, "assistance.file_move", file, file, from_unit=from_unit.pk, to_unit=to_unit.pk)
