"""A union's monthly bulk upload of claims (``.xlsx``): one row per claim with its one invoice. Every row is
checked (the member in the clerk's scope, cover, waiting period, illness, the invoice once) and calculated
(submitted to review with its trace, like a claim filed on the member's behalf); the errors are reported per row in
Chinese with the row number; the batch is all rows or none (one transaction: a row refused rolls everything back).

The paper invoices and discharge summaries of a batch stay with the union that uploads it: a batch claim needs no
photos before submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets.cells import cell, header_index, is_blank, parse_date, text
from gonghui.common.sheets.reading import upload_rows
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.members.models import Member
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.models import BenefitKind, ClaimBatch, Relation
from gonghui.mutual_aid.permissions import MANAGE_CLAIMS, VIEW_MUTUAL_AID

MAX_BYTES = 5 << 20
MAX_ROWS = 2000
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("member_no", "会员编号", ()),
    ("kind", "保障责任", ()),
    ("event_on", "就诊日期", ("入院日期", "出险日期")),
    ("relation", "就医人", ()),
    ("patient_name", "就医人姓名", ()),
    ("illness_code", "病种代码", ()),
    ("illness", "病种诊断", ("病种", "诊断")),
    ("invoice_no", "票据号码", ()),
    ("hospital", "医疗机构", ()),
    ("issued_on", "票据日期", ()),
    ("amount", "票据金额", ()),
    ("insurance_paid", "医保已报销", ()),
    ("excluded", "除外金额", ()),
]
REQUIRED = ("member_no", "kind", "event_on", "illness")
KIND_BY_LABEL = {str(label): value for value, label in BenefitKind.choices} | {v: v for v in BenefitKind.values}
RELATION_BY_LABEL = {str(label): value for value, label in Relation.choices} | {v: v for v in Relation.values}


@dataclass
class BatchRefused(Exception):
    """The batch was not written: every refused row with its number and reason."""

    errors: list[tuple[int, str]] = field(default_factory=list)


def template() -> bytes:
    """The empty template with one example row."""
    book = XlsxWriter(title=_("互助保障给付批量申请"))
    sheet = book.sheet(_("给付申请"), widths=(12, 10, 12, 8, 10, 10, 16, 16, 20, 12, 12, 12, 12))
    sheet.row([label for _key, label, _aliases in COLUMNS], bold=True)
    sheet.row(
        ["M0001", "住院医疗", "2026-03-02", "本人", "", "", "急性阑尾炎", "FP20260001", "宁波市第一医院", "2026-03-08"]
        + ["8000.00", "5000.00", "200.00"]
    )
    return book.to_bytes()


def _row_claim(actor: Actor, values: dict[str, object], unit_members: dict[str, Member], batch: ClaimBatch) -> Any:
    number = text(values.get("member_no"))
    member = unit_members.get(number)
    if member is None:
        found = access.scope(Member.objects.filter(member_no=number), actor, MANAGE_CLAIMS).select_related("unit")
        member = found.first()
        if member is None:
            raise ValidationError(_("会员编号 %(no)s 不在您管理的范围内。") % {"no": number or "—"})
        unit_members[number] = member
    if member.unit_id != batch.unit_id:
        raise ValidationError(_("一个批次只能上报同一工会的会员（本批次为%(unit)s）。") % {"unit": batch.unit.name})
    kind = KIND_BY_LABEL.get(text(values.get("kind")))
    if kind is None:
        raise ValidationError(_("保障责任“%(v)s”无法识别。") % {"v": text(values.get("kind"))})
    relation = RELATION_BY_LABEL.get(text(values.get("relation")) or "self")
    if relation is None:
        raise ValidationError(
            _("就医人“%(v)s”无法识别（本人、配偶、子女、父母）。") % {"v": text(values.get("relation"))}
        )
    data = services.ClaimInput(
        kind=kind,
        event_on=parse_date(values.get("event_on")),
        relation=relation,
        patient_name=text(values.get("patient_name")),
        illness_code=text(values.get("illness_code")),
        illness=text(values.get("illness")),
    )
    claim = services.claim_create(actor=actor, member=member, data=data, batch=batch)
    if kind != BenefitKind.DEATH:
        services.invoice_add(
            actor=actor,
            claim=claim,
            invoice=services.InvoiceInput(
                invoice_no=text(values.get("invoice_no")),
                hospital=text(values.get("hospital")),
                issued_on=parse_date(values.get("issued_on")),
                amount=text(values.get("amount")),
                insurance_paid=text(values.get("insurance_paid")) or "0",
                excluded=text(values.get("excluded")) or "0",
            ),
        )
    return services.claim_submit(actor=actor, claim=claim)


def _message(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def batch_import(*, actor: Actor, upload: UploadedFile) -> ClaimBatch:
    """Check, calculate and submit every row of ``upload`` as one batch, or write nothing and raise
    :class:`BatchRefused` with each bad row's number and reason (or ``ValidationError`` for an unreadable file)."""
    access.require_anywhere(actor, MANAGE_CLAIMS)
    user = access.require_user(actor)
    rows = list(upload_rows(upload, max_bytes=MAX_BYTES))
    if not rows or is_blank(rows[0]):
        raise ValidationError(_("文件是空的。"), code="empty")
    aliases = {key: (label, *more) for key, label, more in COLUMNS}
    index = header_index(rows[0], aliases)
    absent = [label for key, label, _more in COLUMNS if key in REQUIRED and key not in index]
    if absent:
        raise ValidationError(_("表头缺少：%(cols)s。") % {"cols": "、".join(absent)}, code="header")
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if not is_blank(row)]
    if not body:
        raise ValidationError(_("文件中没有申请。"), code="empty")
    if len(body) > MAX_ROWS:
        raise ValidationError(_("一次最多上报 %(n)d 行。") % {"n": MAX_ROWS}, code="too_many")
    first_no = text(cell(body[0][1], index.get("member_no")))
    first = access.scope(Member.objects.filter(member_no=first_no), actor, MANAGE_CLAIMS).select_related("unit").first()
    if first is None:
        raise BatchRefused([(body[0][0], _("会员编号 %(no)s 不在您管理的范围内。") % {"no": first_no or "—"})])
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_CLAIMS, unit=first.unit)
    errors: list[tuple[int, str]] = []
    with transaction.atomic():
        today = timezone.localdate()
        batch = ClaimBatch.objects.create(
            unit=first.unit, month=today.replace(day=1), filename=(upload.name or "")[:200], created_by=user
        )
        members: dict[str, Member] = {first_no: first}
        total = Decimal("0.00")
        for number, row in body:
            values = {key: cell(row, col) for key, col in index.items()}
            try:
                with transaction.atomic():
                    claim = _row_claim(actor, values, members, batch)
                total += claim.computed or 0
            except ValidationError as exc:
                errors.append((number, _message(exc)))
        if errors:
            transaction.set_rollback(True)
        else:
            batch.rows, batch.total = len(body), total
            batch.save(update_fields=["rows", "total"])
            audit_record(
                actor=actor,
                action="mutual_aid.claim_batch",
                target=batch,
                target_repr=str(batch),
                unit=batch.unit,
                data={"rows": batch.rows, "total": batch.total},
            )
    if errors:
        raise BatchRefused(errors)
    return batch
