"""Gig-worker routing of online joining: which union receives a gig worker's application, and the routes
unions set for that (``GigRoute``)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.models import (
    GigRoute,
    GigType,
)
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.orgs.models import OrgUnit, UnitKind


def gig_route_for(region_code: str, gig_type: str) -> tuple[OrgUnit | None, GigRoute | None]:
    """The union receiving gig workers of ``gig_type`` working in county ``region_code``: the active route with
    the longest matching region prefix (a specific gig type before "any"); else the county's joint union
    (:func:`county_joint_union`); else the county federation, whose clerk assigns a union on approval."""
    prefixes = [region_code[:i] for i in range(2, len(region_code) + 1)]
    routes = list(
        GigRoute.objects.select_related("unit").filter(
            is_active=True, region_code__in=prefixes, gig_type__in=[gig_type, ""], unit__status="active"
        )
    )
    if routes:
        best = max(routes, key=lambda r: (len(r.region_code), r.gig_type != ""))
        return best.unit, best
    federation = (
        OrgUnit.objects.filter(region_code=region_code, kind=UnitKind.FEDERATION, status="active")
        .order_by("depth", "path")
        .first()
    )
    if federation is None:
        return None, None
    return county_joint_union(federation) or federation, None


def county_joint_union(federation: OrgUnit) -> OrgUnit | None:
    """The county's joint union (联合工会): the one active joint union of the county's region nearest the county
    federation in its subtree. Two at the same level are ambiguous: ``None`` (the federation's clerk assigns)."""
    candidates = list(
        OrgUnit.objects.filter(
            path__startswith=federation.path,
            depth__gt=federation.depth,
            kind=UnitKind.JOINT,
            region_code=federation.region_code,
            status="active",
        ).order_by("depth", "path")[:2]
    )
    if not candidates:
        return None
    if len(candidates) == 2 and candidates[0].depth == candidates[1].depth:
        return None
    return candidates[0]


def gig_route_save(*, actor: User, region_code: str, gig_type: str, unit: OrgUnit) -> GigRoute:
    """Route gig workers of ``region_code*`` and ``gig_type`` (blank: any) to ``unit``; replaces the active route
    for the same region and type. Needs ``members.approve_join`` at ``unit``."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=APPROVE_JOIN, unit=unit)
    from gonghui.orgs.codes import region_get

    region_code = (region_code or "").strip()
    if not re.fullmatch(r"[0-9]{2}|[0-9]{4}|[0-9]{6}", region_code):
        raise ValidationError({"region_code": _("请填写 2、4 或 6 位行政区划代码（前缀）。")})
    if region_get(region_code.ljust(6, "0")) is None:
        raise ValidationError({"region_code": _("“%(code)s”不是有效的行政区划代码。") % {"code": region_code}})
    if gig_type not in GigType.values:
        raise ValidationError({"gig_type": _("请选择新就业形态类型。")})
    if not unit.is_active:
        raise ValidationError({"unit": _("已撤销的组织不能受理入会。")})
    with transaction.atomic():
        old = GigRoute.objects.select_for_update().filter(region_code=region_code, gig_type=gig_type, is_active=True)
        for previous in old:
            access.require(actor, APPROVE_JOIN, previous.unit)
            previous.is_active = False
            previous.save(update_fields=["is_active"])
            audit_record(actor=actor, action="members.gig_route_deactivate", target=previous, unit=previous.unit)
        route = GigRoute.objects.create(region_code=region_code, gig_type=gig_type, unit=unit, created_by=actor)
        audit_record(
            actor=actor,
            action="members.gig_route_save",
            target=route,
            unit=unit,
            after=snapshot(route, ("region_code", "gig_type", "unit", "is_active")),
        )
    return route


def gig_route_deactivate(*, actor: Actor, route: GigRoute) -> GigRoute:
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=APPROVE_JOIN, unit=route.unit)
    with transaction.atomic():
        route = GigRoute.objects.select_for_update().select_related("unit").get(pk=route.pk)
        if not route.is_active:
            return route
        route.is_active = False
        route.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="members.gig_route_deactivate",
            target=route,
            unit=route.unit,
            before={"is_active": True},
            after={"is_active": False},
        )
    return route
