"""Reads of labour-law supervision notices: the staff list scoped by ``legal_aid.view_supervision`` (filters, the
overdue ones), a notice with its history."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.legal_aid.models import NoticeEvent, NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.orgs.models import OrgUnit

SORTS = {
    "-issued": "-issued_on",
    "issued": "issued_on",
    "due": "reply_due_on",
    "-due": "-reply_due_on",
    "number": "number",
    "-number": "-number",
}


def notice_list(
    *,
    actor: Actor,
    status: str = "",
    q: str = "",
    unit: OrgUnit | None = None,
    overdue: bool = False,
    year: int | None = None,
) -> QuerySet[SupervisionNotice]:
    qs = access.scope(SupervisionNotice.objects.all(), actor, VIEW_SUPERVISION)
    if status in NoticeStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number=q.upper()) | Q(employer_name__contains=q) | Q(employer_credit_code=q.upper()))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue:
        qs = qs.filter(status=NoticeStatus.ISSUED, overdue_at__isnull=False)
    if year is not None:
        qs = qs.filter(issued_on__year=year)
    return qs.select_related("unit").order_by("-issued_on", "-pk")


def notice_get(*, actor: Actor, notice_id: object) -> SupervisionNotice:
    pk = int_param(notice_id, min_value=1)
    notice = SupervisionNotice.objects.select_related("unit", "created_by").filter(pk=pk or 0).first()
    if notice is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_SUPERVISION, notice.unit)
    return notice


def events_of(notice: SupervisionNotice) -> list[NoticeEvent]:
    return list(NoticeEvent.objects.filter(notice=notice).select_related("actor").order_by("at", "pk"))


def can_issue(actor: Actor, notice: SupervisionNotice) -> bool:
    return access.check(actor, ISSUE_NOTICES, notice.unit)
