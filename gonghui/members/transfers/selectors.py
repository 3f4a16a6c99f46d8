"""Reads of organisational transfer (接转), scoped to the unions on either side, or the member's own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.members.models import (
    OPEN_TRANSFER_STATUSES,
    Member,
    Transfer,
    TransferStatus,
)
from gonghui.members.permissions import TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.roster.selectors import _as_int, my_member
from gonghui.members.roster.services import MEMBER_UNIT_KINDS
from gonghui.orgs.models import OrgUnit

TRANSFER_RELATED = ("member", "from_unit", "to_unit", "to_employer")


TRANSFER_SORTS = {"-requested": "-requested_at", "requested": "requested_at", "status": "status"}


UNIT_SEARCH_LIMIT = 10
UNIT_QUERY_MAX = 100


def my_transfers(*, actor: Actor) -> QuerySet[Transfer]:
    member = my_member(actor=actor)
    if member is None:
        return Transfer.objects.none()
    return Transfer.objects.select_related(*TRANSFER_RELATED).filter(member=member).order_by("-pk")


def _transfer_scope_q(actor: Actor) -> Q:
    return access.scope_q(actor, VIEW_MEMBER, path_field="from_unit__path") | access.scope_q(
        actor, VIEW_MEMBER, path_field="to_unit__path"
    )


def transfer_list(*, actor: Actor, direction: str = "", status: str = "", q: str = "") -> QuerySet[Transfer]:
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


def transfer_get(*, actor: Actor, transfer_id: object) -> Transfer:
    try:
        transfer = Transfer.objects.select_related(*TRANSFER_RELATED, "requested_by", "released_by", "decided_by").get(
            pk=_as_int(transfer_id)
        )
    except Transfer.DoesNotExist:
        raise access.NotVisible from None
    if not (access.check(actor, VIEW_MEMBER, transfer.from_unit) or access.check(actor, VIEW_MEMBER, transfer.to_unit)):
        raise access.NotVisible
    return transfer


def transfer_member_get(*, actor: Actor, member_id: object) -> Member:
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


def transfer_unit_search(*, actor: Actor, q: str) -> list[OrgUnit]:
    """Receiving unions for a transfer, across the whole platform (transfers cross cities): at most 10 active
    unions that hold members whose name contains ``q`` or whose credit code starts with it. Only the union's
    name is shown: finding a union reveals nothing of its members. Staff holding ``members.transfer_member``."""
    access.require_anywhere(actor, TRANSFER_MEMBER)
    q = "".join((q or "").split())
    if not 2 <= len(q) <= UNIT_QUERY_MAX:  # no union's name is longer; SQLite refuses LIKE patterns over 50 kB
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
    pk = int_param(unit_id, min_value=1)
    if pk is None:
        return None
    unit: OrgUnit | None = OrgUnit.objects.filter(pk=pk, status="active", kind__in=MEMBER_UNIT_KINDS).first()
    return unit


def transfer_actions(*, actor: Actor, transfer: Transfer) -> frozenset[str]:
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
