"""Roster export (and :func:`export_file`, which the import's error report uses too: ``imports.exports``).

Exports go through the kernel writer (``common.sheets.writing``) and stream in constant memory: CSV (UTF-8 with
BOM, for Excel) row by row through ``StreamingHttpResponse``; xlsx in write-only mode into a temporary file served
with ``FileResponse``. Text is always text: a name or an employer starting with ``=`` is never a formula. ID numbers
and phones are masked unless the actor holds ``members.export_full_id`` and asks for full numbers (decrypted per
row). Every export writes a ``members.export`` audit event, and the file says who exported it and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_phone
from gonghui.common.sheets.writing import CSV_TYPE, XLSX_TYPE, XlsxWriter, csv_chunks
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


def export_file(
    *,
    stem: str,
    fmt: str,
    stamp: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    count: int,
    title: str,
    creator: str,
) -> ExportFile:
    """A members file through the kernel writer (``common.sheets.writing``): the stamp row, the header row, then
    ``rows``; text stays text (a name such as ``=HYPERLINK(...)`` is never a formula). An xlsx workbook is built
    here into a temporary file; a CSV file streams as ``rows`` are read."""
    if fmt == "xlsx":
        book = XlsxWriter(creator=creator, title=title, description=stamp)
        sheet = book.sheet(title)
        sheet.row([stamp])
        sheet.row(header)
        sheet.rows(rows)
        return ExportFile(f"{stem}.xlsx", XLSX_TYPE, count, handle=book.to_tempfile())
    return ExportFile(f"{stem}.csv", CSV_TYPE, count, chunks=csv_chunks([[stamp], header], rows))


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
    return export_file(
        stem=f"members-{timezone.localtime():%Y%m%d-%H%M%S}",
        fmt=fmt,
        stamp=_stamp(actor, unit, full_id),
        header=EXPORT_COLUMNS,
        rows=_rows(qs, full_id=full_id),
        count=count,
        title=_("会员名册"),
        creator=_actor_name(actor),
    )
