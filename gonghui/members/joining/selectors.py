"""Reads of online joining (applications, gig-worker routes, the employer directory), always scoped
(``access.scope``) or the actor's own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.members.models import (
    GigRoute,
    JoinApplication,
    JoinStatus,
)
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.roster.selectors import _as_int, _signed_in
from gonghui.orgs.models import Employer, OrgUnit

JOIN_RELATED = ("target_unit", "member_unit", "employer", "review_case", "member")
JOIN_SORTS = {"-created": "-created_at", "created": "created_at", "status": "status", "unit": "target_unit__path"}
EMPLOYER_SEARCH_LIMIT = 10


# --- join applications -----------------------------------------------------------------------------------------


def join_list(*, actor: Actor, status: str = "", q: str = "", unit: OrgUnit | None = None) -> QuerySet[JoinApplication]:
    """Applications to unions in the actor's ``members.view_member`` scope (and ``unit``'s subtree), newest
    first."""
    if not access.check_anywhere(actor, VIEW_MEMBER):
        raise access.Forbidden
    qs = access.scope(
        JoinApplication.objects.select_related(*JOIN_RELATED), actor, VIEW_MEMBER, unit_field="target_unit"
    )
    if unit is not None:
        qs = qs.filter(target_unit__path__startswith=unit.path)
    if status in JoinStatus.values:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("-created_at", "-pk")


def join_get(*, actor: Actor, application_id: object) -> JoinApplication:
    try:
        application = JoinApplication.objects.select_related(*JOIN_RELATED, "applicant").get(pk=_as_int(application_id))
    except JoinApplication.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_MEMBER, application.target_unit)
    return application


def needs_assignment(*, actor: Actor, application: JoinApplication) -> bool:
    """An application in review at a union that holds no members (a federation's queue), with no union chosen
    yet, that the actor may approve (``members.approve_join`` at its union)."""
    return (
        application.status == JoinStatus.SUBMITTED
        and application.member_unit_id is None
        and access.check(actor, APPROVE_JOIN, application.target_unit)
    )


def my_join_applications(*, actor: Actor) -> QuerySet[JoinApplication]:
    if not _signed_in(actor):
        return JoinApplication.objects.none()
    return JoinApplication.objects.select_related(*JOIN_RELATED).filter(applicant_id=actor.pk).order_by("-pk")


def my_returned_application(*, actor: Actor) -> JoinApplication | None:
    """The actor's own application that the union returned for changes, if any."""
    return my_join_applications(actor=actor).filter(status=JoinStatus.RETURNED).first()


def my_join_get(*, actor: Actor, application_id: object) -> JoinApplication:
    try:
        return my_join_applications(actor=actor).get(pk=_as_int(application_id))
    except JoinApplication.DoesNotExist:
        raise access.NotVisible from None


# --- gig routes ------------------------------------------------------------------------------------------------


def gig_route_list(*, actor: Actor) -> QuerySet[GigRoute]:
    if not access.check_anywhere(actor, APPROVE_JOIN):
        raise access.Forbidden
    qs = access.scope(GigRoute.objects.select_related("unit", "created_by"), actor, APPROVE_JOIN)
    return qs.filter(is_active=True).order_by("region_code", "gig_type", "pk")


def gig_route_get(*, actor: Actor, route_id: object) -> GigRoute:
    try:
        route = GigRoute.objects.select_related("unit").get(pk=_as_int(route_id))
    except GigRoute.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, APPROVE_JOIN, route.unit)
    return route


ROUTE_UNIT_KINDS = ("federation", "industry", "joint")  # receivers of gig workers (the routes page's picker)

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
    pk = int_param(employer_id, min_value=1)
    if pk is None:
        return None
    return Employer.objects.select_related("unit").filter(pk=pk, is_active=True).first()
