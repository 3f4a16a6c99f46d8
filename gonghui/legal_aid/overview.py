"""Legal aid on the one-screen overview (``gonghui.overview.registry``): cases waiting for a decision or a lawyer
and every missed deadline; workers' requests waiting for an answer and those past their deadline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.legal_aid.cases.selectors import cases_waiting_overview
from gonghui.legal_aid.models import RequestStatus
from gonghui.legal_aid.requests.selectors import requests_waiting_overview
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url


def case_figures(unit: OrgUnit) -> list[Figure]:
    url = reverse("legal_aid:case_list")
    return queue_figures(
        cases_waiting_overview(unit=unit),
        label=_("法律援助待审查或待指派律师"),
        oldest_label=_("最长等待"),
        overdue_label=_("法律援助逾期（督办）"),
        url=unit_url(url, unit.pk),
        overdue_url=unit_url(url, unit.pk, overdue="any"),
    )


def request_figures(unit: OrgUnit) -> list[Figure]:
    url = reverse("legal_aid:request_list")
    return queue_figures(
        requests_waiting_overview(unit=unit),
        label=_("职工诉求待答复"),
        oldest_label=_("最长等待"),
        overdue_label=_("职工诉求逾期未答复（督办）"),
        url=unit_url(url, unit.pk, status=RequestStatus.SUBMITTED),
        overdue_url=unit_url(url, unit.pk, overdue="1"),
    )


FIGURES = [
    FigureSource(code="legal_aid.cases", title=_("法律援助"), compute=case_figures, order=40),
    FigureSource(code="legal_aid.requests", title=_("职工诉求"), compute=request_figures, order=41),
]
