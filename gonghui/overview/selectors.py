"""The one-screen overview (一屏总览) of a unit's subtree: the figures every module registered (``registry``),
precomputed for units with sub-units, live for the rest.

Target P5 (p95 <= 100 ms at 1M members, data at most 60 s stale), with the approach of the member statistics
(``members/stats/selectors.py``): a unit with sub-units or a tree root (a federation: large subtrees) is served from
its ``OverviewSnapshot`` row (one indexed read), which the background job (``tasks.refresh_overview``, every
:data:`REFRESH_SECONDS`, :func:`refresh_overviews`, one run at a time) rewrites; a unit without one (a grassroots
union: a small subtree, or any unit before the first refresh) is computed live and cached per (unit, path) for
:data:`CACHE_SECONDS`. The page and the API say when the data was read; older than :data:`STALE_SECONDS` is shown
with a warning.

Snapshots and the cache are only read after the visibility check (``overview.view_overview`` at the unit), and a
unit's whole subtree lies inside the scope of anyone who may see it, so neither depends on who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.orgs.models import OrgUnit
from gonghui.overview.models import OverviewSnapshot
from gonghui.overview.permissions import VIEW_OVERVIEW
from gonghui.overview.registry import Figure, FigureSource, Group, Kind, sources

CACHE_SECONDS = 60  # live results (units without a snapshot) are cached this long
REFRESH_SECONDS = 20  # the snapshot refresh job runs this often (see schedule.py)
STALE_SECONDS = 60  # target P5: data at most this old; an older snapshot is shown with a warning
REFRESH_LOCK = 0x6F767677  # PostgreSQL advisory lock key of the snapshot refresh ("ovvw")
CACHE_VERSION = 1
CHILDREN_LIMIT = 200  # the drill-down table lists at most this many sub-units


# --- computing ------------------------------------------------------------------------------------------------


def _json_value(figure: Figure) -> Any:
    value = figure.value
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if figure.kind == Kind.PERCENT and value is not None:
        return round(float(value), 1)
    return value


def _source_rows(source: FigureSource, unit: OrgUnit) -> dict[str, Any]:
    return {
        "code": source.code,
        "title": str(source.title),
        "group": str(source.group),
        "figures": [
            {
                "code": f"{source.code}.{f.code}",
                "label": str(f.label),
                "value": _json_value(f),
                "kind": str(f.kind),
                "url": f.url,
                "overdue": f.overdue,
            }
            for f in source.compute(unit)
        ],
    }


def compute_figures(unit: OrgUnit) -> list[dict[str, Any]]:
    """Every registered source's figures for ``unit``'s subtree, as stored in a snapshot. Labels and titles are
    kept in the source language (Chinese) and translated when shown, so one snapshot serves every reader."""
    with translation.override(settings.LANGUAGE_CODE):
        return [_source_rows(source, unit) for source in sources()]


def payload(
    *, unit: OrgUnit, figures: list[dict[str, Any]], computed_at: datetime, precomputed: bool
) -> dict[str, Any]:
    return {
        "unit": {"id": unit.pk, "name": unit.name, "path": unit.path},
        "computed_at": timezone.localtime(computed_at).isoformat(timespec="seconds"),
        "precomputed": precomputed,
        "cache_seconds": CACHE_SECONDS,
        "sources": figures,
    }


def cache_key(unit: OrgUnit) -> str:
    return f"overview:v{CACHE_VERSION}:{unit.pk}:{unit.path}"


# --- reading --------------------------------------------------------------------------------------------------


def overview_default_unit(*, actor: Actor) -> OrgUnit | None:
    """The actor's (first) highest unit where they may see the overview; ``None`` when nowhere."""
    paths = access.grant_paths(actor, VIEW_OVERVIEW)
    if not paths:
        return None
    return OrgUnit.objects.filter(path=paths[0]).first()


def overview_unit_get(*, actor: Actor, unit_id: int) -> OrgUnit:
    """The unit whose overview is asked for: 403 for whoever may see no overview, 404 when unknown or outside the
    actor's subtree (a sibling's, a parent's)."""
    if not access.check_anywhere(actor, VIEW_OVERVIEW):
        raise access.Forbidden(_("您没有查看一屏总览的权限。"))
    unit = access.units(actor, VIEW_OVERVIEW).filter(pk=unit_id).first()
    if unit is None:
        raise access.NotVisible(_("未找到。"))
    return unit


def overview_parent(*, actor: Actor, unit: OrgUnit) -> OrgUnit | None:
    """``unit``'s parent when the actor may see its overview (the page's "上一级" link)."""
    parent_path = unit.path[: -OrgUnit.steplen]
    if not parent_path or not any(parent_path.startswith(p) for p in access.grant_paths(actor, VIEW_OVERVIEW)):
        return None
    return OrgUnit.objects.filter(path=parent_path).first()


def overview_get(*, actor: Actor, unit: OrgUnit) -> dict[str, Any]:
    """Every registered figure of ``unit``'s subtree (404 outside the actor's scope): the snapshot of a unit with
    sub-units (one query), else computed live and cached for :data:`CACHE_SECONDS`."""
    access.require_visible(actor, VIEW_OVERVIEW, unit)
    snapshot = OverviewSnapshot.objects.filter(unit=unit).only("figures", "computed_at").first()
    if snapshot is not None:
        return payload(unit=unit, figures=snapshot.figures, computed_at=snapshot.computed_at, precomputed=True)
    key = cache_key(unit)
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        computed_at = timezone.now()
        data = payload(unit=unit, figures=compute_figures(unit), computed_at=computed_at, precomputed=False)
        cache.set(key, data, CACHE_SECONDS)
    return data


def age_seconds(data: dict[str, Any], *, now: datetime | None = None) -> int:
    """How old the data of a payload is, in whole seconds."""
    moment = now or timezone.now()
    return max(0, int((moment - datetime.fromisoformat(data["computed_at"])).total_seconds()))


def is_stale(data: dict[str, Any], *, now: datetime | None = None) -> bool:
    return age_seconds(data, now=now) > STALE_SECONDS


@dataclass(frozen=True)
class Headline:
    """The few numbers of a sub-unit's row in the drill-down table (``None``: not known without computing)."""

    members: int | None
    waiting: int | None
    overdue: int | None


def headline(sources_rows: list[dict[str, Any]]) -> Headline:
    """Members (the ``members.active`` figure), items waiting (every count of the waiting group that is not an
    overdue figure) and overdue items (every overdue figure) of a payload's sources."""
    members: int | None = None
    waiting = overdue = 0
    for source in sources_rows:
        for fig in source["figures"]:
            if fig["code"] == "members.active":
                members = int(fig["value"])
            elif fig["overdue"]:
                overdue += int(fig["value"] or 0)
            elif source["group"] == Group.WAITING and fig["kind"] == Kind.COUNT:
                waiting += int(fig["value"] or 0)
    return Headline(members=members, waiting=waiting, overdue=overdue)


@dataclass(frozen=True)
class ChildRow:
    unit: OrgUnit
    headline: Headline | None


def overview_children(*, actor: Actor, unit: OrgUnit) -> tuple[list[ChildRow], int]:
    """The direct sub-units of ``unit`` (at most :data:`CHILDREN_LIMIT`) with their headline from their snapshot
    or, for a grassroots union, from the cache when someone opened it within :data:`CACHE_SECONDS` (else unknown:
    one click away). Two queries and one cache read; also how many sub-units were left out."""
    access.require_visible(actor, VIEW_OVERVIEW, unit)
    children = list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("path")
        .only("pk", "name", "path", "depth", "numchild", "kind", "status")[: CHILDREN_LIMIT + 1]
    )
    more = max(0, unit.numchild - CHILDREN_LIMIT) if len(children) > CHILDREN_LIMIT else 0
    children = children[:CHILDREN_LIMIT]
    snaps = dict(
        OverviewSnapshot.objects.filter(unit_id__in=[c.pk for c in children]).values_list("unit_id", "figures")
    )
    cached = cache.get_many([cache_key(c) for c in children if c.pk not in snaps]) if children else {}
    rows = []
    for child in children:
        figures = snaps.get(child.pk)
        if figures is None and cache_key(child) in cached:
            figures = cached[cache_key(child)]["sources"]
        rows.append(ChildRow(unit=child, headline=headline(figures) if figures is not None else None))
    return rows, more


# --- the background refresh -----------------------------------------------------------------------------------


def _lock() -> bool:
    """PostgreSQL: one refresh at a time (transaction-scoped advisory lock); a run that finds another one still
    going leaves the work to it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
        return bool(cur.fetchone()[0])


def snapshot_units(*, root: OrgUnit | None = None) -> list[OrgUnit]:
    """The units kept as snapshots: every unit with sub-units and every tree root (of ``root``'s subtree)."""
    units = OrgUnit.objects.filter(Q(numchild__gt=0) | Q(depth=1))
    if root is not None:
        units = units.filter(path__startswith=root.path)
    return list(units.order_by("path"))


def refresh_overviews(*, root: OrgUnit | None = None) -> int:
    """The refresh job: recompute the snapshot of every unit with sub-units (of ``root``'s subtree, default: all)
    and drop those of units that have none any more. Returns the rows written (0 when another run holds the
    lock). Every snapshot gets the moment before the run began reading as ``computed_at``."""
    read_at = timezone.now()
    with transaction.atomic():
        if not _lock():
            return 0
        units = snapshot_units(root=root)
        rows = [OverviewSnapshot(unit=u, figures=compute_figures(u), computed_at=read_at) for u in units]
        OverviewSnapshot.objects.bulk_create(
            rows,
            batch_size=200,
            update_conflicts=True,
            unique_fields=["unit"],
            update_fields=["figures", "computed_at"],
        )
        stale = OverviewSnapshot.objects.exclude(unit_id__in=[u.pk for u in units])
        if root is not None:
            stale = stale.filter(unit__path__startswith=root.path)
        stale.delete()
    return len(rows)
