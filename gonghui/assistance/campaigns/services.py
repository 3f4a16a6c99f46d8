"""Assistance campaigns (送温暖、金秋助学): open a campaign, allot it to the unions below, add recipients, deliver.

Rules as implemented (see ``docs/assistance.md``):

- A union opens a campaign for its own subtree (``assistance.manage_campaign`` there): kind, form (money or goods),
  budget, period, a per-recipient standard, target groups. Every recipient gets the standard amount.
- It allots recipient places (名额) to unions of its subtree (itself included). The allotments' places × the standard
  never exceed the budget; an allotment never goes below the recipients already counted against it. Allotments are
  changed while the campaign is in preparation or open, the campaign row locked so that two changes never both use
  the same room under the budget.
- A union with an allotment adds recipients from the roster of its own subtree (``assistance.deliver_campaign``
  there), members of the campaign's target groups, while the campaign is open and within its places (the allotment
  row locked). A member is a recipient of a campaign once. 金秋助学 needs the child's name, school and year.
- Goods are delivered per recipient with the date (in bulk, by the recipient's union). Money is paid through the
  finance ledger of the campaign's union (``payment_request``, in bulk, by ``assistance.manage_campaign`` there):
  one payment request per recipient, idempotency key ``assistance.campaign:<campaign>:<recipient>``, which is also a
  unique column of the recipient, so neither a retry, a double click nor two clerks at once pay anyone twice.
- Every status change goes through the state machines below and writes a ``CampaignEvent``; every write is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.campaigns import groups
from gonghui.assistance.models import (
    Campaign,
    CampaignAllotment,
    CampaignEvent,
    CampaignForm,
    CampaignKind,
    CampaignRecipient,
    CampaignStatus,
    RecipientStatus,
)
from gonghui.assistance.models.campaigns import COUNTED
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

# The default chart's expense accounts under 5201 维权支出: 送温暖支出, and 困难职工帮扶支出 for 金秋助学.
EXPENSE_ACCOUNT = {CampaignKind.WARMTH: "520102", CampaignKind.STUDY: "520101"}
MAX_BULK = 500

C = CampaignStatus
R = RecipientStatus


def _campaign_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("活动当前为“%(status)s”，不能执行该操作。") % {"status": CampaignStatus(status).label}, code="stale"
    )


def _recipient_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("该对象当前为“%(status)s”，不能执行该操作。") % {"status": RecipientStatus(status).label}, code="stale"
    )


CAMPAIGN = StateMachine.of_actions(
    {"open": ((C.DRAFT,), C.OPEN), "close": ((C.OPEN,), C.CLOSED), "cancel": ((C.DRAFT,), C.CANCELLED)},
    refusal=_campaign_refusal,
)
RECIPIENT = StateMachine.of_actions(
    {"deliver": ((R.LISTED,), R.DELIVERED), "pay": ((R.LISTED,), R.PAYMENT), "remove": ((R.LISTED,), R.REMOVED)},
    refusal=_recipient_refusal,
)
ALLOTTABLE = (C.DRAFT, C.OPEN)


def _event(campaign: Campaign, action: str, actor: Any, *, before: str = "", after: str = "", **kw: Any) -> None:
    CampaignEvent.objects.create(
        campaign=campaign, action=action, from_status=before, to_status=after, actor=access.user_of(actor), **kw
    )


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("unit").get(pk=campaign.pk)


def _in_subtree(unit: OrgUnit, top: OrgUnit) -> bool:
    return unit.path.startswith(top.path)


# --- campaigns ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignInput:
    title: str
    kind: str
    form: str
    budget: object
    standard: object
    starts_on: date
    ends_on: date
    groups: list[str]
    goods: str = ""


def _clean(data: CampaignInput) -> dict[str, Any]:
    title = " ".join((data.title or "").split())
    if not title or len(title) > 120:
        raise ValidationError({"title": _("请填写活动名称（不超过 120 个字）。")}, code="title")
    if data.kind not in CampaignKind.values:
        raise ValidationError({"kind": _("请选择活动类型。")}, code="kind")
    if data.form not in CampaignForm.values:
        raise ValidationError({"form": _("请选择发放形式。")}, code="form")
    goods = " ".join((data.goods or "").split())[:120]
    if data.form == CampaignForm.GOODS and not goods:
        raise ValidationError({"goods": _("慰问品发放请写明慰问品。")}, code="goods")
    budget, standard = money(data.budget, field="budget"), money(data.standard, field="standard")
    if budget <= 0 or standard <= 0:
        raise ValidationError(_("预算总额和每人标准须大于零。"), code="amount")
    if standard > budget:
        raise ValidationError({"standard": _("每人标准不能超过预算总额。")}, code="standard")
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")}, code="period")
    codes = list(dict.fromkeys(data.groups or []))
    unknown = [c for c in codes if c not in groups.known_codes()]
    if unknown:
        raise ValidationError(
            {"groups": _("未知的对象范围：%(codes)s。") % {"codes": "、".join(unknown)}}, code="groups"
        )
    return {
        "title": title,
        "kind": data.kind,
        "form": data.form,
        "goods": goods if data.form == CampaignForm.GOODS else "",
        "budget": budget,
        "standard": standard,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "groups": codes,
    }


def campaign_create(*, actor: Actor, unit: OrgUnit, data: CampaignInput) -> Campaign:
    """A campaign in preparation, opened by ``unit`` for its subtree."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=MANAGE_CAMPAIGN, unit=unit)
    fields = _clean(data)
    with transaction.atomic():
        campaign = Campaign.objects.create(unit=unit, created_by=access.require_user(actor), **fields)
        _event(campaign, "create", actor, after=campaign.status)
        audit_record(
            actor=actor,
            action="assistance.campaign_create",
            target=campaign,
            target_repr=campaign.title,
            unit=unit,
            data={"budget": fields["budget"], "standard": fields["standard"], "kind": fields["kind"]},
        )
    return campaign


EDITABLE = (C.DRAFT,)


def campaign_update(*, actor: Actor, campaign: Campaign, data: CampaignInput) -> Campaign:
    """Change a campaign in preparation. A smaller budget or a higher standard never leaves the allotments above
    the budget (the campaign row locked, as when allotting)."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=MANAGE_CAMPAIGN, unit=campaign.unit)
    fields = _clean(data)
    with transaction.atomic():
        campaign = _lock(campaign)
        if campaign.status not in EDITABLE:
            raise _campaign_refusal(campaign.status, "update")
        places = sum(CampaignAllotment.objects.filter(campaign=campaign).values_list("quota", flat=True))
        if places * fields["standard"] > fields["budget"]:
            raise ValidationError(
                {
                    "budget": _("已分配 %(n)d 个名额，按每人标准须有预算 %(need)s 元。")
                    % {"n": places, "need": f"{places * fields['standard']:,.2f}"}
                },
                code="budget",
            )
        before = {k: str(getattr(campaign, k)) for k in ("budget", "standard", "kind", "form")}
        for name, value in fields.items():
            setattr(campaign, name, value)
        campaign.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="assistance.campaign_update",
            target=campaign,
            target_repr=campaign.title,
            unit=campaign.unit,
            data={"before": before, "budget": fields["budget"], "standard": fields["standard"]},
        )
    return campaign


def _transition(*, actor: Actor, campaign: Campaign, action: str, comment: str = "") -> Campaign:
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=MANAGE_CAMPAIGN, unit=campaign.unit)
    with transaction.atomic():
        campaign = _lock(campaign)
        before, after = CAMPAIGN.move(campaign, action)
        campaign.save(update_fields=["status", "updated_at"])
        _event(campaign, action, actor, before=before, after=after, comment=comment[:2000])
        audit_record(
            actor=actor,
            action=f"assistance.campaign_{action}",
            target=campaign,
            target_repr=campaign.title,
            unit=campaign.unit,
            data={"from": before, "to": after},
        )
    return campaign


def campaign_open(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _transition(actor=actor, campaign=campaign, action="open")


def campaign_close(*, actor: Actor, campaign: Campaign, comment: str = "") -> Campaign:
    """End the campaign: no more recipients or deliveries (payments already asked for go on in finance)."""
    return _transition(actor=actor, campaign=campaign, action="close", comment=comment)


def campaign_cancel(*, actor: Actor, campaign: Campaign, comment: str = "") -> Campaign:
    return _transition(actor=actor, campaign=campaign, action="cancel", comment=comment)


# --- allotments ---------------------------------------------------------------------------------------------------


def counted(allotment: CampaignAllotment) -> int:
    return CampaignRecipient.objects.filter(allotment=allotment, status__in=COUNTED).count()


def allotment_set(*, actor: Actor, campaign: Campaign, unit: OrgUnit, quota: int) -> CampaignAllotment:
    """Give ``unit`` (in the campaign union's subtree) ``quota`` recipient places, or change its places."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=MANAGE_CAMPAIGN, unit=campaign.unit)
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 0 or quota > 1_000_000:
        raise ValidationError({"quota": _("名额须为不小于零的整数。")}, code="quota")
    with transaction.atomic():
        campaign = _lock(campaign)
        if campaign.status not in ALLOTTABLE:
            raise _campaign_refusal(campaign.status, "allot")
        if not _in_subtree(unit, campaign.unit):
            raise ValidationError({"unit": _("只能分配给本工会及下级工会。")}, code="unit")
        current = CampaignAllotment.objects.filter(campaign=campaign, unit=unit).first()
        others = sum(
            CampaignAllotment.objects.filter(campaign=campaign).exclude(unit=unit).values_list("quota", flat=True)
        )
        if (others + quota) * campaign.standard > campaign.budget:
            room = int(campaign.budget / campaign.standard) - others
            raise ValidationError(
                {"quota": _("超出预算：按每人标准最多还能分配 %(room)d 个名额。") % {"room": max(room, 0)}},
                code="budget",
            )
        if current is not None and quota < counted(current):
            raise ValidationError(
                {"quota": _("该工会已列入 %(n)d 名对象，名额不能少于此数。") % {"n": counted(current)}}, code="below"
            )
        before = current.quota if current is not None else None
        if current is None:
            current = CampaignAllotment.objects.create(campaign=campaign, unit=unit, quota=quota)
        else:
            current.quota = quota
            current.save(update_fields=["quota", "updated_at"])
        _event(campaign, "allot", actor, comment=f"{unit.name}: {before if before is not None else '—'} → {quota}")
        audit_record(
            actor=actor,
            action="assistance.campaign_allot",
            target=campaign,
            target_repr=campaign.title,
            unit=campaign.unit,
            data={"unit": unit.pk, "from": before, "to": quota},
        )
    return current


# --- recipients ---------------------------------------------------------------------------------------------------


def allotment_for(campaign: Campaign, unit: OrgUnit) -> CampaignAllotment | None:
    """The allotment covering ``unit``: the one of the nearest union at or above it."""
    found = None
    for allotment in CampaignAllotment.objects.filter(campaign=campaign).select_related("unit"):
        if _in_subtree(unit, allotment.unit) and (found is None or allotment.unit.depth > found.unit.depth):
            found = allotment
    return found


@dataclass(frozen=True)
class StudentInput:
    name: str = ""
    school: str = ""
    year: str = ""


def recipient_add(
    *, actor: Actor, campaign: Campaign, member: Member, student: StudentInput | None = None
) -> CampaignRecipient:
    """Add ``member`` as a recipient, by their union's staff, within the union's allotted places."""
    allotment = allotment_for(campaign, member.unit)
    if allotment is None:
        raise ValidationError(_("该会员所在工会没有本活动的名额。"), code="no_allotment")
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=DELIVER_CAMPAIGN, unit=allotment.unit)
    student = student or StudentInput()
    extra = {
        "student_name": " ".join(student.name.split())[:64],
        "student_school": " ".join(student.school.split())[:120],
        "student_year": " ".join(student.year.split())[:32],
    }
    if campaign.kind == CampaignKind.STUDY and not (extra["student_name"] and extra["student_school"]):
        raise ValidationError(_("金秋助学请填写子女姓名和就读学校。"), code="student")
    with transaction.atomic():
        campaign = _lock(campaign)
        if campaign.status != C.OPEN:
            raise _campaign_refusal(campaign.status, "add")
        allotment = CampaignAllotment.objects.select_for_update().get(pk=allotment.pk)
        if not groups.eligible_members(allotment.unit, campaign.groups).filter(pk=member.pk).exists():
            raise ValidationError(_("该会员不在本活动的对象范围内。"), code="group")
        if counted(allotment) >= allotment.quota:
            raise ValidationError(_("本工会的 %(n)d 个名额已用完。") % {"n": allotment.quota}, code="quota")
        if CampaignRecipient.objects.filter(campaign=campaign, member=member).exclude(status=R.REMOVED).exists():
            raise ValidationError(_("该会员已列入本活动。"), code="duplicate")
        try:
            with transaction.atomic():
                row = CampaignRecipient.objects.create(
                    campaign=campaign,
                    allotment=allotment,
                    unit=allotment.unit,
                    member=member,
                    amount=campaign.standard,
                    added_by=access.require_user(actor),
                    **extra,
                )
        except IntegrityError:
            raise ValidationError(_("该会员已列入本活动。"), code="duplicate") from None
        _event(campaign, "add", actor, after=row.status, recipient=row)
        audit_record(
            actor=actor,
            action="assistance.campaign_recipient_add",
            target=campaign,
            target_repr=f"{campaign.title} {mask_name(member.name)}",
            unit=allotment.unit,
            data={"recipient": row.pk, "member": member.pk},
        )
    return row


def recipient_remove(*, actor: Actor, recipient: CampaignRecipient, comment: str = "") -> CampaignRecipient:
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=DELIVER_CAMPAIGN, unit=recipient.unit)
    with transaction.atomic():
        campaign = _lock(recipient.campaign)
        if campaign.status != C.OPEN:
            raise _campaign_refusal(campaign.status, "remove")
        row = CampaignRecipient.objects.select_for_update().get(pk=recipient.pk)
        before, after = RECIPIENT.move(row, "remove")
        row.save(update_fields=["status", "updated_at"])
        _event(campaign, "remove", actor, before=before, after=after, recipient=row, comment=comment[:2000])
        audit_record(
            actor=actor,
            action="assistance.campaign_recipient_remove",
            target=campaign,
            target_repr=campaign.title,
            unit=row.unit,
            data={"recipient": row.pk},
        )
    return row


# --- delivery -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkResult:
    done: int
    skipped: int


def _bulk_ids(ids: Iterable[object]) -> list[int]:
    found: list[int] = []
    for raw in ids:
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            continue
        if value > 0 and value not in found:
            found.append(value)
    if not found:
        raise ValidationError(_("请选择对象。"), code="empty")
    if len(found) > MAX_BULK:
        raise ValidationError(_("一次最多处理 %(n)d 名对象。") % {"n": MAX_BULK}, code="too_many")
    return found


def recipients_deliver(
    *, actor: Actor, campaign: Campaign, recipient_ids: Iterable[object], delivered_on: date
) -> BulkResult:
    """Goods delivered to the chosen recipients on ``delivered_on`` (each by staff of the recipient's union);
    recipients already delivered or removed are skipped, one outside the actor's unions is refused (nothing done)."""
    ids = _bulk_ids(recipient_ids)
    if campaign.form != CampaignForm.GOODS:
        raise ValidationError(_("慰问金通过支付申请发放。"), code="form")
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("发放日期不能晚于今天。")}, code="future")
    if delivered_on < campaign.starts_on:
        raise ValidationError({"delivered_on": _("发放日期不能早于活动开始日期。")}, code="early")
    with transaction.atomic():
        campaign = _lock(campaign)
        if campaign.status != C.OPEN:
            raise _campaign_refusal(campaign.status, "deliver")
        rows = list(
            CampaignRecipient.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, pk__in=ids)
            .select_related("unit")
        )
        if len(rows) != len(ids):
            raise access.NotVisible()
        for row in rows:
            access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=DELIVER_CAMPAIGN, unit=row.unit)
        done = 0
        for row in rows:
            if not RECIPIENT.allows(row.status, "deliver"):
                continue
            before, after = RECIPIENT.move(row, "deliver")
            row.delivered_on = delivered_on
            row.save(update_fields=["status", "delivered_on", "updated_at"])
            _event(campaign, "deliver", actor, before=before, after=after, recipient=row)
            done += 1
        audit_record(
            actor=actor,
            action="assistance.campaign_deliver",
            target=campaign,
            target_repr=campaign.title,
            unit=campaign.unit,
            data={"recipients": [r.pk for r in rows], "delivered": done, "on": delivered_on.isoformat()},
        )
    return BulkResult(done=done, skipped=len(rows) - done)


def _expense_account(campaign: Campaign) -> tuple[Any, Account]:
    ledger = receiving_ledger(campaign.unit)
    if ledger is None:
        raise ValidationError(_("发起工会及其上级均未建账，无法申请支付。"), code="no_books")
    code = EXPENSE_ACCOUNT[CampaignKind(campaign.kind)]
    account = Account.objects.filter(ledger=ledger, code=code, is_active=True).first()
    if account is None:
        raise ValidationError(_("付款工会账套中没有科目 %(code)s。") % {"code": code}, code="account")
    return ledger, account


def _pay_one(actor: Actor, campaign: Campaign, row: CampaignRecipient, ledger: Any, account: Account) -> bool:
    key = row.source
    member = row.member
    payment, created = payment_request(
        actor=access.require_user(actor),
        ledger=ledger,
        idempotency_key=key,
        source=key,
        purpose=f"{campaign.get_kind_display()}（{campaign.title}）",
        amount=row.amount,
        expense_account=account,
        payee_name=member.name,
        payee_member=member,
        payee_user=member.user if member.user_id else None,
        authorized_by=MANAGE_CAMPAIGN,
    )
    before, after = RECIPIENT.move(row, "pay")
    row.payment_key = key
    row.delivered_on = timezone.localdate()
    row.save(update_fields=["status", "payment_key", "delivered_on", "updated_at"])
    _event(campaign, "pay", actor, before=before, after=after, recipient=row, comment=f"#{payment.pk}")
    return created


def recipients_pay(*, actor: Actor, campaign: Campaign, recipient_ids: Iterable[object]) -> BulkResult:
    """Money to the chosen recipients: one payment request each from the campaign union's books (by
    ``assistance.manage_campaign`` there). Recipients already paid or removed are skipped; the unique payment key of
    the recipient and the finance idempotency key make a second request for anyone impossible."""
    ids = _bulk_ids(recipient_ids)
    access.require_action(actor, view_perm=VIEW_CAMPAIGN, perm=MANAGE_CAMPAIGN, unit=campaign.unit)
    if campaign.form != CampaignForm.MONEY:
        raise ValidationError(_("慰问品请登记发放日期。"), code="form")
    with transaction.atomic():
        campaign = _lock(campaign)
        if campaign.status != C.OPEN:
            raise _campaign_refusal(campaign.status, "pay")
        ledger, account = _expense_account(campaign)
        rows = list(
            CampaignRecipient.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, pk__in=ids)
            .select_related("member__user")
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise access.NotVisible()
        done = 0
        for row in rows:
            if RECIPIENT.allows(row.status, "pay") and row.payment_key is None:
                _pay_one(actor, campaign, row, ledger, account)
                done += 1
        audit_record(
            actor=actor,
            action="assistance.campaign_pay",
            target=campaign,
            target_repr=campaign.title,
            unit=campaign.unit,
            data={"recipients": [r.pk for r in rows], "requested": done},
        )
    return BulkResult(done=done, skipped=len(rows) - done)


def payments_of(recipients: Iterable[CampaignRecipient]) -> dict[str, PaymentRequest]:
    """The payment requests of money recipients, by key (read from finance, never stored twice)."""
    keys = [r.payment_key for r in recipients if r.payment_key]
    if not keys:
        return {}
    return {p.idempotency_key: p for p in PaymentRequest.objects.filter(source__in=keys)}


def budget_room(campaign: Campaign) -> Decimal:
    """What the budget still allows to allot, in money."""
    allotted = sum(CampaignAllotment.objects.filter(campaign=campaign).values_list("quota", flat=True))
    return campaign.budget - allotted * campaign.standard


def recipient_counts(campaign: Campaign) -> dict[int, int]:
    rows = (
        CampaignRecipient.objects.filter(campaign=campaign, status__in=COUNTED)
        .values("allotment_id")
        .annotate(n=Count("id", filter=Q(status__in=COUNTED)))
    )
    return {r["allotment_id"]: r["n"] for r in rows}
