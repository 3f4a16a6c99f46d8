"""Reading the org tree, always within the actor's scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.orgs.codes import normalize_uscc
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT

UNIT_SORTS = {"name": "name", "-name": "-name", "kind": "kind", "path": "path", "-created": "-created_at"}


def _as_int(value: object) -> int:
    """An id from a request (``common.params.int_param``); ``ValueError`` for anything else."""
    parsed = int_param(value if isinstance(value, int) else str(value), min_value=1)
    if parsed is None:
        raise ValueError(value)
    return parsed


def unit_get(*, actor: access.Actor, unit_id: object, perm: str = VIEW_UNIT) -> OrgUnit:
    """The unit, if the actor holds ``perm`` there; otherwise 404 (no existence leak)."""
    try:
        unit: OrgUnit = OrgUnit.objects.get(pk=_as_int(unit_id))
    except (OrgUnit.DoesNotExist, ValueError, TypeError, OverflowError):
        raise access.NotVisible from None
    access.require_visible(actor, perm, unit)
    return unit


def region_prefix(code: str) -> str:
    """The code prefix shared by a GB/T 2260 division and everything under it.

    ``330000`` (a province) → ``33``; ``330100`` (a prefecture) → ``3301``; ``330106`` (a county) → ``330106``.
    A partial code such as ``3301`` is already a prefix.
    """
    code = code.strip()
    if len(code) == 6 and code.isdigit():
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def _credit_code_query(q: str) -> str:
    return normalize_uscc(q)


def unit_list(
    *,
    actor: access.Actor,
    within: OrgUnit | None = None,
    exclude_within: OrgUnit | None = None,
    q: str = "",
    kind: str = "",
    status: str = "",
    region_code: str = "",
    sort: str = "path",
    perm: str = VIEW_UNIT,
) -> QuerySet[OrgUnit]:
    """Units where the actor holds ``perm``, filtered; ``exclude_within`` drops a unit and its subtree."""
    qs = access.units(actor, perm)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if exclude_within is not None:
        qs = qs.exclude(path__startswith=exclude_within.path)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(credit_code=_credit_code_query(q)))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if region_code.strip():
        qs = qs.filter(region_code__startswith=region_prefix(region_code))
    return qs.order_by(UNIT_SORTS.get(sort, "path"), "path")


def unit_children(*, actor: access.Actor, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The direct sub-units of ``unit`` (dissolved ones included), in tree order."""
    access.require_visible(actor, VIEW_UNIT, unit)
    children: QuerySet[OrgUnit] = OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    return children.order_by("path")


def unit_roots(*, actor: access.Actor) -> list[OrgUnit]:
    """The highest units where the actor holds a role: the roots of their tree navigator."""
    paths = access.root_paths(actor)
    if not paths:
        return []
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def unit_ancestors_visible(*, actor: access.Actor, unit: OrgUnit) -> list[OrgUnit]:
    """Breadcrumb: the unit's ancestors that the actor may see, root first, ending with ``unit``."""
    paths = unit.ancestor_paths()
    visible = [p for p in paths if access.check(actor, VIEW_UNIT, _PathOnly(p))]
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=visible)}
    return [by_path[p] for p in visible if p in by_path]


def unit_parent_ids(units: list[OrgUnit]) -> dict[str, int]:
    """``{parent path: parent id}`` for the parents of ``units``, in one query (API listings show parent ids)."""
    paths = {u.path[: -OrgUnit.steplen] for u in units if u.depth > 1}
    if not paths:
        return {}
    return dict(OrgUnit.objects.filter(path__in=paths).values_list("path", "pk"))


class _PathOnly:
    def __init__(self, path: str) -> None:
        self.path = path


def employer_list(
    *, actor: access.Actor, unit: OrgUnit | None = None, q: str = "", only_unit: bool = False
) -> QuerySet[Employer]:
    """Employers in the actor's scope; with ``unit``, those of its subtree (only its own with ``only_unit``)."""
    qs = access.scope(Employer.objects.select_related("unit"), actor, VIEW_UNIT)
    if unit is not None:
        qs = qs.filter(unit=unit) if only_unit else qs.filter(unit__path__startswith=unit.path)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=_credit_code_query(q)))
    return qs.order_by("name", "pk")


def employer_get(*, actor: access.Actor, employer_id: object) -> Employer:
    try:
        employer: Employer = Employer.objects.select_related("unit").get(pk=_as_int(employer_id))
    except (Employer.DoesNotExist, ValueError, TypeError, OverflowError):
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_UNIT, employer.unit)
    return employer


UNIT_SEARCH_LIMIT = 20


@dataclass(frozen=True)
class UnitHit:
    """A unit found by name, with its parent's short name so that two 分工会 of the same name are told apart."""

    unit: OrgUnit
    parent_name: str

    @property
    def label(self) -> str:
        return f"{self.unit.name} · {self.parent_name}" if self.parent_name else self.unit.name


def unit_hits(units: Iterable[OrgUnit]) -> list[UnitHit]:
    """``units`` each with its parent's short name (one query for all the parents)."""
    units = list(units)
    parent_paths = {u.path[: -OrgUnit.steplen] for u in units if len(u.path) > OrgUnit.steplen}
    parents = {
        path: short or name
        for path, name, short in OrgUnit.objects.filter(path__in=parent_paths).values_list("path", "name", "short_name")
    }
    return [UnitHit(unit=u, parent_name=parents.get(u.path[: -OrgUnit.steplen], "")) for u in units]


def unit_search(
    *,
    actor: access.Actor,
    perm: str,
    q: str,
    status: str = "",
    kinds: Iterable[str] = (),
    within: OrgUnit | None = None,
    exclude_within: OrgUnit | None = None,
    limit: int = UNIT_SEARCH_LIMIT,
) -> list[UnitHit]:
    """The unit search of every console picker: units where the actor holds ``perm`` whose name, short name or
    credit code matches ``q``, each with its parent's name ("研发中心分工会 · 西湖数字科技工会"), at most ``limit``,
    in tree order; optionally only of ``kinds``, ``status``, under ``within``. Nothing for a blank query; units
    outside the actor's scope for ``perm`` never appear."""
    q = (q or "").replace("\x00", "").strip()[:100]  # PostgreSQL text holds no NUL; no unit's name is longer
    if not q:
        return []
    qs = unit_list(actor=actor, q=q, status=status, perm=perm, within=within, exclude_within=exclude_within)
    kinds = tuple(kinds)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return unit_hits(qs[:limit])
