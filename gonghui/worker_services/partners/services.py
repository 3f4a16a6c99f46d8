"""Benefits partners (优惠商户): a union registers a partner (its member discount, address, validity) and the
accounts that verify member cards at the partner's counter; a verifier checks a card.

A verifier is a portal account (a phone number: the verifier signs in on the portal by SMS) linked to the partner
by staff holding ``worker_services.manage_partners``; removing one keeps the row (``removed_at``). Verifying: the
verifier enters or scans the worker's card code; the member card's own verifier (``members.cards``) says valid,
expired, revoked or invalid, and the masked name; a valid card of a member outside the partner's union subtree is
"not covered" (the discount is the union's offer to its own members). Every check is a ``Redemption`` row and an
audit record, whatever the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name, mask_phone
from gonghui.common.phones import normalize_mobile
from gonghui.members.cards.selectors import card_member_for_token, card_verify
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import Partner, PartnerVerifier, Redemption
from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kind: str
    discount: str
    address: str
    valid_from: date
    valid_until: date | None = None
    phone: str = ""
    active: bool = True


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_PARTNERS, perm=MANAGE_PARTNERS, unit=unit)


def _clean(data: PartnerInput) -> dict[str, object]:
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())[:120]
    if not name:
        errors["name"] = _("请填写商户名称。")
    discount = " ".join(data.discount.split())[:200]
    if not discount:
        errors["discount"] = _("请填写会员优惠内容。")
    address = " ".join(data.address.split())[:200]
    if not address:
        errors["address"] = _("请填写地址。")
    if data.valid_until is not None and data.valid_until < data.valid_from:
        errors["valid_until"] = _("截止日期不能早于生效日期。")
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "kind": data.kind,
        "discount": discount,
        "address": address,
        "phone": data.phone.strip()[:20],
        "valid_from": data.valid_from,
        "valid_until": data.valid_until,
        "active": data.active,
    }


def partner_create(*, actor: Actor, unit: OrgUnit, data: PartnerInput) -> Partner:
    _require_manage(actor, unit)
    user = access.require_user(actor)
    fields = _clean(data)
    with transaction.atomic():
        partner = Partner.objects.create(unit=unit, created_by=user, **fields)
        audit_record(
            actor=actor,
            action="worker_services.partner_create",
            target=partner,
            target_repr=partner.name,
            unit=unit,
            data={"discount": partner.discount},
        )
    return partner


def partner_update(*, actor: Actor, partner: Partner, data: PartnerInput) -> Partner:
    _require_manage(actor, partner.unit)
    fields = _clean(data)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(partner, name, value)
        partner.save()
        audit_record(
            actor=actor,
            action="worker_services.partner_update",
            target=partner,
            target_repr=partner.name,
            unit=partner.unit,
            data={"discount": partner.discount, "active": partner.active},
        )
    return partner


def verifier_add(*, actor: Actor, partner: Partner, phone: str, name: str) -> PartnerVerifier:
    """Link the portal account of ``phone`` to the partner (created when there is none: it signs in by SMS)."""
    _require_manage(actor, partner.unit)
    by = access.require_user(actor)
    number = normalize_mobile(phone)
    if not number:
        raise ValidationError({"phone": _("请填写正确的手机号。")})
    with transaction.atomic():
        user = User.objects.filter(phone=number).first()
        if user is None:
            user = User.objects.create_user(username=number, phone=number, name=" ".join(name.split())[:64] or number)
        found = PartnerVerifier.objects.filter(partner=partner, user=user, removed_at__isnull=True).first()
        if found is not None:
            return found
        verifier = PartnerVerifier.objects.create(partner=partner, user=user, added_by=by)
        audit_record(
            actor=actor,
            action="worker_services.verifier_add",
            target=partner,
            target_repr=f"{partner.name} · {mask_phone(number)}",
            unit=partner.unit,
            data={"verifier": verifier.pk},
        )
    return verifier


def verifier_remove(*, actor: Actor, verifier: PartnerVerifier) -> PartnerVerifier:
    partner = verifier.partner
    _require_manage(actor, partner.unit)
    with transaction.atomic():
        if verifier.removed_at is None:
            verifier.removed_at = timezone.now()
            verifier.save(update_fields=["removed_at"])
            audit_record(
                actor=actor,
                action="worker_services.verifier_remove",
                target=partner,
                target_repr=partner.name,
                unit=partner.unit,
                data={"verifier": verifier.pk},
            )
    return verifier


def is_verifier(actor: Actor, partner: Partner) -> bool:
    user = access.user_of(actor)
    return (
        user is not None
        and PartnerVerifier.objects.filter(partner=partner, user=user, removed_at__isnull=True).exists()
    )


def partner_in_force(partner: Partner, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return partner.active and partner.valid_from <= on and (partner.valid_until is None or on <= partner.valid_until)


def redemption_verify(*, actor: Actor, partner: Partner, code: str) -> Redemption:
    """The partner's verifier checks a member card: recorded and audited whatever the answer."""
    if not is_verifier(actor, partner):
        raise access.NotVisible
    user = access.require_user(actor)
    if not partner_in_force(partner):
        raise ValidationError(_("本商户的会员优惠不在有效期内。"), code="expired_partner")
    token = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not token:
        raise ValidationError({"code": _("请扫描或输入会员证二维码。")})
    checked = card_verify(token=token)
    member = card_member_for_token(token=token) if checked.is_valid else None
    state = checked.state
    if member is not None and not member.unit.path.startswith(partner.unit.path):
        state = "not_covered"
    with transaction.atomic():
        redemption = Redemption.objects.create(
            partner=partner,
            unit=partner.unit,
            member=member,
            state=state,
            valid=state == "valid",
            masked_name=checked.masked_name or (mask_name(member.name) if member else ""),
            verified_by=user,
        )
        audit_record(
            actor=actor,
            action="worker_services.redemption_verify",
            target=redemption,
            target_repr=f"{partner.name} · {redemption.masked_name or '—'}",
            unit=partner.unit,
            data={"partner": partner.pk, "state": state},
        )
    return redemption
