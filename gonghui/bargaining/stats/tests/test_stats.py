"""Statistics of collective bargaining: agreements in force by level, coverage counting each employer once, the
wage increases of the year, cases by status; the page, the export (audited), the API; scoped to the subtree."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import login
from gonghui.bargaining.models import CaseStatus, CoveredEmployer
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.bargaining.stats import selectors
from gonghui.bargaining.tests import factories as f

pytestmark = pytest.mark.django_db
S = CaseStatus


def test_figures(world):
    today = timezone.localdate()
    a = f.employer_of(world.child, staff=100)
    b = f.employer_of(world.child, staff=40)
    f.case_at(world.child, S.PUBLISHED, employer=a, wage_increase=Decimal("4.00"), signed_on=today)
    f.case_at(world.child, S.IN_FORCE, employer=b, wage_increase=Decimal("7.00"), signed_on=today)
    regional = f.case_at(world.target, S.PUBLISHED, level="regional", employer=None, signed_on=today)
    CoveredEmployer.objects.create(case=regional, employer=a, staff_count=100)  # covered twice: counted once
    f.case_at(world.child, S.EXPIRED, signed_on=today - timedelta(days=400), ends_on=today - timedelta(days=1))
    f.case_at(world.child, S.NEGOTIATING)
    f.case_at(world.sibling, S.PUBLISHED)  # outside the actor's subtree
    actor = world.staff("st", world.target, [VIEW_BARGAINING])
    stats = selectors.bargaining_stats(actor=actor, year=today.year, today=today)
    assert stats.in_force == 3
    assert dict((v, n) for v, _l, n in stats.in_force_by_level) == {"employer": 2, "regional": 1, "industry": 0}
    assert (stats.covered_employers, stats.covered_workers) == (2, 140)
    assert stats.wage_agreements == 3
    assert (stats.wage_increase_min, stats.wage_increase_max) == (Decimal("4.00"), Decimal("7.00"))
    assert stats.wage_increase_avg == Decimal("5.33")
    assert dict((v, n) for v, _l, n in stats.by_status)["negotiating"] == 1


def test_page_export_and_api(world):
    f.case_at(world.child, S.PUBLISHED)
    client = login(Client(), world.actor("same_with", VIEW_BARGAINING))
    page = client.get(reverse("bargaining:stats")).content.decode()
    assert 'id="stats-in-force">1<' in page
    response = client.get(reverse("bargaining:stats_export"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=2).value == 1
    assert AuditEvent.objects.filter(action="bargaining.stats_export").count() == 1
    data = client.get("/api/v1/bargaining/stats/").json()
    assert (data["in_force"], data["covered_workers"]) == (1, 100)
    sibling = login(Client(), world.actor("sibling", VIEW_BARGAINING))
    assert 'id="stats-in-force">0<' in sibling.get(reverse("bargaining:stats")).content.decode()
    assert sibling.get("/api/v1/bargaining/stats/").json()["in_force"] == 0
