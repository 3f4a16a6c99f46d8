"""Member statistics (会员统计) for the actor's subtree: precomputed for units with sub-units, live for the rest.

Counted over ``access.scope(Member.objects, actor, VIEW_STATS)`` narrowed to the chosen unit's subtree
(``unit__path__startswith``), by direct child unit (subtree totals), region (the union's county code), industry
(the employer's GB/T 4754 code, else the union's, folded into its section), gig-worker type, gender, age band
(from the birth date, at today's date in Asia/Shanghai) and join year. Every dimension comes from ONE statement
(PostgreSQL ``GROUPING SETS``; SQLite a ``UNION ALL`` of the same grouped subquery).

Target P5 (p95 <= 100 ms at 1M members, data at most 60 s stale): a unit with sub-units (federations, where the
subtrees are large) is served from its ``MemberStatsSnapshot`` row, which the background job
(``stats.tasks.refresh_member_stats``, every :data:`REFRESH_SECONDS`, :func:`refresh_stats`) keeps current
incrementally: each member is counted in one *group* (its union if that has sub-units or is a tree root, else the
parent), the job recomputes the ``MemberStatsPart`` rows of the groups whose unions the roster's write paths
marked dirty (``stats.services.member_stats_mark_dirty``), in one grouped statement over those groups' members,
and rolls the parts up the tree in Python. Everything is recomputed in one pass over all members on the first
run, on a new day (age bands), when the org tree or an org-side counted column changed (a digest,
:func:`tree_shape`) and at least every ``MEMBER_STATS_FULL_REFRESH_MINUTES``. A unit without a snapshot (a
grassroots union: a small subtree, or any unit before the first refresh) is computed live and cached per (unit,
path, status, day, language) for :data:`CACHE_SECONDS`. The page says when its data was read.

Snapshots and the cache are only read after the visibility check, and a unit's whole subtree lies inside the
scope of anyone who may see the unit (grants cover subtrees), so neither depends on who asked.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Length, NullIf, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.identity import Gender
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.members.models import (
    GigType,
    JoinApplication,
    JoinStatus,
    Member,
    MemberStatsDirty,
    MemberStatsPart,
    MemberStatsSnapshot,
    MemberStatsState,
    MemberStatus,
)
from gonghui.members.permissions import VIEW_STATS
from gonghui.orgs import codes
from gonghui.orgs.models import Employer, OrgUnit

CACHE_SECONDS = 60  # live results (units without a snapshot) are cached this long
REFRESH_SECONDS = 10  # the snapshot refresh job runs this often (see schedule.py)
REFRESH_LOCK = 0x6D656D73  # PostgreSQL advisory lock key of the snapshot refresh ("mems")
STALE_SECONDS = 60  # target P5: data at most this old; an older snapshot is shown with a warning
CACHE_VERSION = 1
STATS_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
STATUS_ALL = "all"
UNKNOWN = "unknown"

# (key, lower age, upper age inclusive or None)
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("le25", 0, 25),
    ("26_35", 26, 35),
    ("36_45", 36, 45),
    ("46_55", 46, 55),
    ("ge56", 56, None),
)


@dataclass(frozen=True)
class Dimension:
    key: str
    chart: str  # "bar" or "pie"
    title: Callable[[], str]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("unit", "bar", lambda: _("按下级组织")),
    Dimension("region", "bar", lambda: _("按地区（区县）")),
    Dimension("industry", "bar", lambda: _("按行业")),
    Dimension("gig_type", "pie", lambda: _("按新就业形态类型")),
    Dimension("gender", "pie", lambda: _("按性别")),
    Dimension("age_band", "bar", lambda: _("按年龄段")),
    Dimension("join_year", "bar", lambda: _("按入会年份")),
)


def status_choices() -> list[tuple[str, str]]:
    return [*((str(v), str(label)) for v, label in MemberStatus.choices), (STATUS_ALL, _("全部状态"))]


def age_band_labels() -> dict[str, str]:
    return {
        "le25": _("25岁及以下"),
        "26_35": _("26-35岁"),
        "36_45": _("36-45岁"),
        "46_55": _("46-55岁"),
        "ge56": _("56岁及以上"),
        UNKNOWN: _("出生日期未知"),
    }


def stats_today() -> date:
    """Today in Asia/Shanghai (age bands and the cache day use it, whatever the server's zone)."""
    return timezone.now().astimezone(STATS_TZ).date()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


# --- scope ----------------------------------------------------------------------------------------------------


def default_unit(*, actor: Actor) -> OrgUnit:
    """The actor's (first) root unit for statistics; 403 when they may see statistics nowhere."""
    paths = access.grant_paths(actor, VIEW_STATS)
    if not paths:
        raise access.Forbidden(_("您没有查看会员统计的权限。"))
    unit: OrgUnit = OrgUnit.objects.get(path=paths[0])
    return unit


def stats_unit_get(*, actor: Actor, unit_id: int | None) -> OrgUnit:
    """The unit whose statistics are asked for: 404 when unknown or outside the actor's scope."""
    if unit_id is None:
        return default_unit(actor=actor)
    if not access.check_anywhere(actor, VIEW_STATS):
        raise access.Forbidden(_("您没有查看会员统计的权限。"))
    unit = access.units(actor, VIEW_STATS).filter(pk=unit_id).first()
    if unit is None:
        raise access.NotVisible(_("未找到。"))
    return unit


def stats_unit_parent(*, actor: Actor, unit: OrgUnit) -> OrgUnit | None:
    """``unit``'s parent when the actor may see its statistics (the page's "上一级" link)."""
    parent_path = unit.path[: -OrgUnit.steplen]
    if not parent_path:
        return None
    return access.units(actor, VIEW_STATS).filter(path=parent_path).first()


def stats_queryset(*, actor: Actor, unit: OrgUnit, status: str) -> QuerySet[Member]:
    """Members of ``unit``'s subtree within the actor's scope, with ``status`` (or every status)."""
    qs = access.scope(Member.objects.all(), actor, VIEW_STATS).filter(unit__path__startswith=unit.path)
    if status != STATUS_ALL:
        qs = qs.filter(status=status)
    return qs


# --- counting: every dimension in one pass ------------------------------------------------------------------------

Counts = dict[str, dict[str, int]]  # dimension key → {row key: members}

# The per-member columns of the one-pass query, in the order of DIMENSIONS ("unit" → the child-unit key).
_KEY_COLUMNS = ("s_c", "s_region", "s_industry", "s_gig", "s_gender", "s_age", "s_year")
DIM_KEYS = tuple(d.key for d in DIMENSIONS)


def age_band_expr(today: date) -> Case:
    whens = [When(birth_date__isnull=True, then=Value(UNKNOWN))]
    for key, _low, high in AGE_BANDS:
        if high is None:
            continue
        # age <= high  <=>  born after the day ``high + 1`` years before today
        whens.append(When(birth_date__gt=_years_before(today, high + 1), then=Value(key)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def _member_columns(qs: QuerySet[Member], *, today: date, group: Any, child: Any) -> QuerySet[Any]:
    """One row per member: the group it is counted in (``s_g``), its status and its key in every dimension."""
    return (
        qs.order_by()
        .annotate(
            s_g=group,
            s_st=F("status"),
            s_c=child,
            s_region=Coalesce(F("unit__region_code"), Value(""), output_field=CharField()),
            s_industry=Coalesce(
                NullIf("employer__industry_code", Value("")), "unit__industry_code", Value(""), output_field=CharField()
            ),
            s_gig=Coalesce(F("gig_type"), Value(""), output_field=CharField()),
            s_gender=Coalesce(F("gender"), Value(""), output_field=CharField()),
            s_age=age_band_expr(today),
            s_year=ExtractYear("joined_on", output_field=IntegerField()),
        )
        .values("s_g", "s_st", *_KEY_COLUMNS)
    )


def _one_pass(columns: QuerySet[Any]) -> list[tuple[int, str, str, Any, int]]:
    """``(dimension index, group, status, key, members)`` for every dimension, from one statement.

    PostgreSQL reads the members once (``GROUPING SETS``); SQLite, which has no grouping sets, runs the same
    grouped subquery once per dimension (``UNION ALL``). Every key column is non-null, so in a grouping-sets row
    the one non-null key column tells the dimension.
    """
    inner, params = columns.query.sql_with_params()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            sets = ", ".join(f"(s_g, s_st, {c})" for c in _KEY_COLUMNS)
            cur.execute(
                f"SELECT s_g, s_st, {', '.join(_KEY_COLUMNS)}, COUNT(*) FROM ({inner}) t "  # noqa: S608 - fixed names
                f"GROUP BY GROUPING SETS ({sets})",
                params,
            )
            out = []
            for g, st, *keys, n in cur.fetchall():
                i = next(i for i, k in enumerate(keys) if k is not None)
                out.append((i, g, st, keys[i], int(n)))
            return out
        parts = [
            f"SELECT {i}, s_g, s_st, {c}, COUNT(*) FROM ({inner}) t{i} GROUP BY s_g, s_st, {c}"  # noqa: S608
            for i, c in enumerate(_KEY_COLUMNS)
        ]
        cur.execute(" UNION ALL ".join(parts), list(params) * len(parts))
        return [(int(i), g, st, key, int(n)) for i, g, st, key, n in cur.fetchall()]


def _row_key(dim: str, raw: Any) -> str:
    """The stored row key of a raw column value (industry codes fold into their GB/T 4754 section)."""
    if dim == "unit":
        return str(raw)
    if dim == "industry":
        industry = codes.industry_get(raw) if raw else None
        return industry.section if industry else UNKNOWN
    if dim == "gig_type":
        return raw or "none"
    if dim == "join_year":
        return str(int(raw))
    return raw or UNKNOWN


def _collect(rows: list[tuple[int, str, str, Any, int]]) -> dict[str, dict[str, Counts]]:
    """group → status → dimension → {key: members}."""
    out: dict[str, dict[str, Counts]] = {}
    for i, g, st, raw, n in rows:
        dim = DIM_KEYS[i]
        per_dim = out.setdefault(g, {}).setdefault(st, {d: {} for d in DIM_KEYS})[dim]
        key = _row_key(dim, raw)
        per_dim[key] = per_dim.get(key, 0) + n
    return out


def _merge(into: Counts, other: Counts) -> None:
    for dim, values in other.items():
        target = into.setdefault(dim, {})
        for key, n in values.items():
            target[key] = target.get(key, 0) + n


def _empty() -> Counts:
    return {d: {} for d in DIM_KEYS}


def live_counts(*, actor: Actor, unit: OrgUnit, status: str, today: date) -> Counts:
    """The counts of ``unit``'s subtree computed now, in one statement (the "unit" dimension keyed by the path of
    the direct child whose subtree holds the member, or ``unit.path`` for members held directly)."""
    qs = stats_queryset(actor=actor, unit=unit, status=status)
    child = Substr("unit__path", 1, len(unit.path) + OrgUnit.steplen)
    columns = _member_columns(qs, today=today, group=Value(unit.path, output_field=CharField()), child=child)
    counts = _empty()
    for per_status in _collect(_one_pass(columns)).get(unit.path, {}).values():
        _merge(counts, per_status)
    return counts


def group_expr() -> Case:
    """The path of the group a member is counted in: its own union when that union has sub-units or is a tree
    root, else the parent (the grouping of :func:`refresh_counts` and of ``MemberStatsPart``)."""
    return Case(
        When(Q(unit__numchild__gt=0) | Q(unit__depth=1), then=F("unit__path")),
        default=Substr("unit__path", 1, Length("unit__path") - OrgUnit.steplen),
        output_field=CharField(),
    )


def direct_counts(members: QuerySet[Member], *, today: date) -> dict[str, dict[str, Counts]]:
    """group path → status → the counts of the members counted directly in that group (one statement; the "unit"
    dimension keyed by the member's own union)."""
    return _collect(_one_pass(_member_columns(members, today=today, group=group_expr(), child=F("unit__path"))))


def roll_up(paths: list[str], direct: dict[str, dict[str, Counts]]) -> dict[str, dict[str, Counts]]:
    """The subtree counts of every group in ``paths`` from the groups' direct counts, per status and ``all``, in
    Python, deepest groups first (every child's subtree is complete before its parent)."""
    paths = sorted(paths, key=len, reverse=True)
    statuses = [str(v) for v in MemberStatus.values]
    result: dict[str, dict[str, Counts]] = {}
    known = set(paths)
    for path in paths:
        per_status = result.setdefault(path, {})
        for st in statuses:
            counts = per_status.setdefault(st, _empty())
            _merge(counts, direct.get(path, {}).get(st, _empty()))
        parent = path[: -OrgUnit.steplen]
        if parent in known:  # (a subtree's root's parent is never in ``known``)
            up = result.setdefault(parent, {})
            for st in statuses:
                target = up.setdefault(st, _empty())
                mine = per_status[st]
                total = sum(mine["unit"].values())
                _merge(target, {d: v for d, v in mine.items() if d != "unit"})
                if total:
                    target["unit"][path] = target["unit"].get(path, 0) + total
    for per_status in result.values():
        every = _empty()
        for st in statuses:
            _merge(every, per_status[st])
        per_status[STATUS_ALL] = every
    return result


def group_paths(*, root: OrgUnit | None = None) -> list[str]:
    """Paths of every group (units with sub-units and tree roots) of ``root``'s subtree (default: all)."""
    units = OrgUnit.objects.filter(Q(numchild__gt=0) | Q(depth=1))
    if root is not None:
        units = units.filter(path__startswith=root.path)
    return list(units.values_list("path", flat=True))


def refresh_counts(*, root: OrgUnit | None = None, today: date) -> dict[str, dict[str, Counts]]:
    """Counts of every unit that has sub-units (and every tree root), per status and ``all``, from ONE pass over
    the members (of ``root``'s subtree, default: the whole platform): unit path → status → counts.

    Each member is counted in its own union when that union has sub-units, else in the parent; the subtree
    totals are then rolled up the tree in Python, deepest units first.
    """
    members = Member.objects.all()
    if root is not None:
        members = members.filter(unit__path__startswith=root.path)
    return roll_up(group_paths(root=root), direct_counts(members, today=today))


# --- rows for the page, API and export ------------------------------------------------------------------------


def _rows(counts: dict[str, int], labels: dict[str, str], order: list[str] | None = None) -> list[dict[str, Any]]:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    return [{"key": k, "label": labels.get(k, k), "count": counts.get(k, 0)} for k in keys]


def rows_unit(counts: dict[str, int], unit: OrgUnit) -> list[dict[str, Any]]:
    """Direct children of ``unit`` with their subtree totals, plus members held directly (one query: the names)."""
    counts = dict(counts)
    children = list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .only("pk", "name", "short_name", "path")
        .order_by("path")
    )
    rows: list[dict[str, Any]] = []
    own = counts.pop(unit.path, 0)
    if own:
        rows.append({"key": unit.path, "label": _("本级直属"), "count": own, "unit_id": unit.pk})
    for child in children:
        rows.append(
            {"key": child.path, "label": child.display_name, "count": counts.pop(child.path, 0), "unit_id": child.pk}
        )
    for path, n in counts.items():  # a unit created since the counts were taken: still counted
        if n:
            rows.append({"key": path, "label": path, "count": n, "unit_id": None})
    rows.sort(key=lambda r: (-r["count"], r["key"]))
    return rows


def rows_region(counts: dict[str, int]) -> list[dict[str, Any]]:
    labels: dict[str, str] = {UNKNOWN: _("未填写")}
    for code in counts:
        region = codes.region_get(code)
        if region is not None:
            labels[code] = region.full_name
    return _rows(counts, labels)


def rows_industry(counts: dict[str, int]) -> list[dict[str, Any]]:
    labels: dict[str, str] = {UNKNOWN: _("未填写")}
    for section in counts:
        industry = codes.industry_get(section)
        if industry is not None:
            labels[section] = f"{section} {industry.name}"
    return _rows(counts, labels)


def rows_gig_type(counts: dict[str, int]) -> list[dict[str, Any]]:
    labels = {(str(v) or "none"): str(label) for v, label in GigType.choices}
    order = [k for k in labels if k in counts] + sorted(k for k in counts if k not in labels)
    return _rows(counts, labels, order)


def rows_gender(counts: dict[str, int]) -> list[dict[str, Any]]:
    labels = {str(v): str(label) for v, label in Gender.choices} | {UNKNOWN: _("未知")}
    order = [k for k in labels if k in counts] + sorted(k for k in counts if k not in labels)
    return _rows(counts, labels, order)


def rows_age_band(counts: dict[str, int]) -> list[dict[str, Any]]:
    order = [key for key, _low, _high in AGE_BANDS] + ([UNKNOWN] if counts.get(UNKNOWN) else [])
    return _rows(counts, age_band_labels(), order)


def rows_join_year(counts: dict[str, int]) -> list[dict[str, Any]]:
    return _rows(counts, {k: k for k in counts}, sorted(counts))


# --- the page/API/export payload ------------------------------------------------------------------------------


def cache_key(unit: OrgUnit, status: str, day: date) -> str:
    return f"members:stats:v{CACHE_VERSION}:{unit.pk}:{unit.path}:{status}:{day.isoformat()}:{get_language() or ''}"


def payload(
    *, unit: OrgUnit, status: str, counts: Counts, as_of: date, computed_at: datetime, precomputed: bool
) -> dict[str, Any]:
    """The statistics of ``unit`` as the page, the API and the export show them."""
    rows = {
        "unit": rows_unit(counts.get("unit", {}), unit),
        "region": rows_region(counts.get("region", {})),
        "industry": rows_industry(counts.get("industry", {})),
        "gig_type": rows_gig_type(counts.get("gig_type", {})),
        "gender": rows_gender(counts.get("gender", {})),
        "age_band": rows_age_band(counts.get("age_band", {})),
        "join_year": rows_join_year(counts.get("join_year", {})),
    }
    total = sum(r["count"] for r in rows["gender"])
    for dim_rows in rows.values():
        dim_total = sum(r["count"] for r in dim_rows)
        for r in dim_rows:
            r["share"] = round(100 * r["count"] / dim_total, 1) if dim_total else 0.0
    return {
        "unit": {"id": unit.pk, "name": unit.name, "path": unit.path},
        "status": status,
        "total": total,
        "as_of": as_of.isoformat(),
        "computed_at": computed_at.astimezone(STATS_TZ).isoformat(timespec="seconds"),
        "precomputed": precomputed,
        "cache_seconds": CACHE_SECONDS,
        "dimensions": [{"key": d.key, "title": d.title(), "chart": d.chart, "rows": rows[d.key]} for d in DIMENSIONS],
    }


def compute_stats(*, actor: Actor, unit: OrgUnit, status: str, today: date) -> dict[str, Any]:
    """The payload computed live (one statement for the counts, one for the child units' names)."""
    computed_at = timezone.now()
    counts = live_counts(actor=actor, unit=unit, status=status, today=today)
    return payload(unit=unit, status=status, counts=counts, as_of=today, computed_at=computed_at, precomputed=False)


def member_stats(*, actor: Actor, unit: OrgUnit, status: str = MemberStatus.ACTIVE) -> dict[str, Any]:
    """Every aggregate for ``unit``'s subtree (404 outside the actor's scope), at most 60 s old while the refresh
    job runs.

    A unit with sub-units is served from its snapshot (refreshed every :data:`REFRESH_SECONDS` by
    ``stats.tasks.refresh_member_stats``); a unit without one (a grassroots union, or before the first refresh)
    is computed live and cached for :data:`CACHE_SECONDS`. ``computed_at`` says when the counted data was read.
    """
    access.require_visible(actor, VIEW_STATS, unit)
    if status != STATUS_ALL and status not in MemberStatus.values:
        raise ValueError(status)
    snapshot = (
        MemberStatsSnapshot.objects.filter(unit=unit, status=status).only("as_of", "computed_at", "counts").first()
    )
    if snapshot is not None:
        return payload(
            unit=unit,
            status=status,
            counts=snapshot.counts,
            as_of=snapshot.as_of,
            computed_at=snapshot.computed_at,
            precomputed=True,
        )
    today = stats_today()
    key = cache_key(unit, status, today)
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = compute_stats(actor=actor, unit=unit, status=status, today=today)
        cache.set(key, data, CACHE_SECONDS)
    return data


def stats_age_seconds(data: dict[str, Any], *, now: datetime | None = None) -> int:
    """How old the data of a payload is, in whole seconds."""
    moment = now or timezone.now()
    return max(0, int((moment - datetime.fromisoformat(data["computed_at"])).total_seconds()))


# --- the background refresh: per-group parts, dirty marks, roll-up -----------------------------------------------


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did. ``kind``: ``full``, ``incremental`` (dirty groups recomputed), ``idle`` (nothing was
    dirty: only ``computed_at`` moved on) or ``busy`` (another run held the lock: nothing done); ``reason`` (full):
    ``forced``, ``subtree``, ``first``, ``new_day``, ``tree`` or ``periodic``."""

    kind: str
    reason: str = ""
    groups: int = 0  # groups whose parts were recomputed
    snapshots: int = 0  # snapshot rows written with new counts
    marks: int = 0  # dirty marks consumed
    read_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "groups": self.groups,
            "snapshots": self.snapshots,
            "marks": self.marks,
            "read_at": self.read_at.isoformat() if self.read_at else None,
        }


def _lock() -> bool:
    """PostgreSQL: one refresh at a time (transaction-scoped advisory lock); a run that finds another one still
    going leaves the work to it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
        return bool(cur.fetchone()[0])


def _tune_pass() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        # The planner overestimates the groups (~4M for the ~100k there are) and would sort 1M rows once per
        # dimension, spilling to disk; with room it hashes every grouping set in one pass (the real tables take a
        # few MB per thousand units). JIT compiling the expressions costs ~3 s and saves less.
        cur.execute("SET LOCAL work_mem = '1GB'")
        cur.execute("SET LOCAL jit = off")


def tree_shape() -> str:
    """A digest of every org-side column the counts read: each unit's id, path, whether it is a group, region and
    industry code; each employer's id and industry code. One statement on PostgreSQL (an order-free sum of
    64-bit hashes per table, no sort); other databases hash the rows in Python."""
    units = OrgUnit._meta.db_table
    employers = Employer._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                f"SELECT (SELECT count(*)::text || ':' || coalesce(sum(hashtextextended(id::text || ':' || path || "  # noqa: S608 - model tables
                f"':' || (numchild > 0 OR depth = 1)::text || ':' || region_code || ':' || industry_code, 0)), 0)"
                f"::text FROM {units}), (SELECT count(*)::text || ':' || coalesce(sum(hashtextextended(id::text || "
                f"':' || industry_code, 0)), 0)::text FROM {employers})"
            )
            raw = "|".join(cur.fetchone())
        else:
            digest = hashlib.sha256()
            cur.execute(
                f"SELECT id, path, numchild > 0 OR depth = 1, region_code, industry_code FROM {units} ORDER BY id"  # noqa: S608
            )
            for row in cur.fetchall():
                digest.update(repr(row).encode())
            cur.execute(f"SELECT id, industry_code FROM {employers} ORDER BY id")  # noqa: S608
            for row in cur.fetchall():
                digest.update(repr(row).encode())
            raw = digest.hexdigest()
    return hashlib.sha256(raw.encode()).hexdigest()


def _groups(root: OrgUnit | None = None, roots: set[str] | None = None) -> dict[str, int]:
    """path → id of every group (a unit with sub-units, or a tree root) of ``root``'s subtree / of the trees of
    ``roots`` (default: all)."""
    units = OrgUnit.objects.filter(Q(numchild__gt=0) | Q(depth=1))
    if root is not None:
        units = units.filter(path__startswith=root.path)
    if roots is not None:
        units = units.filter(access.subtree_q(sorted(roots)))
    return dict(units.values_list("path", "pk"))


def _write_snapshots(
    rolled: dict[str, dict[str, Counts]], ids: dict[str, int], *, today: date, read_at: datetime
) -> int:
    rows = [
        MemberStatsSnapshot(unit_id=ids[path], status=st, as_of=today, computed_at=read_at, counts=c)
        for path, per_status in rolled.items()
        if path in ids
        for st, c in per_status.items()
    ]
    MemberStatsSnapshot.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["unit", "status"],
        update_fields=["as_of", "computed_at", "counts"],
    )
    return len(rows)


def _write_parts(direct: dict[str, dict[str, Counts]], ids: dict[str, int], *, read_at: datetime) -> None:
    """Replace the parts of the groups in ``ids`` (a group without members keeps no part)."""
    MemberStatsPart.objects.filter(group_id__in=list(ids.values())).delete()
    MemberStatsPart.objects.bulk_create(
        [
            MemberStatsPart(group_id=ids[path], status=st, counts=c, computed_at=read_at)
            for path, per_status in direct.items()
            if path in ids
            for st, c in per_status.items()
        ],
        batch_size=500,
    )


def _refresh_full(*, root: OrgUnit | None, today: date, read_at: datetime) -> tuple[int, int]:
    """Every part and snapshot (of ``root``'s subtree, default: all) from one pass; (groups, snapshot rows)."""
    _tune_pass()
    members = Member.objects.all()
    if root is not None:
        members = members.filter(unit__path__startswith=root.path)
    direct = direct_counts(members, today=today)
    ids = _groups(root)
    stale_parts = (
        MemberStatsPart.objects.all()
        if root is None
        else MemberStatsPart.objects.filter(group__path__startswith=root.path)
    )
    stale_parts.delete()
    _write_parts(direct, ids, read_at=read_at)
    written = _write_snapshots(roll_up(list(ids), direct), ids, today=today, read_at=read_at)
    # Units that lost their sub-units (or left the tree) keep no stale snapshot.
    stale = MemberStatsSnapshot.objects.exclude(unit_id__in=list(ids.values()))
    if root is not None:
        stale = stale.filter(unit__path__startswith=root.path)
    stale.delete()
    return len(ids), written


def _refresh_dirty(unit_ids: set[int], *, today: date, read_at: datetime) -> tuple[int, int]:
    """Recompute the parts of the groups of ``unit_ids`` (one grouped statement over their members only), roll
    the parts of their trees up, write the snapshots of those groups and their ancestors; (groups, rows)."""
    steplen = OrgUnit.steplen
    dirty = {
        path if numchild > 0 or depth == 1 else path[:-steplen]
        for path, depth, numchild in OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", "depth", "numchild")
    }
    groups = list(OrgUnit.objects.filter(path__in=dirty).values_list("pk", "path", "depth"))
    if not groups:
        return 0, 0
    ids = {path: pk for pk, path, _depth in groups}
    childless = Q()
    for _pk, path, depth in groups:
        childless |= Q(path__startswith=path, depth=depth + 1)
    # The unions whose members count in these groups: the groups themselves and their childless sub-units.
    member_units = list(
        OrgUnit.objects.filter(Q(pk__in=list(ids.values())) | (childless & Q(numchild=0))).values_list("pk", flat=True)
    )
    _tune_pass()  # (a few dirty counties at 1M members are ~100k rows: past the JIT threshold, sorts spill)
    direct = direct_counts(Member.objects.filter(unit_id__in=member_units), today=today)
    _write_parts(direct, ids, read_at=read_at)
    roots = {path[:steplen] for path in ids}
    tree_ids = _groups(roots=roots)
    parts: dict[str, dict[str, Counts]] = {}
    in_trees = access.subtree_q(sorted(roots), path_field="group__path")
    for path, st, c in MemberStatsPart.objects.filter(in_trees).values_list("group__path", "status", "counts"):
        parts.setdefault(path, {})[st] = c
    rolled = roll_up(list(tree_ids), parts)
    affected = {a for path in ids for a in OrgUnit(path=path).ancestor_paths()}
    changed = {path: rolled[path] for path in affected if path in rolled}
    return len(groups), _write_snapshots(changed, tree_ids, today=today, read_at=read_at)


def _full_reason(state: MemberStatsState, *, today: date, shape: str, read_at: datetime) -> str:
    if state.full_at is None:
        return "first"
    if state.as_of != today:
        return "new_day"  # the age bands moved
    if state.shape != shape:
        return "tree"
    if read_at - state.full_at >= timedelta(minutes=settings.MEMBER_STATS_FULL_REFRESH_MINUTES):
        return "periodic"
    return ""


def refresh_stats(*, full: bool = False, root: OrgUnit | None = None) -> RefreshResult:
    """The refresh job: recompute the parts of the groups marked dirty since the last run and roll them up into the
    snapshots, or everything (``full``; the first run, a new day, a changed org tree, or when the last full
    recompute is older than ``MEMBER_STATS_FULL_REFRESH_MINUTES``). ``root``: a full recompute of that subtree
    only (the marks and the run state are left alone). Every snapshot gets the run's read time as
    ``computed_at`` (see ``MemberStatsPart`` for why that is honest); the marks read are deleted, by id."""
    today = stats_today()
    read_at = timezone.now()  # the data is at least as fresh as the moment before it is read
    with transaction.atomic():
        if not _lock():
            return RefreshResult(kind="busy")
        if root is not None:
            groups, written = _refresh_full(root=root, today=today, read_at=read_at)
            return RefreshResult(kind="full", reason="subtree", groups=groups, snapshots=written, read_at=read_at)
        state = MemberStatsState.objects.filter(pk=1).first() or MemberStatsState(pk=1)
        shape = tree_shape()
        marks = list(MemberStatsDirty.objects.values_list("pk", "unit_id"))
        reason = "forced" if full else _full_reason(state, today=today, shape=shape, read_at=read_at)
        if reason:
            groups, written = _refresh_full(root=None, today=today, read_at=read_at)
            state.full_at = read_at
            kind = "full"
        elif marks:
            groups, written = _refresh_dirty({unit for _pk, unit in marks}, today=today, read_at=read_at)
            kind = "incremental"
        else:
            groups, written, kind = 0, 0, "idle"
        if kind != "full":
            # Every part is exact as of ``read_at``, so is every snapshot (MemberStatsPart explains why).
            MemberStatsSnapshot.objects.filter(computed_at__lt=read_at).update(computed_at=read_at)
        pks = [pk for pk, _unit in marks]
        for start in range(0, len(pks), 500):
            MemberStatsDirty.objects.filter(pk__in=pks[start : start + 500]).delete()
        state.as_of = today
        state.shape = shape
        state.computed_at = read_at
        state.save()
    return RefreshResult(kind=kind, reason=reason, groups=groups, snapshots=written, marks=len(marks), read_at=read_at)


def refresh_snapshots(*, root: OrgUnit | None = None) -> int:
    """Recompute every snapshot (of ``root``'s subtree, default: all) from one pass; returns the rows written
    (0 when another refresh is running)."""
    return refresh_stats(full=True, root=root).snapshots


# --- the .xlsx download (audited) -----------------------------------------------------------------------------


def member_stats_export(*, actor: Actor, unit: OrgUnit, status: str = MemberStatus.ACTIVE) -> bytes:
    """Every table of the statistics as one ``.xlsx`` workbook; writes the ``members.stats_export`` event."""
    data = member_stats(actor=actor, unit=unit, status=status)
    labels = dict(status_choices())
    exported_at = timezone.now().astimezone(STATS_TZ)
    book = XlsxWriter()
    info = book.sheet(_("说明"))
    info.row([_("会员统计"), unit.name])
    info.row([_("会员状态"), labels.get(status, status)])
    info.row([_("会员总数"), data["total"]])
    info.row([_("数据生成时间"), data["computed_at"]])
    info.row([_("导出人"), str(getattr(actor, "display_name", "") or actor)])
    info.row([_("导出时间"), exported_at.isoformat(timespec="seconds")])
    for dim in data["dimensions"]:
        sheet = book.sheet(dim["title"])
        sheet.row([dim["title"], _("人数"), _("占比")])
        sheet.rows([row["label"], row["count"], f"{row['share']}%"] for row in dim["rows"])
    content = book.to_bytes()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="members.stats_export",
            target=unit,
            unit=unit,
            data={"status": status, "total": data["total"], "computed_at": data["computed_at"]},
        )
    return content


# --- the one-screen overview's figures (gonghui/members/overview.py) --------------------------------------------


@dataclass(frozen=True)
class MemberOverview:
    """The member figures of a unit's whole subtree on the one-screen overview."""

    active: int
    joined_month: int  # members (any status now) whose join date is in this calendar month (Asia/Shanghai)
    joined_year: int  # ... in this calendar year
    pending: int  # join applications submitted to a union of the subtree, not yet decided
    pending_oldest: datetime | None
    pending_overdue: int  # ... past their review case's deadline


def member_overview(*, unit: OrgUnit, today: date | None = None) -> MemberOverview:
    """Members and joiners of ``unit``'s subtree, for the overview kernel (which checks, before it shows anything,
    that the reader may see ``unit``: the whole subtree is then theirs, so no actor is needed here). Active
    members come from the unit's statistics snapshot when it has one (the same total as :func:`member_stats`),
    else from one count; joiners from the join-date index; pending joins in one aggregate."""
    day = today or stats_today()
    snapshot = MemberStatsSnapshot.objects.filter(unit=unit, status=MemberStatus.ACTIVE).values_list("counts").first()
    in_subtree = Member.objects.filter(unit__path__startswith=unit.path)
    if snapshot is not None:
        active = sum(snapshot[0].get("gender", {}).values())
    else:
        active = in_subtree.filter(status=MemberStatus.ACTIVE).count()
    year_start = day.replace(month=1, day=1)
    month_start = day.replace(day=1)
    joined = in_subtree.filter(joined_on__gte=year_start, joined_on__lte=day).aggregate(
        year=Count("pk"), month=Count("pk", filter=Q(joined_on__gte=month_start))
    )
    pending = (
        JoinApplication.objects.filter(target_unit__path__startswith=unit.path, status=JoinStatus.SUBMITTED)
        .order_by()
        .aggregate(n=Count("pk"), oldest=Min("submitted_at"), late=Count("pk", filter=Q(review_case__due_on__lt=day)))
    )
    return MemberOverview(
        active=active,
        joined_month=joined["month"] or 0,
        joined_year=joined["year"] or 0,
        pending=pending["n"] or 0,
        pending_oldest=pending["oldest"],
        pending_overdue=pending["late"] or 0,
    )
