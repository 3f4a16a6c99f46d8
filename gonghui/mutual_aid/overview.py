"""Mutual-aid claims on the one-screen overview (``gonghui.overview.registry``): claims waiting for a decision and
how long the oldest has waited (claims have no decision deadline, so no overdue figure)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.mutual_aid.claims.selectors import claims_waiting_overview
from gonghui.mutual_aid.models import ClaimStatus
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url


def figures(unit: OrgUnit) -> list[Figure]:
    return queue_figures(
        claims_waiting_overview(unit=unit),
        label=_("互助保障给付待审核"),
        oldest_label=_("最长等待"),
        overdue_label=None,
        url=unit_url(reverse("mutual_aid:claim_list"), unit.pk, status=ClaimStatus.IN_REVIEW),
    )


FIGURES = [FigureSource(code="mutual_aid.claims", title=_("互助保障给付"), compute=figures, order=30)]
