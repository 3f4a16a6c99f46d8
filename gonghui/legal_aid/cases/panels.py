"""The console home's panel of legal aid: requests awaiting a decision, accepted cases awaiting a lawyer, and the
missed deadlines stamped by the daily job (decision, assignment, arbitration award)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.legal_aid.models import CaseStatus, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, HANDLE_CASES):
        return []
    scoped = LegalAidCase.objects.filter(access.scope_q(actor, HANDLE_CASES, path_field="unit__path"))
    url = reverse("legal_aid:case_list")
    return [
        summarize(
            scoped.filter(status=CaseStatus.APPLIED),
            label=_("法律援助申请待审查"),
            url=f"{url}?status=applied",
            since="applied_on",
        ),
        summarize(
            scoped.filter(status=CaseStatus.ACCEPTED),
            label=_("法律援助待指派律师"),
            url=f"{url}?status=accepted",
            since="decided_on",
        ),
        summarize(
            scoped.filter(status=CaseStatus.APPLIED, decision_escalated_at__isnull=False)
            | scoped.filter(status=CaseStatus.ACCEPTED, assign_escalated_at__isnull=False),
            label=_("法律援助逾期未审查或未指派（督办）"),
            url=f"{url}?overdue=any",
            since="applied_on",
        ),
        summarize(
            scoped.filter(status=CaseStatus.ASSIGNED, stage="arbitration", arbitration_escalated_at__isnull=False),
            label=_("仲裁超过审理期限未裁决"),
            url=f"{url}?overdue=arbitration",
            since="arbitration_due_on",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("法律援助"), waiting=waiting, order=80)]
