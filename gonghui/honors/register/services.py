"""The register of model workers and craftsmen (劳模工匠名录): add a title to a member of the actor's subtree,
revoke it, import a list from ``.xlsx`` (all or nothing: every bad row is named with its row number, in Chinese, and
nothing is written), and the audit record of an export.

A title is (member, title, level, year): the same one twice is refused, also when two clerks race (a partial unique
index decides). Only members who hold a membership (active or retired) are registered; the record belongs to the
member's union at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.identity import clean_text, normalize_resident_id
from gonghui.common.masking import mask_name
from gonghui.common.sheets import reading
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.honors.permissions import MANAGE_HONOREES, VIEW_HONOREES
from gonghui.members.models import Member, MemberStatus

HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)
IMPORT_MAX_BYTES = 2 << 20
IMPORT_MAX_ROWS = 2000
IMPORT_HEADERS = ("身份证号", "姓名", "荣誉称号", "级别", "授予年度", "授予机关", "证书编号")


def _text(value: object, *, field: str, label: str, limit: int) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _check_year(year: object) -> int:
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": _("授予年度须为四位数字年份。")}, code="year") from None
    if not 1950 <= value <= timezone.localdate().year:
        raise ValidationError({"year": _("授予年度须在 1950 年至今年之间。")}, code="year")
    return value


def _duplicate() -> ValidationError:
    return ValidationError(_("该会员已登记同一年度、同一级别的这项荣誉。"), code="duplicate")


@dataclass(frozen=True)
class HonorInput:
    title: str
    level: str
    year: object
    conferred_by: str = ""
    certificate_no: str = ""
    note: str = ""


def _clean(data: HonorInput) -> dict[str, Any]:
    if data.title not in HonorTitle.values:
        raise ValidationError({"title": _("请选择荣誉称号。")}, code="title")
    if data.level not in HonorLevel.values:
        raise ValidationError({"level": _("请选择级别。")}, code="level")
    return {
        "title": data.title,
        "level": data.level,
        "year": _check_year(data.year),
        "conferred_by": _text(data.conferred_by, field="conferred_by", label=_("授予机关"), limit=120),
        "certificate_no": _text(data.certificate_no, field="certificate_no", label=_("证书编号"), limit=40),
        "note": _text(data.note, field="note", label=_("备注"), limit=500),
    }


def _repr(honoree: Honoree, member: Member) -> str:
    return f"{mask_name(member.name)} {honoree}"


def honoree_add(*, actor: Actor, member: Member, data: HonorInput) -> Honoree:
    """Register a title of ``member`` (a member of the actor's subtree: ``honors.manage_honorees`` there)."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_HONOREES, unit=member.unit)
    user = access.require_user(actor)
    if member.status not in HOLDING:
        raise ValidationError(_("只有在册或退休会员可以登记为劳模工匠。"), code="status")
    fields = _clean(data)
    with transaction.atomic():
        if Honoree.objects.filter(
            member=member, title=fields["title"], level=fields["level"], year=fields["year"], revoked_on__isnull=True
        ).exists():
            raise _duplicate()
        try:
            with transaction.atomic():
                honoree = Honoree.objects.create(member=member, unit=member.unit, recorded_by=user, **fields)
        except IntegrityError:
            raise _duplicate() from None
        audit_record(
            actor=actor,
            action="honors.honoree_add",
            target=honoree,
            target_repr=_repr(honoree, member),
            unit=member.unit,
            data={"title": fields["title"], "level": fields["level"], "year": fields["year"]},
        )
    return honoree


def honoree_confer(*, actor: Actor, member: Member, data: HonorInput, source: str) -> Honoree:
    """Register a title conferred by an honours campaign (the award step of ``campaigns/``, which authorized the
    award at the conferring federation, an ancestor of ``member``'s union). Same title twice: the existing record
    is returned (an award retried writes one record). Call inside the caller's transaction."""
    user = access.require_user(actor)
    fields = _clean(data)
    existing = Honoree.objects.filter(
        member=member, title=fields["title"], level=fields["level"], year=fields["year"], revoked_on__isnull=True
    ).first()
    if existing is not None:
        return existing
    honoree = Honoree.objects.create(member=member, unit=member.unit, recorded_by=user, **fields)
    audit_record(
        actor=actor,
        action="honors.honoree_add",
        target=honoree,
        target_repr=_repr(honoree, member),
        unit=member.unit,
        data={"title": fields["title"], "level": fields["level"], "year": fields["year"], "source": source},
    )
    return honoree


def honoree_revoke(*, actor: Actor, honoree: Honoree, on: date | None = None, reason: str = "") -> Honoree:
    """Revoke a title (撤销): it stays in the register, marked revoked, and no longer gives priority."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_HONOREES, unit=honoree.unit)
    reason = _text(reason, field="reason", label=_("撤销原因"), limit=200)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("撤销日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        row = Honoree.objects.select_for_update().select_related("member").get(pk=honoree.pk)
        if row.revoked_on is not None:
            raise ValidationError(_("这项荣誉已经撤销。"), code="stale")
        row.revoked_on = day
        row.note = (f"{row.note}；" if row.note else "") + (
            _("撤销：%(reason)s") % {"reason": reason} if reason else ""
        )
        row.note = row.note[:500]
        row.save(update_fields=["revoked_on", "note"])
        audit_record(
            actor=actor,
            action="honors.honoree_revoke",
            target=row,
            target_repr=_repr(row, row.member),
            unit=row.unit,
            data={"on": day.isoformat()},
        )
    return row


# --- import -------------------------------------------------------------------------------------------------------

TITLE_BY_LABEL = {str(label): value for value, label in HonorTitle.choices}
LEVEL_BY_LABEL = {str(label): value for value, label in HonorLevel.choices}
# Everyday spellings of the titles and levels in unions' spreadsheets.
TITLE_BY_LABEL |= {
    "劳模": HonorTitle.MODEL_WORKER,
    "全国劳动模范": HonorTitle.MODEL_WORKER,
    "五一奖章": "may_day_medal",
}
LEVEL_BY_LABEL |= {"国家级": HonorLevel.NATIONAL, "省": HonorLevel.PROVINCIAL, "市": HonorLevel.CITY}


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int  # already registered (the same title, level and year)


def _row_error(row: int, message: str) -> tuple[int, str]:
    return row, _("第 %(row)d 行：%(error)s") % {"row": row, "error": message}


def _message(error: ValidationError) -> str:
    return "；".join(str(m) for m in error.messages)


def honoree_import(*, actor: Actor, upload: UploadedFile) -> ImportResult:
    """Register the titles of an ``.xlsx`` (or ``.csv``) list whose columns are :data:`IMPORT_HEADERS` (the first
    row is the header). The ID number finds the member among the actor's members (``honors.manage_honorees``) and
    the name must be theirs. All or nothing: any bad row refuses the whole file with every row's error; a title
    already registered is skipped."""
    access.require_anywhere(actor, MANAGE_HONOREES)
    user = access.require_user(actor)
    rows = list(reading.upload_rows(upload, max_bytes=IMPORT_MAX_BYTES))
    if not rows:
        raise ValidationError(_("文件是空的。"), code="empty")
    header = [clean_text(c) for c in rows[0]]
    missing = [h for h in IMPORT_HEADERS[:5] if h not in header]
    if missing:
        raise ValidationError(_("第 1 行须为表头，缺少列：%(cols)s。") % {"cols": "、".join(missing)}, code="header")
    col = {h: header.index(h) for h in IMPORT_HEADERS if h in header}
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(str(c or "").strip() for c in r)]
    if len(body) > IMPORT_MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": IMPORT_MAX_ROWS}, code="too_many")
    if not body:
        raise ValidationError(_("文件中没有数据行。"), code="empty")

    def cell(row: list[object], name: str) -> str:
        index = col.get(name)
        if index is None or index >= len(row) or row[index] is None:
            return ""
        return str(row[index]).strip()

    errors: list[tuple[int, str]] = []
    parsed: list[tuple[int, str, dict[str, Any], str]] = []  # (row, blind index, fields, name)
    for number, row in body:
        try:
            normalized = normalize_resident_id(cell(row, "身份证号"))
            title = TITLE_BY_LABEL.get(cell(row, "荣誉称号"), "")
            level = LEVEL_BY_LABEL.get(cell(row, "级别"), "")
            if not title:
                raise ValidationError(_("荣誉称号“%(v)s”不在可选范围内。") % {"v": cell(row, "荣誉称号")[:20]})
            if not level:
                raise ValidationError(
                    _("级别“%(v)s”不在可选范围内（全国、省级、市级）。") % {"v": cell(row, "级别")[:20]}
                )
            fields = _clean(
                HonorInput(
                    title=title,
                    level=level,
                    year=cell(row, "授予年度").split(".")[0],
                    conferred_by=cell(row, "授予机关"),
                    certificate_no=cell(row, "证书编号"),
                )
            )
        except ValidationError as exc:
            errors.append(_row_error(number, _message(exc)))
            continue
        parsed.append((number, crypto.blind_index(normalized.number), fields, "".join(cell(row, "姓名").split())))
    members = {
        m.id_bidx: m
        for m in access.scope(
            Member.objects.filter(id_bidx__in=[p[1] for p in parsed], status__in=HOLDING), actor, MANAGE_HONOREES
        ).select_related("unit")
    }
    seen: set[tuple[int, str, str, int]] = set()
    ready: list[tuple[Member, dict[str, Any]]] = []
    for number, bidx, fields, name in parsed:
        member = members.get(bidx)
        if member is None:
            errors.append(_row_error(number, _("您管理的会员中没有这个身份证号（或已离会）。")))
            continue
        if name != member.name:
            errors.append(_row_error(number, _("姓名与会员名册不一致。")))
            continue
        key = (member.pk, fields["title"], fields["level"], fields["year"])
        if key in seen:
            errors.append(_row_error(number, _("与前面的行重复。")))
            continue
        seen.add(key)
        ready.append((member, fields))
    if errors:
        raise ValidationError([text for _row, text in sorted(errors)], code="rows")
    created = skipped = 0
    with transaction.atomic():
        existing = set(
            Honoree.objects.filter(member__in=[m for m, _f in ready], revoked_on__isnull=True).values_list(
                "member_id", "title", "level", "year"
            )
        )
        new = []
        for member, fields in ready:
            if (member.pk, fields["title"], fields["level"], fields["year"]) in existing:
                skipped += 1
                continue
            new.append(Honoree(member=member, unit=member.unit, recorded_by=user, **fields))
        try:
            with transaction.atomic():
                Honoree.objects.bulk_create(new)
        except IntegrityError:
            raise ValidationError(_("导入时有人同时登记了相同的荣誉，请重新导入。"), code="race") from None
        created = len(new)
        audit_record(
            actor=actor,
            action="honors.honoree_import",
            target_type="honors.honoree",
            target_repr=_("劳模工匠名录"),
            data={"created": created, "skipped": skipped},
        )
    return ImportResult(created=created, skipped=skipped)


def honoree_export_record(*, actor: Actor, rows: int, filters: dict[str, Any]) -> None:
    """The audit record of an export of the register (names masked in the file)."""
    access.require_anywhere(actor, VIEW_HONOREES)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="honors.honoree_export",
            target_type="honors.honoree",
            target_repr=_("劳模工匠名录"),
            data={"rows": rows, **filters},
        )
