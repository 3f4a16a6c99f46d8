"""The console home's panel of workers' requests: open requests awaiting an answer, and those past their deadline
(escalated by the daily job), counted over the actor's subtree, so every level above sees its unions' overdue
requests; sensitive ones only for the designated staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.legal_aid.models import RequestStatus, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_REQUESTS, HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS


def _handled_q(actor: Any) -> Q:
    return (Q(sensitive=False) & access.scope_q(actor, HANDLE_REQUESTS, path_field="unit__path")) | (
        Q(sensitive=True) & access.scope_q(actor, HANDLE_SENSITIVE_REQUESTS, path_field="unit__path")
    )


def _visible_q(actor: Any) -> Q:
    return (Q(sensitive=False) & access.scope_q(actor, VIEW_REQUESTS, path_field="unit__path")) | (
        Q(sensitive=True) & access.scope_q(actor, HANDLE_SENSITIVE_REQUESTS, path_field="unit__path")
    )


def waiting(actor: Any) -> list[Waiting]:
    handles = access.check_anywhere(actor, HANDLE_REQUESTS) or access.check_anywhere(actor, HANDLE_SENSITIVE_REQUESTS)
    views = handles or access.check_anywhere(actor, VIEW_REQUESTS)
    if not views:
        return []
    url = reverse("legal_aid:request_list")
    open_ = (RequestStatus.SUBMITTED, RequestStatus.REOPENED)
    found: list[Waiting] = []
    if handles:
        found.append(
            summarize(
                WorkerRequest.objects.filter(_handled_q(actor), status__in=open_),
                label=_("职工诉求待答复"),
                url=f"{url}?status=submitted",
                since="submitted_at",
            )
        )
    found.append(
        summarize(
            WorkerRequest.objects.filter(_visible_q(actor), status__in=open_, escalated_at__isnull=False),
            label=_("职工诉求逾期未答复（督办）"),
            url=f"{url}?overdue=1",
            since="due_on",
        )
    )
    return found


PANELS: list[Panel] = [Panel(title=_("职工诉求"), waiting=waiting, order=80)]
