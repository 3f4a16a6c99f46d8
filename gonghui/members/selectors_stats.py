"""Member statistics (会员统计) for the actor's subtree: one grouped query per dimension, cached for 60 s.

Every aggregate runs on ``access.scope(Member.objects, actor, VIEW_STATS)`` narrowed to the chosen unit's subtree
(``unit__path__startswith``), grouped in the database: by direct child unit (``Substr`` of the materialized path,
so each child's subtree total comes from the same single query), region (the union's county code), industry (the
employer's GB/T 4754 code, else the union's, folded into its section), gig-worker type, gender, age band (from the
birth date, at today's date in Asia/Shanghai) and join year.

Results are cached per (unit, path, status, day, language) for :data:`CACHE_SECONDS` (target P5: data at most
60 s stale). The cache is only read after the visibility check, and a unit's whole subtree lies inside the scope
of anyone who may see the unit (grants cover subtrees), so a cached result never depends on who asked.
"""

from __future__ import annotations

import io
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, CharField, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, NullIf, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.members.models import Gender, GigType, Member, MemberStatus
from gonghui.members.permissions import VIEW_STATS
from gonghui.orgs import codes
from gonghui.orgs.models import OrgUnit

CACHE_SECONDS = 60
CACHE_VERSION = 1
STATS_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
STATUS_ALL = "all"
UNKNOWN = "unknown"
UNIT_CHOICES_DEPTH = 2  # the unit selector lists the actor's roots and two levels below them
UNIT_CHOICES_LIMIT = 400

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


def default_unit(*, actor: Any) -> OrgUnit:
    """The actor's (first) root unit for statistics; 403 when they may see statistics nowhere."""
    paths = access.grant_paths(actor, VIEW_STATS)
    if not paths:
        raise access.Forbidden(_("您没有查看会员统计的权限。"))
    return OrgUnit.objects.get(path=paths[0])


def stats_unit_get(*, actor: Any, unit_id: int | None) -> OrgUnit:
    """The unit whose statistics are asked for: 404 when unknown or outside the actor's scope."""
    if unit_id is None:
        return default_unit(actor=actor)
    if not access.check_anywhere(actor, VIEW_STATS):
        raise access.Forbidden(_("您没有查看会员统计的权限。"))
    unit = access.units(actor, VIEW_STATS).filter(pk=unit_id).first()
    if unit is None:
        raise access.NotVisible(_("未找到。"))
    return unit


def stats_unit_choices(*, actor: Any, current: OrgUnit) -> list[OrgUnit]:
    """Units for the selector: the actor's roots and up to two levels below them, plus the current unit."""
    paths = access.grant_paths(actor, VIEW_STATS)
    if not paths:
        return [current]
    max_depth = max(len(p) for p in paths) // OrgUnit.steplen + UNIT_CHOICES_DEPTH
    units = list(
        access.units(actor, VIEW_STATS)
        .filter(depth__lte=max_depth)
        .only("pk", "name", "short_name", "path", "depth")
        .order_by("path")[:UNIT_CHOICES_LIMIT]
    )
    if all(u.pk != current.pk for u in units):
        units.append(current)
    return units


def stats_queryset(*, actor: Any, unit: OrgUnit, status: str) -> QuerySet[Member]:
    """Members of ``unit``'s subtree within the actor's scope, with ``status`` (or every status)."""
    qs = access.scope(Member.objects.all(), actor, VIEW_STATS).filter(unit__path__startswith=unit.path)
    if status != STATUS_ALL:
        qs = qs.filter(status=status)
    return qs


# --- the aggregates (one grouped query each) ------------------------------------------------------------------


def _grouped(qs: QuerySet[Member], expr: Any) -> list[tuple[Any, int]]:
    rows = qs.order_by().annotate(k=expr).values("k").annotate(n=Count("pk")).values_list("k", "n")
    return [(k, int(n)) for k, n in rows]


def _rows(counts: dict[str, int], labels: dict[str, str], order: list[str] | None = None) -> list[dict[str, Any]]:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    return [{"key": k, "label": labels.get(k, k), "count": counts.get(k, 0)} for k in keys]


def agg_unit(qs: QuerySet[Member], unit: OrgUnit) -> list[dict[str, Any]]:
    """Direct children of ``unit`` with their subtree totals (one grouped query), plus members held directly."""
    child_len = len(unit.path) + OrgUnit.steplen
    counts = dict(_grouped(qs, Substr("unit__path", 1, child_len)))
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
    for path, n in counts.items():  # a unit created since the children were read: still counted
        rows.append({"key": path, "label": path, "count": n, "unit_id": None})
    rows.sort(key=lambda r: (-r["count"], r["key"]))
    return rows


def agg_region(qs: QuerySet[Member]) -> list[dict[str, Any]]:
    counts = {(k or UNKNOWN): n for k, n in _grouped(qs, F("unit__region_code"))}
    labels: dict[str, str] = {UNKNOWN: _("未填写")}
    for code in counts:
        region = codes.region_get(code)
        if region is not None:
            labels[code] = region.full_name
    return _rows(counts, labels)


def agg_industry(qs: QuerySet[Member]) -> list[dict[str, Any]]:
    expr = Coalesce(NullIf("employer__industry_code", Value("")), "unit__industry_code", output_field=CharField())
    counts: dict[str, int] = defaultdict(int)
    for code, n in _grouped(qs, expr):
        industry = codes.industry_get(code) if code else None
        counts[industry.section if industry else UNKNOWN] += n
    labels: dict[str, str] = {UNKNOWN: _("未填写")}
    for section in counts:
        industry = codes.industry_get(section)
        if industry is not None:
            labels[section] = f"{section} {industry.name}"
    return _rows(dict(counts), labels)


def agg_gig_type(qs: QuerySet[Member]) -> list[dict[str, Any]]:
    counts = {(k or "none"): n for k, n in _grouped(qs, F("gig_type"))}
    labels = {(str(v) or "none"): str(label) for v, label in GigType.choices}
    order = [k for k in labels if k in counts] + sorted(k for k in counts if k not in labels)
    return _rows(counts, labels, order)


def agg_gender(qs: QuerySet[Member]) -> list[dict[str, Any]]:
    counts = {(k or UNKNOWN): n for k, n in _grouped(qs, F("gender"))}
    labels = {str(v): str(label) for v, label in Gender.choices} | {UNKNOWN: _("未知")}
    order = [k for k in labels if k in counts] + sorted(k for k in counts if k not in labels)
    return _rows(counts, labels, order)


def age_band_expr(today: date) -> Case:
    whens = [When(birth_date__isnull=True, then=Value(UNKNOWN))]
    for key, _low, high in AGE_BANDS:
        if high is None:
            continue
        # age <= high  <=>  born after the day ``high + 1`` years before today
        whens.append(When(birth_date__gt=_years_before(today, high + 1), then=Value(key)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def agg_age_band(qs: QuerySet[Member], today: date) -> list[dict[str, Any]]:
    counts = dict(_grouped(qs, age_band_expr(today)))
    labels = age_band_labels()
    order = [key for key, _low, _high in AGE_BANDS] + ([UNKNOWN] if counts.get(UNKNOWN) else [])
    return _rows(counts, labels, order)


def agg_join_year(qs: QuerySet[Member]) -> list[dict[str, Any]]:
    counts = {str(k): n for k, n in _grouped(qs, ExtractYear("joined_on", output_field=IntegerField()))}
    return _rows(counts, {k: k for k in counts}, sorted(counts))


# --- the page/API/export payload ------------------------------------------------------------------------------


def cache_key(unit: OrgUnit, status: str, day: date) -> str:
    return f"members:stats:v{CACHE_VERSION}:{unit.pk}:{unit.path}:{status}:{day.isoformat()}:{get_language() or ''}"


def compute_stats(*, actor: Any, unit: OrgUnit, status: str, today: date) -> dict[str, Any]:
    qs = stats_queryset(actor=actor, unit=unit, status=status)
    rows = {
        "unit": agg_unit(qs, unit),
        "region": agg_region(qs),
        "industry": agg_industry(qs),
        "gig_type": agg_gig_type(qs),
        "gender": agg_gender(qs),
        "age_band": agg_age_band(qs, today),
        "join_year": agg_join_year(qs),
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
        "as_of": today.isoformat(),
        "computed_at": timezone.now().astimezone(STATS_TZ).isoformat(timespec="seconds"),
        "cache_seconds": CACHE_SECONDS,
        "dimensions": [{"key": d.key, "title": d.title(), "chart": d.chart, "rows": rows[d.key]} for d in DIMENSIONS],
    }


def member_stats(*, actor: Any, unit: OrgUnit, status: str = MemberStatus.ACTIVE) -> dict[str, Any]:
    """Every aggregate for ``unit``'s subtree (404 outside the actor's scope), at most 60 s old."""
    access.require_visible(actor, VIEW_STATS, unit)
    if status != STATUS_ALL and status not in MemberStatus.values:
        raise ValueError(status)
    today = stats_today()
    key = cache_key(unit, status, today)
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = compute_stats(actor=actor, unit=unit, status=status, today=today)
        cache.set(key, data, CACHE_SECONDS)
    return data


# --- the .xlsx download (audited) -----------------------------------------------------------------------------


def member_stats_export(*, actor: Any, unit: OrgUnit, status: str = MemberStatus.ACTIVE) -> bytes:
    """Every table of the statistics as one ``.xlsx`` workbook; writes the ``members.stats_export`` event."""
    from openpyxl import Workbook

    data = member_stats(actor=actor, unit=unit, status=status)
    labels = dict(status_choices())
    exported_at = timezone.now().astimezone(STATS_TZ)
    wb = Workbook(write_only=True)
    info = wb.create_sheet(_("说明"))
    info.append([_("会员统计"), unit.name])
    info.append([_("会员状态"), labels.get(status, status)])
    info.append([_("会员总数"), data["total"]])
    info.append([_("数据生成时间"), data["computed_at"]])
    info.append([_("导出人"), str(getattr(actor, "display_name", "") or actor)])
    info.append([_("导出时间"), exported_at.isoformat(timespec="seconds")])
    for dim in data["dimensions"]:
        ws = wb.create_sheet(dim["title"][:31])
        ws.append([dim["title"], _("人数"), _("占比")])
        for row in dim["rows"]:
            ws.append([row["label"], row["count"], f"{row['share']}%"])
    out = io.BytesIO()
    wb.save(out)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="members.stats_export",
            target=unit,
            unit=unit,
            data={"status": status, "total": data["total"], "computed_at": data["computed_at"]},
        )
    return out.getvalue()
