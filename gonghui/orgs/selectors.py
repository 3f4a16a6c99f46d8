"""Reading the org tree, always within the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT

UNIT_SORTS = {"name": "name", "-name": "-name", "kind": "kind", "path": "path", "-created": "-created_at"}


def unit_get(*, actor: Any, unit_id: object, perm: str = VIEW_UNIT) -> OrgUnit:
    """The unit, if the actor holds ``perm`` there; otherwise 404 (no existence leak)."""
    try:
        unit = OrgUnit.objects.get(pk=int(str(unit_id)))
    except (OrgUnit.DoesNotExist, ValueError):
        raise access.NotVisible from None
    access.require_visible(actor, perm, unit)
    return unit


def unit_list(
    *,
    actor: Any,
    within: OrgUnit | None = None,
    q: str = "",
    kind: str = "",
    status: str = "",
    region_code: str = "",
    sort: str = "path",
    perm: str = VIEW_UNIT,
) -> QuerySet[OrgUnit]:
    qs = access.units(actor, perm)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(credit_code=q.upper()))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if region_code:
        qs = qs.filter(region_code__startswith=region_code.rstrip("0") or region_code)
    return qs.order_by(UNIT_SORTS.get(sort, "path"), "path")


def unit_children(*, actor: Any, unit: OrgUnit) -> QuerySet[OrgUnit]:
    access.require_visible(actor, VIEW_UNIT, unit)
    return OrgUnit.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1
    ).order_by("path")


def unit_roots(*, actor: Any) -> list[OrgUnit]:
    """The highest units where the actor holds a role: the roots of their tree navigator."""
    paths = access.root_paths(actor)
    if not paths:
        return []
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def unit_ancestors_visible(*, actor: Any, unit: OrgUnit) -> list[OrgUnit]:
    """Breadcrumb: the unit's ancestors that the actor may see, root first, ending with ``unit``."""
    paths = unit.ancestor_paths()
    visible = [p for p in paths if access.check(actor, VIEW_UNIT, _PathOnly(p))]
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=visible)}
    return [by_path[p] for p in visible if p in by_path]


class _PathOnly:
    def __init__(self, path: str) -> None:
        self.path = path


def employer_list(*, actor: Any, unit: OrgUnit | None = None, q: str = "") -> QuerySet[Employer]:
    qs = access.scope(Employer.objects.select_related("unit"), actor, VIEW_UNIT)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return qs.order_by("name", "pk")


def employer_get(*, actor: Any, employer_id: object) -> Employer:
    try:
        employer = Employer.objects.select_related("unit").get(pk=int(str(employer_id)))
    except (Employer.DoesNotExist, ValueError):
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_UNIT, employer.unit)
    return employer
