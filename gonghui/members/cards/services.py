"""Writes of member cards: issue (on joining, on transfer, on first view), re-issue and revoke."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.members.cards import tokens as card_tokens
from gonghui.members.models import (
    Member,
    MemberCard,
)
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster.services import (
    HOLDING_STATUSES,
    _signed_in,
    _text,
)
from gonghui.orgs.models import OrgUnit


def card_issue_for(member: Member, *, actor: User | None) -> MemberCard:
    """Issue a new card (the previous valid one, if any, is revoked). Internal: callers authorize."""
    now = timezone.now()
    for previous in MemberCard.objects.select_for_update().filter(member=member, revoked_at__isnull=True):
        previous.revoked_at = now
        previous.revoked_by = actor if _signed_in(actor) else None
        previous.reason = previous.reason or _("换发新卡")
        previous.save(update_fields=["revoked_at", "revoked_by", "reason"])
    unit = OrgUnit.objects.get(pk=member.unit_id)
    card = MemberCard(member=member, issued_by=actor if _signed_in(actor) else None)
    card.payload = card_tokens.make_payload(
        card_id=card.token_id.hex,
        member_no=member.member_no,
        masked_name=mask_name(member.name),
        union=unit.display_name,
        issued=timezone.localdate(now).isoformat(),
    )
    card.save()
    audit_record(
        actor=actor if _signed_in(actor) else None,
        action="members.card_issue",
        target=card,
        target_repr=f"{member.member_no}",
        unit=unit,
        after={"member": member.pk, "card": card.token_id.hex},
    )
    return card


def card_reissue(*, actor: User, member: Member) -> MemberCard:
    """Staff (``members.manage_member``) issue a new card; the old one stops verifying."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ValidationError(_("会籍已终止，不能发卡。"))
        return card_issue_for(member, actor=actor)


def card_revoke(*, actor: User, member: Member, reason: str) -> MemberCard:
    """Staff revoke the member's valid card (lost, misused): verification then answers "revoked"."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    reason = _text(reason, field="reason", label=_("作废原因"), limit=200, required=True)
    with transaction.atomic():
        card = MemberCard.objects.select_for_update().filter(member=member, revoked_at__isnull=True).first()
        if card is None:
            raise ValidationError(_("该会员没有有效的会员卡。"))
        card.revoked_at = timezone.now()
        card.revoked_by = actor
        card.reason = reason
        card.save(update_fields=["revoked_at", "revoked_by", "reason"])
        audit_record(
            actor=actor,
            action="members.card_revoke",
            target=card,
            target_repr=member.member_no,
            unit=member.unit,
            after={"member": member.pk, "card": card.token_id.hex, "reason": reason},
        )
    return card


def card_ensure_own(*, actor: Actor) -> MemberCard | None:
    """The signed-in member's valid card, issued on first view if their membership has none yet."""
    if not isinstance(actor, User) or not actor.is_authenticated:  # the member's own account, never anonymous
        return None
    member = Member.objects.select_related("unit").filter(user=actor, status__in=HOLDING_STATUSES).first()
    if member is None:
        return None
    card = MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()
    if card is not None:
        return card
    if MemberCard.objects.filter(member=member).exists():
        return None  # revoked by staff: a new card comes from the union
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        existing = MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()
        return existing or card_issue_for(member, actor=actor)
