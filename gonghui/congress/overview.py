"""Congress proposals on the one-screen overview (``gonghui.overview.registry``): proposals waiting for the
committee's review, how long the oldest has waited, accepted ones whose answer is overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import ProposalStatus
from gonghui.congress.proposals.selectors import proposals_waiting_overview
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url


def figures(unit: OrgUnit) -> list[Figure]:
    url = reverse("congress:proposal_list")
    return queue_figures(
        proposals_waiting_overview(unit=unit),
        label=_("职代会提案待审查"),
        oldest_label=_("最长等待"),
        overdue_label=_("职代会提案逾期未答复（督办）"),
        url=unit_url(url, unit.pk, status=ProposalStatus.SUBMITTED),
        overdue_url=unit_url(url, unit.pk, escalated="1"),
    )


FIGURES = [FigureSource(code="congress.proposals", title=_("职代会提案"), compute=figures, order=50)]
