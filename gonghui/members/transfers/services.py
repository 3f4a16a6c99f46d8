"""Writes of organisational transfer (接转): request, release by the old union, accept by the new one, reject,
cancel; the member gets an SMS of an acceptance or a rejection (``joining.notifications``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.members.cards.services import card_issue_for
from gonghui.members.joining import notifications
from gonghui.members.models import (
    OPEN_TRANSFER_STATUSES,
    Member,
    MemberCard,
    MemberEvent,
    MemberEventKind,
    Transfer,
    TransferStatus,
)
from gonghui.members.permissions import TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.roster.services import (
    HOLDING_STATUSES,
    _text,
    _today,
    holds_members,
    name_grams_follow_unit,
)
from gonghui.members.stats.services import member_stats_mark_dirty
from gonghui.orgs.models import Employer, OrgUnit

TRANSFER_AUDIT = ("status", "from_unit", "to_unit", "reason", "comment")

# What other modules do when a membership moves (a hardship file follows its member): ``fn(member, from_unit,
# to_unit, actor)``, called inside the acceptance's transaction, registered in the module's ``AppConfig.ready()``
# through :func:`register_transfer_accepted`. A handler that raises rolls the acceptance back.
TransferAccepted = Callable[[Member, OrgUnit, OrgUnit, User], None]
_accepted_handlers: list[TransferAccepted] = []


def register_transfer_accepted(fn: TransferAccepted) -> TransferAccepted:
    """Call ``fn`` whenever a transfer is accepted (registering the same function twice has no effect)."""
    if fn not in _accepted_handlers:
        _accepted_handlers.append(fn)
    return fn


def _transfer_visible(actor: Actor, transfer: Transfer) -> None:
    if not (
        access.check(actor, VIEW_MEMBER, transfer.from_unit)
        or access.check(actor, VIEW_MEMBER, transfer.to_unit)
        or access.is_self(actor, transfer.member.user_id)
    ):
        raise access.NotVisible(_("未找到。"))


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_unit", "to_unit", "to_employer")
        .get(pk=transfer.pk)
    )


# The one table of transfer moves, each named by the status it leads to.
TRANSFER = StateMachine.of_moves(
    [
        (TransferStatus.REQUESTED, TransferStatus.RELEASED),
        (TransferStatus.RELEASED, TransferStatus.ACCEPTED),
        (TransferStatus.REQUESTED, TransferStatus.REJECTED),
        (TransferStatus.RELEASED, TransferStatus.REJECTED),
        (TransferStatus.REQUESTED, TransferStatus.CANCELLED),
        (TransferStatus.RELEASED, TransferStatus.CANCELLED),
    ],
    refusal=lambda status, action: ValidationError(
        _("该接转当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": TransferStatus(status).label},
        code="stale",  # the API answers 409: someone else moved the transfer meanwhile
    ),
)
# The pair of fields stamped with who made a move and when: the release by the old union, else the decision.
TRANSFER_STAMPS: dict[str, tuple[str, str]] = {TransferStatus.RELEASED: ("released_by", "released_at")}
DECISION_STAMP = ("decided_by", "decided_at")


def _transfer_move(
    transfer: Transfer,
    *,
    actor: User,
    to: str,
    action: str,
    units: tuple[OrgUnit, ...],
    comment: str | None,
    data: dict[str, Any] | None = None,
) -> Transfer:
    """Make one move of :data:`TRANSFER` on a locked transfer: stamp, save, and audit at ``units``."""
    TRANSFER.check(transfer.status, to)
    before = snapshot(transfer, TRANSFER_AUDIT)
    by_field, at_field = TRANSFER_STAMPS.get(to, DECISION_STAMP)
    TRANSFER.move(transfer, to)
    setattr(transfer, by_field, actor)
    setattr(transfer, at_field, timezone.now())
    fields = ["status", by_field, at_field]
    if comment is not None:
        transfer.comment = comment
        fields.append("comment")
    transfer.save(update_fields=fields)
    after = snapshot(transfer, TRANSFER_AUDIT)
    for unit in units:
        audit_record(
            actor=actor,
            action=action,
            target=transfer,
            target_repr=transfer.member.member_no,
            unit=unit,
            before=before,
            after=after,
            data=data or {},
        )
    return transfer


def transfer_request(
    *, actor: User, member: Member, to_unit: OrgUnit | None = None, to_employer: Employer | None = None, reason: str
) -> Transfer:
    """The member (from the portal) or staff holding ``members.transfer_member`` at the member's current union
    ask to move the membership to ``to_unit`` (or the union of ``to_employer``)."""
    is_member = access.is_self(actor, member.user_id)
    if not is_member:
        access.require_action(actor, view_perm=VIEW_MEMBER, perm=TRANSFER_MEMBER, unit=member.unit)
    reason = _text(reason, field="reason", label=_("接转原因"), limit=200, required=True)
    if to_employer is not None:
        to_employer = Employer.objects.select_related("unit").filter(pk=to_employer.pk, is_active=True).first()
        if to_employer is None:
            raise ValidationError({"to_employer": _("请选择有效的新工作单位。")})
        to_unit = to_employer.unit
    if to_unit is None:
        raise ValidationError({"to_unit": _("请选择转入的工会或新工作单位。")})
    to_unit = OrgUnit.objects.get(pk=to_unit.pk)
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("转入的工会已撤销。")})
    if not holds_members(to_unit):
        raise ValidationError(
            {
                "to_unit": _("会员只能转入基层工会、联合工会、产业工会或分工会，不能直接转入“%(u)s”。")
                % {"u": to_unit.name}
            }
        )
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ValidationError(_("会籍已终止，不能办理接转。"))
        if member.unit_id == to_unit.pk:
            raise ValidationError({"to_unit": _("转入工会与现在所在工会相同。")})
        if Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER_STATUSES).exists():
            raise ValidationError(_("该会员已有一件办理中的组织关系接转。"), code="open_transfer")
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    member=member,
                    from_unit=member.unit,
                    to_unit=to_unit,
                    to_employer=to_employer,
                    reason=reason,
                    by_member=is_member,
                    requested_by=actor,
                )
        except IntegrityError:
            raise ValidationError(_("该会员已有一件办理中的组织关系接转。"), code="open_transfer") from None
        audit_record(
            actor=actor,
            action="members.transfer_request",
            target=transfer,
            target_repr=f"{member.member_no}",
            unit=member.unit,
            after=snapshot(transfer, TRANSFER_AUDIT),
        )
    return transfer


def transfer_release(*, actor: User, transfer: Transfer, comment: str = "") -> Transfer:
    """The old union releases the membership (``members.transfer_member`` at ``from_unit``)."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        access.require(actor, TRANSFER_MEMBER, transfer.from_unit)
        TRANSFER.check(transfer.status, TransferStatus.RELEASED)
        text = _text(comment, field="comment", label=_("意见"), limit=200, required=False)
        return _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.RELEASED,
            action="members.transfer_release",
            units=(transfer.from_unit,),
            comment=text,
        )


def transfer_accept(*, actor: User, transfer: Transfer, comment: str = "") -> Transfer:
    """The new union accepts (``members.transfer_member`` at ``to_unit``): the member moves, both unions' history
    records it, and a new card names the new union."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        access.require(actor, TRANSFER_MEMBER, transfer.to_unit)
        TRANSFER.check(transfer.status, TransferStatus.ACCEPTED)
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        if member.status not in HOLDING_STATUSES or member.unit_id != transfer.from_unit_id:
            raise ValidationError(_("会员的会籍已变化，不能接收，请取消此次接转。"))
        today = _today()
        member.unit = transfer.to_unit
        update = ["unit", "updated_at"]
        if transfer.to_employer is not None:
            member.employer = transfer.to_employer
            member.employer_name = transfer.to_employer.name
            update += ["employer", "employer_name"]
        member.save(update_fields=update)
        member_stats_mark_dirty(unit_ids=[transfer.from_unit_id, transfer.to_unit_id])
        name_grams_follow_unit(member_ids=[member.pk], unit_id=member.unit_id)
        uid = actor.pk
        MemberEvent.objects.create(
            member=member,
            kind=MemberEventKind.TRANSFERRED,
            unit=transfer.from_unit,
            other_unit=transfer.to_unit,
            actor_id=uid,
            on=today,
            note=_("转出至%(u)s") % {"u": transfer.to_unit.name},
            changes={"transfer": transfer.pk, "direction": "out"},
        )
        MemberEvent.objects.create(
            member=member,
            kind=MemberEventKind.TRANSFERRED,
            unit=transfer.to_unit,
            other_unit=transfer.from_unit,
            actor_id=uid,
            on=today,
            note=_("由%(u)s转入") % {"u": transfer.from_unit.name},
            changes={"transfer": transfer.pk, "direction": "in"},
        )
        text = _text(comment, field="comment", label=_("意见"), limit=200, required=False) if comment else None
        _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.ACCEPTED,
            action="members.transfer_accept",
            units=(transfer.from_unit, transfer.to_unit),
            comment=text,
            data={"member": member.pk},
        )
        for handler in list(_accepted_handlers):
            handler(member, transfer.from_unit, transfer.to_unit, actor)
        if MemberCard.objects.filter(member=member, revoked_at__isnull=True).exists():
            card_issue_for(member, actor=actor)
        notifications.transfer_accepted(
            user=member.user,
            phone=_member_phone(member),
            from_union=transfer.from_unit.display_name,
            to_union=transfer.to_unit.display_name,
            key=f"members.transfer:{transfer.pk}:accepted",
        )
    return transfer


def _member_phone(member: Member) -> str:
    """Where to send a member an SMS: the roster's phone, else the phone of their portal account."""
    if member.phone:
        return member.phone
    if member.user_id is None:
        return ""
    from gonghui.accounts.models import User

    return User.objects.filter(pk=member.user_id).values_list("phone", flat=True).first() or ""


def transfer_reject(*, actor: User, transfer: Transfer, comment: str) -> Transfer:
    """The side that must act now declines: the old union before releasing, the new union after."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        TRANSFER.check(transfer.status, TransferStatus.REJECTED)
        acting = transfer.from_unit if transfer.status == TransferStatus.REQUESTED else transfer.to_unit
        access.require(actor, TRANSFER_MEMBER, acting)
        text = _text(comment, field="comment", label=_("不同意的理由"), limit=200, required=True)
        transfer = _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.REJECTED,
            action="members.transfer_reject",
            units=(acting,),
            comment=text,
        )
        notifications.transfer_rejected(
            user=transfer.member.user,
            phone=_member_phone(transfer.member),
            union=acting.display_name,
            reason=text,
            key=f"members.transfer:{transfer.pk}:rejected",
        )
        return transfer


def transfer_cancel(*, actor: User, transfer: Transfer, comment: str = "") -> Transfer:
    """The requesting member, or staff holding ``members.transfer_member`` at the old union, withdraw an open
    transfer."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        if not (transfer.by_member and access.is_self(actor, transfer.member.user_id)):
            access.require(actor, TRANSFER_MEMBER, transfer.from_unit)
        TRANSFER.check(transfer.status, TransferStatus.CANCELLED)
        text = _text(comment, field="comment", label=_("说明"), limit=200, required=False)
        return _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.CANCELLED,
            action="members.transfer_cancel",
            units=(transfer.from_unit,),
            comment=text,
        )
