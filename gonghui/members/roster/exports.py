"""Roster export (and the CSV/xlsx writers the import's files use too: ``imports.exports``).

Exports stream in constant memory: CSV (UTF-8 with BOM, for Excel) row by row through ``StreamingHttpResponse``;
xlsx through openpyxl's write-only mode into a temporary file served with ``FileResponse``. ID numbers and phones
are masked unless the actor holds ``members.export_full_id`` and asks for full numbers (decrypted per row). Every
export writes a ``members.export`` audit event, and the file says who exported it and when.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_phone
from gonghui.members.models import Gender, GigType, IdType, Member, MemberStatus
from gonghui.members.permissions import EXPORT_FULL_ID, EXPORT_MEMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.orgs.models import OrgUnit

CHUNK = 2000
EXPORT_COLUMNS = (
    "会员编号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "证件类型",
    "证件号码",
    "手机号",
    "学历",
    "工作单位",
    "岗位",
    "新就业形态类型",
    "入会时间",
    "状态",
    "所在工会",
)
_VALUES = (
    "member_no",
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_type",
    "id_masked",
    "id_cipher",
    "phone",
    "education",
    "employer_name",
    "job",
    "gig_type",
    "joined_on",
    "status",
    "unit__name",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


@dataclass
class ExportFile:
    filename: str
    content_type: str
    count: int
    chunks: Iterator[bytes] | None = None  # csv
    handle: IO[bytes] | None = None  # xlsx (a temporary file, deleted when closed)


def _actor_name(actor: Actor) -> str:
    return str(getattr(actor, "display_name", "") or getattr(actor, "name", "") or actor)


def export_queryset(*, actor: Actor, unit: OrgUnit | None, full_id: bool) -> QuerySet[Member]:
    """The members to export: ``unit``'s subtree, or the actor's whole export scope; authorised here."""
    perm = EXPORT_FULL_ID if full_id else EXPORT_MEMBER
    if unit is not None:
        access.require_action(actor, view_perm=VIEW_MEMBER, perm=EXPORT_MEMBER, unit=unit)
        if full_id:
            access.require(actor, EXPORT_FULL_ID, unit)
        qs = Member.objects.filter(unit__path__startswith=unit.path)
    else:
        if not access.check_anywhere(actor, perm):
            raise access.Forbidden
        qs = access.scope(Member.objects.all(), actor, perm)
    return qs.order_by("unit__path", "id")


def _rows(qs: QuerySet[Member], *, full_id: bool) -> Iterator[list[str]]:
    genders = dict(Gender.choices)
    id_types = dict(IdType.choices)
    gigs = dict(GigType.choices)
    statuses = dict(MemberStatus.choices)
    for v in qs.values_list(*_VALUES).iterator(chunk_size=CHUNK):
        (
            no,
            name,
            gender,
            eth,
            birth,
            id_type,
            masked,
            cipher,
            phone,
            edu,
            employer,
            job,
            gig,
            joined,
            status,
            unit,
        ) = v
        yield [
            no,
            name,
            str(genders.get(gender, gender)),
            eth,
            birth.isoformat() if birth else "",
            str(id_types.get(id_type, id_type)),
            keys.id_decrypt(cipher) if full_id else masked,
            phone if full_id else mask_phone(phone),
            edu,
            employer,
            job,
            str(gigs.get(gig, "")) if gig else "",
            joined.isoformat() if joined else "",
            str(statuses.get(status, status)),
            unit,
        ]


def _stamp(actor: Actor, unit: OrgUnit | None, full_id: bool) -> str:
    return _("导出人：%(who)s 导出时间：%(when)s 范围：%(scope)s %(kind)s") % {
        "who": _actor_name(actor),
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "scope": unit.name if unit is not None else _("本人权限范围内全部"),
        "kind": _("（含完整证件号码）") if full_id else _("（已脱敏）"),
    }


def csv_chunks(stamp: str, header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow([stamp]).encode()
    yield writer.writerow(list(header)).encode()
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer).encode()
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode()


def xlsx_file(stamp: str, header: Iterable[str], rows: Iterable[list[Any]], *, title: str, creator: str) -> IO[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = creator
    workbook.properties.title = title
    workbook.properties.description = stamp
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([stamp])
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_members(*, actor: Actor, unit: OrgUnit | None = None, fmt: str = "csv", full_id: bool = False) -> ExportFile:
    """Authorise, audit and build the export of ``unit``'s subtree (or the actor's scope)."""
    qs = export_queryset(actor=actor, unit=unit, full_id=full_id)
    count = qs.count()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="members.export",
            target_type="members.member",
            target_repr=unit.name if unit is not None else _("权限范围内全部会员"),
            unit=unit,
            data={
                "count": count,
                "scope": unit.path if unit is not None else "actor_scope",
                "masked": not full_id,
                "full_id": full_id,
                "format": fmt,
            },
        )
    stamp = _stamp(actor, unit, full_id)
    stem = f"members-{timezone.localtime():%Y%m%d-%H%M%S}"
    if fmt == "xlsx":
        handle = xlsx_file(
            stamp, EXPORT_COLUMNS, _rows(qs, full_id=full_id), title=_("会员名册"), creator=_actor_name(actor)
        )
        return ExportFile(
            f"{stem}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", count, handle=handle
        )
    return ExportFile(
        f"{stem}.csv",
        "text/csv; charset=utf-8",
        count,
        chunks=csv_chunks(stamp, EXPORT_COLUMNS, _rows(qs, full_id=full_id)),
    )
