"""The console home's panel of proposals: submitted proposals awaiting the committee, and accepted ones whose
answer is overdue (escalated by the daily job)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.congress.models import Proposal, ProposalStatus
from gonghui.congress.permissions import HANDLE_PROPOSALS
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, HANDLE_PROPOSALS):
        return []
    scoped = Proposal.objects.filter(access.scope_q(actor, HANDLE_PROPOSALS, path_field="term__congress__unit__path"))
    url = reverse("congress:proposal_list")
    return [
        summarize(
            scoped.filter(status=ProposalStatus.SUBMITTED),
            label=_("职代会提案待审查"),
            url=f"{url}?status=submitted",
            since="submitted_at",
        ),
        summarize(
            scoped.filter(status=ProposalStatus.ACCEPTED, escalated_at__isnull=False),
            label=_("职代会提案逾期未答复（督办）"),
            url=f"{url}?escalated=1",
            since="due_on",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("职代会提案"), waiting=waiting, order=71)]
