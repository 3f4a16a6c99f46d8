"""Service points (职工之家, 户外劳动者服务站/爱心驿站, 职工服务中心): the register and the problems workers report.

The register: staff holding ``worker_services.manage_points`` at a point's union (or above it) add and edit points,
publish them on the portal, mark the record verified ("信息已核实"), suspend, reopen and close them (each an
explicit transition with an event and an audit record), and import a list from a spreadsheet (all or nothing:
every bad row named with its number and the reason). A daily job flags active points whose record has not been
verified within ``worker_services.point_verify_days`` days (the union's policy; the flag keeps the record it used),
shown on the console home until someone verifies the point.

Reports: a signed-in worker reports a problem with a published point (with photos); the point's union resolves it
with a note the worker reads. A double click or a retry files one report (the form's one-time key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import AuditSpec, audit_record, audit_record_many
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets import reading
from gonghui.common.statemachine import StateMachine
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.orgs.models import OrgUnit, UnitStatus
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.worker_services.models import (
    Facility,
    PointEvent,
    PointKind,
    PointReport,
    PointStatus,
    ReportKind,
    ReportStatus,
    ServicePoint,
)
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import geo, hours
from gonghui.worker_services.points.policies import VERIFY_DAYS

S = PointStatus
R = ReportStatus
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,20}$")
PUBLIC_STATUSES = (S.ACTIVE, S.SUSPENDED)
IMPORT_MAX_ROWS = 2000
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _point_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("服务阵地当前为“%(status)s”，不能执行该操作。") % {"status": PointStatus(status).label}, code="stale"
    )


def _report_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("该问题反映当前为“%(status)s”，不能执行该操作。") % {"status": ReportStatus(status).label}, code="stale"
    )


POINT = StateMachine.of_actions(
    {
        "suspend": ((S.ACTIVE,), S.SUSPENDED),
        "reopen": ((S.SUSPENDED,), S.ACTIVE),
        "close": ((S.ACTIVE, S.SUSPENDED), S.CLOSED),
    },
    refusal=_point_refusal,
)
REPORT = StateMachine.of_actions({"resolve": ((R.OPEN,), R.RESOLVED)}, refusal=_report_refusal)
EVENT_LABELS = {
    "create": gettext_lazy("登记"),
    "update": gettext_lazy("修改信息"),
    "import": gettext_lazy("批量导入"),
    "verify": gettext_lazy("信息已核实"),
    "publish": gettext_lazy("在门户公开"),
    "unpublish": gettext_lazy("停止公开"),
    "suspend": gettext_lazy("暂停开放"),
    "reopen": gettext_lazy("恢复开放"),
    "close": gettext_lazy("撤销"),
    "stale": gettext_lazy("超期未核实"),
    "report": gettext_lazy("职工反映问题"),
    "resolve": gettext_lazy("问题已处理"),
}


# --- who may do what ----------------------------------------------------------------------------------------------


def can_manage(actor: Actor, point: ServicePoint) -> bool:
    return access.check(actor, MANAGE_POINTS, point.unit)


def is_public(point: ServicePoint) -> bool:
    """Whether anyone may see the point on the portal and in the public API."""
    return point.published and point.status in PUBLIC_STATUSES


def _require_manage(actor: Actor, point: ServicePoint) -> None:
    access.require_action(actor, view_perm=VIEW_POINTS, perm=MANAGE_POINTS, unit=point.unit)


def _audit(actor: Actor | None, point: ServicePoint, action: str, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"worker_services.point_{action}",
        target=point,
        target_repr=f"服务阵地 {point.name}",
        unit=point.unit,
        data=data or None,
    )


def _event(
    point: ServicePoint,
    action: str,
    before: str,
    after: str,
    actor: Actor | None,
    comment: str = "",
    report: PointReport | None = None,
) -> None:
    PointEvent.objects.create(
        point=point,
        report=report,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor) if actor is not None else None,
        comment=comment,
    )


def _lock(point: ServicePoint) -> ServicePoint:
    return ServicePoint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=point.pk)


def _clean(value: object, *, field: str, label: Any, limit: int, required: bool = False) -> str:
    raw = str(value or "").replace("\x00", "")
    text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()).strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


# --- the register -------------------------------------------------------------------------------------------------


@dataclass
class PointInput:
    """What staff enter for a point (the form, the import row and the API give the same)."""

    kind: str
    name: str
    address: str
    latitude: object
    longitude: object
    hours_text: str = ""
    hours_note: str = ""
    facilities: list[str] = field(default_factory=list)
    phone: str = ""
    city: str = ""
    district: str = ""
    description: str = ""
    datum: str = "wgs84"  # "gcj02": the coordinates were copied from a Chinese web map and are converted


def _coordinate(value: object, *, field: str, label: Any, low: int, high: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%(label)s须为数字（度）。") % {"label": label}}, code="coordinate") from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            {field: _("%(label)s须在 %(low)d 至 %(high)d 之间。") % {"label": label, "low": low, "high": high}},
            code="coordinate",
        )
    return number


def clean_input(data: PointInput) -> dict[str, Any]:
    """The model fields from ``data``, validated; raises ``ValidationError`` with Chinese messages per field."""
    errors: dict[str, list[str]] = {}

    def collect(fn: Any) -> Any:
        try:
            return fn()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return None

    kind = data.kind if data.kind in PointKind.values else None
    if kind is None:
        errors["kind"] = [_("请选择服务阵地类型。")]
    name = collect(lambda: _clean(data.name, field="name", label=_("名称"), limit=60, required=True))
    address = collect(lambda: _clean(data.address, field="address", label=_("地址"), limit=120, required=True))
    lat = collect(lambda: _coordinate(data.latitude, field="latitude", label=_("纬度"), low=-90, high=90))
    lon = collect(lambda: _coordinate(data.longitude, field="longitude", label=_("经度"), low=-180, high=180))
    week = collect(lambda: _hours(data.hours_text))
    note = collect(lambda: _clean(data.hours_note, field="hours_note", label=_("开放时间说明"), limit=100))
    phone = collect(lambda: _clean(data.phone, field="phone", label=_("联系电话"), limit=20))
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = [_("联系电话只能包含数字、空格、+、- 和括号。")]
    city = collect(lambda: _clean(data.city, field="city", label=_("城市"), limit=20))
    district = collect(lambda: _clean(data.district, field="district", label=_("区县"), limit=20))
    description = collect(lambda: _clean(data.description, field="description", label=_("简介"), limit=2000))
    unknown = [f for f in data.facilities if f not in Facility.values]
    if unknown:
        errors["facilities"] = [_("设施“%(f)s”不在可选范围内。") % {"f": "、".join(unknown)[:40]}]
    if data.datum not in ("wgs84", "gcj02"):
        errors["datum"] = [_("坐标系须为 WGS-84 或 GCJ-02。")]
    if errors:
        raise ValidationError(errors)
    assert lat is not None
    assert lon is not None
    if data.datum == "gcj02":
        wlat, wlon = geo.gcj02_to_wgs84(float(lat), float(lon))
        lat, lon = geo.degrees(wlat), geo.degrees(wlon)
    return {
        "kind": kind,
        "name": name,
        "address": address,
        "latitude": Decimal(lat).quantize(Decimal("0.000001")),
        "longitude": Decimal(lon).quantize(Decimal("0.000001")),
        "hours": week,
        "hours_note": note,
        "facilities": [f for f in Facility.values if f in set(data.facilities)],
        "phone": phone,
        "city": city,
        "district": district,
        "description": description,
    }


def _hours(text: str) -> hours.Hours:
    try:
        return hours.parse(text)
    except ValidationError as exc:
        raise ValidationError({"hours_text": exc.messages}) from None


def _require_unit(actor: Actor, unit: OrgUnit | None) -> OrgUnit:
    if unit is None:
        raise ValidationError({"unit": _("请选择所属工会。")}, code="unit")
    access.require_action(actor, view_perm=VIEW_POINTS, perm=MANAGE_POINTS, unit=unit)
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": _("所选工会已不在正常状态。")}, code="unit")
    return unit


def point_create(
    *, actor: Actor, unit: OrgUnit | None, data: PointInput, published: bool = False, on: date | None = None
) -> ServicePoint:
    """Register a point of ``unit`` (verified today: the person entering it vouches for it)."""
    unit = _require_unit(actor, unit)
    fields = clean_input(data)
    with transaction.atomic():
        point = ServicePoint.objects.create(
            unit=unit, published=bool(published), verified_on=on or policy_today(), **fields
        )
        _event(point, "create", "", point.status, actor)
        _audit(actor, point, "create", kind=point.kind, published=point.published)
    return point


def point_update(*, actor: Actor, point: ServicePoint, data: PointInput) -> ServicePoint:
    """Change a point's information (not its status: that moves by action). A closed point is kept as it was."""
    _require_manage(actor, point)
    fields = clean_input(data)
    with transaction.atomic():
        locked = _lock(point)
        if locked.status == S.CLOSED:
            raise _point_refusal(locked.status, "update")
        changed = sorted(k for k, v in fields.items() if getattr(locked, k) != v)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.save()
        _event(locked, "update", locked.status, locked.status, actor, comment="、".join(changed))
        _audit(actor, locked, "update", changed=changed)
    return locked


def point_verify(*, actor: Actor, point: ServicePoint, on: date | None = None) -> ServicePoint:
    """ "信息已核实": staff checked the record against the place; the stale flag goes."""
    _require_manage(actor, point)
    day = on or policy_today()
    with transaction.atomic():
        locked = _lock(point)
        if locked.status == S.CLOSED:
            raise _point_refusal(locked.status, "verify")
        locked.verified_on, locked.stale_since, locked.stale_policy_record_id = day, None, None
        locked.save(update_fields=["verified_on", "stale_since", "stale_policy_record_id", "updated_at"])
        _event(locked, "verify", locked.status, locked.status, actor)
        _audit(actor, locked, "verify", verified_on=day.isoformat())
    return locked


def point_publish(*, actor: Actor, point: ServicePoint, published: bool) -> ServicePoint:
    """Show the point on the portal and in the public API (or stop showing it)."""
    _require_manage(actor, point)
    with transaction.atomic():
        locked = _lock(point)
        if locked.status == S.CLOSED:
            raise _point_refusal(locked.status, "publish")
        if locked.published != bool(published):
            locked.published = bool(published)
            locked.save(update_fields=["published", "updated_at"])
            action = "publish" if published else "unpublish"
            _event(locked, action, locked.status, locked.status, actor)
            _audit(actor, locked, action)
    return locked


def point_move(*, actor: Actor, point: ServicePoint, action: str, reason: str = "") -> ServicePoint:
    """Suspend (暂停开放), reopen (恢复开放) or close (撤销) a point, with the reason workers read."""
    _require_manage(actor, point)
    if action not in ("suspend", "reopen", "close"):
        raise ValidationError(_("不支持的操作。"), code="action")
    reason = _clean(reason, field="reason", label=_("原因"), limit=200, required=action != "reopen")
    with transaction.atomic():
        locked = _lock(point)
        before, after = POINT.move(locked, action)
        locked.save(update_fields=["status", "updated_at"])
        _event(locked, action, before, after, actor, comment=reason)
        _audit(actor, locked, action, reason=reason)
    return locked


def points_flag_stale(*, today: date) -> int:
    """Flag active points whose record was last verified more than the union's policy days ago (a daily job: no
    actor), once until verified; the flag keeps the policy record it used. Returns how many were flagged now."""
    candidates = list(
        ServicePoint.objects.filter(status__in=PUBLIC_STATUSES, stale_since__isnull=True)
        .select_related("unit")
        .order_by("unit_id", "pk")
    )
    by_unit: dict[int, Any] = {}
    flagged: list[tuple[ServicePoint, Any]] = []
    for point in candidates:
        if point.unit_id not in by_unit:
            by_unit[point.unit_id] = policy_get(VERIFY_DAYS.key, point.unit, on=today)
        found = by_unit[point.unit_id]
        if (today - point.verified_on).days > int(found.value):
            flagged.append((point, found))
    if not flagged:
        return 0
    with transaction.atomic():
        for point, found in flagged:
            record = found.record.pk if found.record is not None else None
            ServicePoint.objects.filter(pk=point.pk, stale_since__isnull=True).update(
                stale_since=today, stale_policy_record_id=record
            )
        PointEvent.objects.bulk_create(
            [
                PointEvent(point=p, action="stale", from_status=p.status, to_status=p.status, comment=str(f.value))
                for p, f in flagged
            ]
        )
        audit_record_many(
            actor=None,
            events=[
                AuditSpec(
                    action="worker_services.point_stale",
                    target=p,
                    target_repr=f"服务阵地 {p.name}",
                    unit=p.unit,
                    data={"verified_on": p.verified_on.isoformat(), "days": int(f.value)},
                )
                for p, f in flagged
            ],
        )
    return len(flagged)


# --- import -------------------------------------------------------------------------------------------------------

IMPORT_HEADERS = (
    "名称",
    "类型",
    "地址",
    "纬度",
    "经度",
    "区县",
    "城市",
    "开放时间",
    "设施",
    "联系电话",
    "坐标系",
    "简介",
)
REQUIRED_HEADERS = IMPORT_HEADERS[:5]
KIND_BY_LABEL = {str(label): value for value, label in PointKind.choices} | {
    "爱心驿站": PointKind.STATION,
    "户外劳动者服务站": PointKind.STATION,
    "职工之家": PointKind.HOME,
    "服务中心": PointKind.CENTRE,
    "其他": PointKind.OTHER,
}
FACILITY_BY_LABEL = {str(label): value for value, label in Facility.choices} | {
    "饮水": Facility.WATER,
    "充电": Facility.CHARGING,
    "厕所": Facility.TOILET,
    "休息": Facility.REST,
    "急救包": Facility.FIRST_AID,
    "WiFi": Facility.WIFI,
    "Wi-Fi": Facility.WIFI,
    "空调": Facility.AC,
}
DATUM_BY_LABEL = {"": "wgs84", "WGS-84": "wgs84", "WGS84": "wgs84", "GCJ-02": "gcj02", "GCJ02": "gcj02"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[str]


def _row_error(row: int, message: str) -> str:
    return _("第 %(row)d 行：%(error)s") % {"row": row, "error": message}


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "；".join(" ".join(str(m) for m in msgs) for msgs in error.message_dict.values())
    return "；".join(str(m) for m in error.messages)


def point_import(*, actor: Actor, unit: OrgUnit | None, upload: UploadedFile, published: bool = False) -> ImportResult:
    """Register the points of an ``.xlsx`` (or ``.csv``) list for ``unit``, columns :data:`IMPORT_HEADERS` (the
    first row is the header). All or nothing: any bad row refuses the file, with every bad row's number and
    reason; nothing is written. A row naming a point already registered for the union (same name and address)
    is refused too."""
    unit = _require_unit(actor, unit)
    try:
        rows = list(reading.upload_rows(upload, max_bytes=IMPORT_MAX_BYTES))
    except reading.ReadError as exc:
        raise ValidationError(str(exc), code="read") from None
    if not rows:
        raise ValidationError(_("文件是空的。"), code="empty")
    header = [str(c or "").strip() for c in rows[0]]
    missing = [h for h in REQUIRED_HEADERS if h not in header]
    if missing:
        raise ValidationError(_("第 1 行须为表头，缺少列：%(cols)s。") % {"cols": "、".join(missing)}, code="header")
    col = {h: header.index(h) for h in IMPORT_HEADERS if h in header}
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(str(c or "").strip() for c in r)]
    if not body:
        raise ValidationError(_("文件中没有数据行。"), code="empty")
    if len(body) > IMPORT_MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": IMPORT_MAX_ROWS}, code="too_many")

    def cell(row: list[object], name: str) -> str:
        index = col.get(name)
        if index is None or index >= len(row) or row[index] is None:
            return ""
        return str(row[index]).strip()

    existing = set(ServicePoint.objects.filter(unit=unit).values_list("name", "address"))
    seen: set[tuple[str, str]] = set()
    errors: list[str] = []
    ready: list[dict[str, Any]] = []
    for number, row in body:
        try:
            kind_label = cell(row, "类型")
            kind = KIND_BY_LABEL.get(kind_label)
            if kind is None:
                raise ValidationError(
                    _("类型“%(v)s”不在可选范围内（职工之家、爱心驿站、职工服务中心、其他）。") % {"v": kind_label[:20]}
                )
            labels = [x for x in re.split(r"[、，,；;\s]+", cell(row, "设施")) if x]
            unknown = [x for x in labels if x not in FACILITY_BY_LABEL]
            if unknown:
                raise ValidationError(_("设施“%(v)s”不在可选范围内。") % {"v": "、".join(unknown)[:30]})
            datum = DATUM_BY_LABEL.get(cell(row, "坐标系").upper())
            if datum is None:
                raise ValidationError(_("坐标系须为 WGS-84 或 GCJ-02（留空为 WGS-84）。"))
            fields = clean_input(
                PointInput(
                    kind=kind,
                    name=cell(row, "名称"),
                    address=cell(row, "地址"),
                    latitude=cell(row, "纬度"),
                    longitude=cell(row, "经度"),
                    hours_text=cell(row, "开放时间"),
                    facilities=[FACILITY_BY_LABEL[x] for x in labels],
                    phone=cell(row, "联系电话").removesuffix(".0"),
                    city=cell(row, "城市"),
                    district=cell(row, "区县"),
                    description=cell(row, "简介"),
                    datum=datum,
                )
            )
            key = (fields["name"], fields["address"])
            if key in existing:
                raise ValidationError(_("“%(n)s”已在本工会的服务阵地中登记。") % {"n": fields["name"]})
            if key in seen:
                raise ValidationError(_("与前面的行重复（名称和地址相同）。"))
            seen.add(key)
            ready.append(fields)
        except ValidationError as exc:
            errors.append(_row_error(number, _message(exc)))
    if errors:
        return ImportResult(created=0, errors=errors)
    day = policy_today()
    with transaction.atomic():
        made = [
            ServicePoint.objects.create(unit=unit, published=bool(published), verified_on=day, **fields)
            for fields in ready
        ]
        PointEvent.objects.bulk_create(
            [PointEvent(point=p, action="import", to_status=p.status, actor=access.user_of(actor)) for p in made]
        )
        audit_record(
            actor=actor,
            action="worker_services.points_import",
            target_type="worker_services.servicepoint",
            target_repr=_("服务阵地"),
            unit=unit,
            data={"rows": len(made), "published": bool(published), "file": getattr(upload, "name", "")[:100]},
        )
    return ImportResult(created=len(made), errors=[])


# --- problem reports ----------------------------------------------------------------------------------------------


def is_reporter(actor: Actor, report: PointReport) -> bool:
    return access.is_self(actor, report.reporter_id)


def report_submit(
    *, actor: Actor, point: ServicePoint, kind: str, description: str, request_key: str = ""
) -> tuple[PointReport, bool]:
    """A signed-in worker reports a problem with a public point: ``(report, created)``. With the form's
    ``request_key``, a retry returns the report the first call filed."""
    user = access.require_user(actor)
    key = (request_key or "").strip()
    if key and not KEY_RE.match(key):
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    if key:
        found = PointReport.objects.filter(request_key=key).select_related("point").first()
        if found is not None:
            return _same_reporter(found, user.pk), False
    if point is None or not is_public(point):
        raise access.NotVisible
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("请选择问题类型。")}, code="kind")
    description = _clean(description, field="description", label=_("问题描述"), limit=1000, required=True)
    try:
        with transaction.atomic():
            report = PointReport.objects.create(
                point=point, reporter=user, kind=kind, description=description, request_key=key or None
            )
            _event(point, "report", "", report.status, actor, report=report)
            audit_record(
                actor=actor,
                action="worker_services.point_report",
                target=report,
                target_repr=f"服务阵地问题反映 {report.pk}",
                unit=point.unit,
                data={"point": point.pk, "kind": kind},
            )
    except IntegrityError:
        found = PointReport.objects.filter(request_key=key).select_related("point").first() if key else None
        if found is None:
            raise
        return _same_reporter(found, user.pk), False
    return report, True


def _same_reporter(found: PointReport, user_id: int) -> PointReport:
    if found.reporter_id != user_id:
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    return found


def report_resolve(*, actor: Actor, report: PointReport, note: str) -> PointReport:
    """The point's union resolves a report with a note the worker reads."""
    point = report.point
    _require_manage(actor, point)
    note = _clean(note, field="note", label=_("处理说明"), limit=1000, required=True)
    with transaction.atomic():
        locked = PointReport.objects.select_for_update(of=("self",)).select_related("point__unit").get(pk=report.pk)
        before, after = REPORT.move(locked, "resolve")
        locked.note, locked.resolved_by, locked.resolved_at = note, access.user_of(actor), timezone.now()
        locked.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        _event(locked.point, "resolve", before, after, actor, comment=note, report=locked)
        audit_record(
            actor=actor,
            action="worker_services.point_report_resolve",
            target=locked,
            target_repr=f"服务阵地问题反映 {locked.pk}",
            unit=locked.point.unit,
        )
        _notify_resolved(locked)
    return locked


REPORT_CATEGORY = "worker_services.point_reports"
CATEGORIES = [
    Category(
        REPORT_CATEGORY,
        gettext_lazy("服务阵地问题反映"),
        gettext_lazy("您反映的服务阵地问题已处理"),
        sms_default=False,
        order=70,
    ),
]


def _notify_resolved(report: PointReport) -> None:
    """The worker who reported the problem reads the union's note in their inbox (in the caller's transaction)."""
    with platform_language():
        notify(
            user=report.reporter,
            category=REPORT_CATEGORY,
            title=_("您反映的问题已处理：%(point)s") % {"point": report.point.name},
            body=_("工会已处理您对服务阵地反映的问题，请查看处理说明。"),
            url=reverse("worker_services_portal:point_report_detail", args=[report.pk]),
            key=f"worker_services.point_report_resolve:{report.pk}",
        )
