"""Reads of online joining, transfers and member cards, always scoped (``access.scope``) or the actor's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.members import card as card_tokens
from gonghui.members.models import (
    OPEN_TRANSFER_STATUSES,
    GigRoute,
    JoinApplication,
    JoinStatus,
    Member,
    MemberCard,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from gonghui.members.permissions import APPROVE_JOIN, MANAGE_MEMBER, TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.services import MEMBER_UNIT_KINDS
from gonghui.orgs.models import Employer, OrgUnit

JOIN_RELATED = ("target_unit", "member_unit", "employer", "review_case", "member")
TRANSFER_RELATED = ("member", "from_unit", "to_unit", "to_employer")
JOIN_SORTS = {"-created": "-created_at", "created": "created_at", "status": "status", "unit": "target_unit__path"}
TRANSFER_SORTS = {"-requested": "-requested_at", "requested": "requested_at", "status": "status"}
EMPLOYER_SEARCH_LIMIT = 10
UNIT_SEARCH_LIMIT = 10
HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


def _as_int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise access.NotVisible from None


def _signed_in(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


# --- join applications -----------------------------------------------------------------------------------------


def join_list(*, actor: Any, status: str = "", q: str = "") -> QuerySet[JoinApplication]:
    """Applications to unions in the actor's ``members.view_member`` scope, newest first."""
    if not access.check_anywhere(actor, VIEW_MEMBER):
        raise access.Forbidden
    qs = access.scope(
        JoinApplication.objects.select_related(*JOIN_RELATED), actor, VIEW_MEMBER, unit_field="target_unit"
    )
    if status in JoinStatus.values:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("-created_at", "-pk")


def join_get(*, actor: Any, application_id: object) -> JoinApplication:
    try:
        application = JoinApplication.objects.select_related(*JOIN_RELATED, "applicant").get(pk=_as_int(application_id))
    except JoinApplication.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_MEMBER, application.target_unit)
    return application


def needs_assignment(*, actor: Any, application: JoinApplication) -> bool:
    """An application in review at a union that holds no members (a federation's queue), with no union chosen
    yet, that the actor may approve (``members.approve_join`` at its union)."""
    return (
        application.status == JoinStatus.SUBMITTED
        and application.member_unit_id is None
        and access.check(actor, APPROVE_JOIN, application.target_unit)
    )


def my_join_applications(*, actor: Any) -> QuerySet[JoinApplication]:
    if not _signed_in(actor):
        return JoinApplication.objects.none()
    return JoinApplication.objects.select_related(*JOIN_RELATED).filter(applicant_id=actor.pk).order_by("-pk")


def my_returned_application(*, actor: Any) -> JoinApplication | None:
    """The actor's own application that the union returned for changes, if any."""
    return my_join_applications(actor=actor).filter(status=JoinStatus.RETURNED).first()


def my_join_get(*, actor: Any, application_id: object) -> JoinApplication:
    try:
        return my_join_applications(actor=actor).get(pk=_as_int(application_id))
    except JoinApplication.DoesNotExist:
        raise access.NotVisible from None


# --- gig routes ------------------------------------------------------------------------------------------------


def gig_route_list(*, actor: Any) -> QuerySet[GigRoute]:
    if not access.check_anywhere(actor, APPROVE_JOIN):
        raise access.Forbidden
    qs = access.scope(GigRoute.objects.select_related("unit", "created_by"), actor, APPROVE_JOIN)
    return qs.filter(is_active=True).order_by("region_code", "gig_type", "pk")


def gig_route_get(*, actor: Any, route_id: object) -> GigRoute:
    try:
        route = GigRoute.objects.select_related("unit").get(pk=_as_int(route_id))
    except GigRoute.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, APPROVE_JOIN, route.unit)
    return route


def route_unit_choices(*, actor: Any) -> QuerySet[OrgUnit]:
    """Federations, industry and joint unions where the actor may approve joining (receivers of gig workers)."""
    return (
        access.units(actor, APPROVE_JOIN)
        .filter(status="active", kind__in=("federation", "industry", "joint"))
        .order_by("path")
    )


# --- employers -------------------------------------------------------------------------------------------------


def employer_search(*, q: str) -> list[Employer]:
    """At most 10 active employers whose name contains ``q`` or whose credit code starts with it (public
    directory data: the portal's join and transfer forms)."""
    q = "".join((q or "").split())
    if len(q) < 2:
        return []
    cond = Q(name__icontains=q)
    if q.isalnum() and q.isascii():
        cond |= Q(credit_code__startswith=q.upper())
    return list(
        Employer.objects.select_related("unit")
        .filter(cond, is_active=True, unit__status="active")
        .order_by("name", "pk")[:EMPLOYER_SEARCH_LIMIT]
    )


def employer_get(*, employer_id: object) -> Employer | None:
    try:
        pk = int(str(employer_id))
    except (TypeError, ValueError):
        return None
    return Employer.objects.select_related("unit").filter(pk=pk, is_active=True).first()


# --- my membership ---------------------------------------------------------------------------------------------


def my_member(*, actor: Any) -> Member | None:
    if not _signed_in(actor):
        return None
    return Member.objects.select_related("unit").filter(user_id=actor.pk, status__in=HOLDING).first()


def my_transfers(*, actor: Any) -> QuerySet[Transfer]:
    member = my_member(actor=actor)
    if member is None:
        return Transfer.objects.none()
    return Transfer.objects.select_related(*TRANSFER_RELATED).filter(member=member).order_by("-pk")


# --- transfers -------------------------------------------------------------------------------------------------


def _transfer_scope_q(actor: Any) -> Q:
    return access.scope_q(actor, VIEW_MEMBER, path_field="from_unit__path") | access.scope_q(
        actor, VIEW_MEMBER, path_field="to_unit__path"
    )


def transfer_list(*, actor: Any, direction: str = "", status: str = "", q: str = "") -> QuerySet[Transfer]:
    """Transfers out of or into unions in the actor's scope (``direction``: ``in`` / ``out`` / both); ``q``: the
    member's number, or part of their name."""
    if not access.check_anywhere(actor, VIEW_MEMBER):
        raise access.Forbidden
    if direction == "out":
        cond = access.scope_q(actor, VIEW_MEMBER, path_field="from_unit__path")
    elif direction == "in":
        cond = access.scope_q(actor, VIEW_MEMBER, path_field="to_unit__path")
    else:
        cond = _transfer_scope_q(actor)
    qs = Transfer.objects.select_related(*TRANSFER_RELATED).filter(cond)
    if status == "open":
        qs = qs.filter(status__in=OPEN_TRANSFER_STATUSES)
    elif status in TransferStatus.values:
        qs = qs.filter(status=status)
    q = "".join((q or "").split())
    if q:
        qs = qs.filter(Q(member__member_no=q.upper()) | Q(member__name__icontains=q))
    return qs.order_by("-requested_at", "-pk")


def transfer_get(*, actor: Any, transfer_id: object) -> Transfer:
    try:
        transfer = Transfer.objects.select_related(*TRANSFER_RELATED, "requested_by", "released_by", "decided_by").get(
            pk=_as_int(transfer_id)
        )
    except Transfer.DoesNotExist:
        raise access.NotVisible from None
    if not (access.check(actor, VIEW_MEMBER, transfer.from_unit) or access.check(actor, VIEW_MEMBER, transfer.to_unit)):
        raise access.NotVisible
    return transfer


def transfer_member_get(*, actor: Any, member_id: object) -> Member:
    """A member whose transfer the actor may start: visible (404 otherwise) and ``members.transfer_member`` at the
    member's union (403 otherwise)."""
    try:
        member = Member.objects.select_related("unit").get(pk=_as_int(member_id))
    except Member.DoesNotExist:
        raise access.NotVisible from None
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=TRANSFER_MEMBER, unit=member.unit)
    return member


def open_transfer_of(*, member: Member) -> Transfer | None:
    return (
        Transfer.objects.select_related(*TRANSFER_RELATED)
        .filter(member=member, status__in=OPEN_TRANSFER_STATUSES)
        .first()
    )


def transfer_unit_search(*, actor: Any, q: str) -> list[OrgUnit]:
    """Receiving unions for a transfer, across the whole platform (transfers cross cities): at most 10 active
    unions that hold members whose name contains ``q`` or whose credit code starts with it. Only the union's
    name is shown: finding a union reveals nothing of its members. Staff holding ``members.transfer_member``."""
    access.require_anywhere(actor, TRANSFER_MEMBER)
    q = "".join((q or "").split())
    if len(q) < 2:
        return []
    cond = Q(name__icontains=q) | Q(short_name__icontains=q)
    if q.isalnum() and q.isascii():
        cond |= Q(credit_code__startswith=q.upper())
    return list(
        OrgUnit.objects.filter(cond, status="active", kind__in=MEMBER_UNIT_KINDS)
        .only("pk", "name", "short_name", "kind")
        .order_by("name", "pk")[:UNIT_SEARCH_LIMIT]
    )


def transfer_unit_get(*, unit_id: object) -> OrgUnit | None:
    """A receiving union picked in :func:`transfer_unit_search` (the service validates it again)."""
    try:
        pk = int(str(unit_id))
    except (TypeError, ValueError):
        return None
    return OrgUnit.objects.filter(pk=pk, status="active", kind__in=MEMBER_UNIT_KINDS).first()


def transfer_actions(*, actor: Any, transfer: Transfer) -> frozenset[str]:
    """The buttons that will work for the actor on this transfer."""
    out: set[str] = set()
    if transfer.status == TransferStatus.REQUESTED and access.check(actor, TRANSFER_MEMBER, transfer.from_unit):
        out |= {"release", "reject", "cancel"}
    if transfer.status == TransferStatus.RELEASED:
        if access.check(actor, TRANSFER_MEMBER, transfer.to_unit):
            out |= {"accept", "reject"}
        if access.check(actor, TRANSFER_MEMBER, transfer.from_unit):
            out.add("cancel")
    return frozenset(out)


# --- cards -----------------------------------------------------------------------------------------------------


def card_member_get(*, actor: Any, member_id: object) -> Member:
    """A member in the actor's ``members.view_member`` scope (the card pages of the console)."""
    try:
        member = Member.objects.select_related("unit").get(pk=_as_int(member_id))
    except Member.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_MEMBER, member.unit)
    return member


def card_current(*, member: Member) -> MemberCard | None:
    return MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()


def card_history(*, member: Member) -> list[MemberCard]:
    return list(MemberCard.objects.filter(member=member).select_related("revoked_by").order_by("-issued_at", "-pk"))


def can_manage_card(*, actor: Any, member: Member) -> bool:
    return access.check(actor, MANAGE_MEMBER, member.unit)


@dataclass(frozen=True)
class Verification:
    state: str  # "valid", "revoked", "invalid"
    masked_name: str = ""
    union: str = ""
    member_no: str = ""
    issued: str = ""

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"


INVALID = Verification(state="invalid")


def card_verify(*, token: str) -> Verification:
    """Check a card token: a forged or malformed one is just "invalid" (nothing else is said); a genuine one
    shows the masked name and union it was signed with, and whether the card is still valid."""
    claims = card_tokens.verify(token)
    if claims is None:
        return INVALID
    card = (
        MemberCard.objects.select_related("member")
        .filter(token_id__in=[_uuid_or_none(claims.card_id)])
        .only("revoked_at", "member__status")
        .first()
    )
    if card is None:
        return INVALID
    revoked = card.revoked_at is not None or card.member.status not in HOLDING
    return Verification(
        state="revoked" if revoked else "valid",
        masked_name=claims.masked_name,
        union=claims.union,
        member_no=claims.member_no,
        issued=claims.issued,
    )


def _uuid_or_none(value: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(hex=value))
    except (ValueError, TypeError):
        return None
