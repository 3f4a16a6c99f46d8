"""A bargaining session's signed minutes (scans or PDF) through the kernel's private attachments: staff who see
the case see them; staff who manage it add and remove them while the case is still being negotiated."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.bargaining.models import BargainingSession, CaseStatus
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING

MINUTES = "minutes"
PURPOSES = {MINUTES: gettext_lazy("签字的会议纪要")}
OPEN = (CaseStatus.NEGOTIATING, CaseStatus.DRAFT)


def _check_open(session: BargainingSession) -> None:
    if session.case.status not in OPEN:
        raise ValidationError(_("协商已结束，纪要附件不能再增减。"), code="stale")


SESSION_OWNER = Owner(
    model="bargaining.BargainingSession",
    unit=lambda session: session.case.unit,
    can_view=lambda actor, session: access.check(actor, VIEW_BARGAINING, session.case.unit),
    can_add=lambda actor, session: access.check(actor, MANAGE_BARGAINING, session.case.unit),
    can_remove=lambda actor, session: access.check(actor, MANAGE_BARGAINING, session.case.unit),
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=20,
    sensitive=False,
    check_open=_check_open,
)
