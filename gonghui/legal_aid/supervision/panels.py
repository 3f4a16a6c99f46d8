"""The console home's panel of labour-law supervision: notices whose reply is overdue (stamped by the daily job)
and replies to follow up."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.legal_aid.models import NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, ISSUE_NOTICES):
        return []
    scoped = SupervisionNotice.objects.filter(access.scope_q(actor, ISSUE_NOTICES, path_field="unit__path"))
    url = reverse("legal_aid:notice_list")
    return [
        summarize(
            scoped.filter(status=NoticeStatus.ISSUED, overdue_at__isnull=False),
            label=_("监督意见书逾期未回复（督办）"),
            url=f"{url}?overdue=1",
            since="reply_due_on",
        ),
        summarize(
            scoped.filter(status=NoticeStatus.REPLIED),
            label=_("监督意见书已回复待核实结案"),
            url=f"{url}?status=replied",
            since="replied_on",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("劳动法律监督"), waiting=waiting, order=81)]
