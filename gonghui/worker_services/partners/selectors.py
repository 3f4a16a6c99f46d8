"""Reads of benefits partners: the console's lists (scoped), a partner's verifiers and redemptions, the partners a
member may use (those of their unions, in force), and the partners the signed-in account verifies for."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.roster.selectors import my_member
from gonghui.worker_services.activities.selectors import service_tiles
from gonghui.worker_services.models import Partner, PartnerKind, PartnerVerifier, Redemption
from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS


def _as_int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise access.NotVisible from None


def partner_list(*, actor: Actor, q: str = "", kind: str = "") -> QuerySet[Partner]:
    qs = access.scope(Partner.objects.select_related("unit"), actor, VIEW_PARTNERS)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if kind in PartnerKind.values:
        qs = qs.filter(kind=kind)
    return qs


def partner_get(*, actor: Actor, partner_id: object) -> Partner:
    try:
        partner = Partner.objects.select_related("unit").get(pk=_as_int(partner_id))
    except Partner.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_PARTNERS, partner.unit)
    return partner


def can_manage(*, actor: Actor, partner: Partner) -> bool:
    return access.check(actor, MANAGE_PARTNERS, partner.unit)


def verifier_list(*, partner: Partner) -> QuerySet[PartnerVerifier]:
    return PartnerVerifier.objects.filter(partner=partner).select_related("user").order_by("removed_at", "-added_at")


def verifier_get(*, actor: Actor, verifier_id: object) -> PartnerVerifier:
    try:
        verifier = PartnerVerifier.objects.select_related("partner", "partner__unit").get(pk=_as_int(verifier_id))
    except PartnerVerifier.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_PARTNERS, verifier.partner.unit)
    return verifier


def redemption_list(*, actor: Actor, partner_id: int | None = None, valid: str = "") -> QuerySet[Redemption]:
    qs = access.scope(Redemption.objects.select_related("partner", "verified_by"), actor, VIEW_PARTNERS)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if valid in ("1", "0"):
        qs = qs.filter(valid=valid == "1")
    return qs


def member_partners(*, actor: Actor) -> list[Partner]:
    """Partners in force of the member's unions (their discount is for this member)."""
    member = my_member(actor=actor)
    if member is None:
        return []
    today = timezone.localdate()
    return list(
        Partner.objects.filter(unit__path__in=member.unit.ancestor_paths(), active=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("unit")
        .order_by("kind", "name")[:200]
    )


def my_verifier_partners(*, actor: Actor) -> list[Partner]:
    user = access.user_of(actor)
    if user is None:
        return []
    return list(Partner.objects.filter(verifiers__user=user, verifiers__removed_at__isnull=True).select_related("unit"))


def my_verifier_partner_get(*, actor: Actor, partner_id: object) -> Partner:
    pk = _as_int(partner_id)
    found = next((p for p in my_verifier_partners(actor=actor) if p.pk == pk), None)
    if found is None:
        raise access.NotVisible
    return found


def has_partners(user: Any) -> bool:
    """A portal tile's ``when``: a member with a partner of their unions in force, or a partner's verifier (asked
    with the activities' tile in one query: ``activities.selectors.service_tiles``)."""
    return service_tiles(user)[1]
