"""Statistics of legal aid and supervision: the aggregate figures equal sums over the rows, scoped to the actor's
subtree; the page (charts), the ``.xlsx`` (audited), the API; the matrices."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.legal_aid.cases import services
from gonghui.legal_aid.cases.tests import kit
from gonghui.legal_aid.models import CaseStatus, LegalAidCase
from gonghui.legal_aid.permissions import VIEW_CASES, VIEW_SUPERVISION
from gonghui.legal_aid.stats.selectors import legal_aid_stats
from gonghui.legal_aid.supervision import services as notices
from gonghui.legal_aid.supervision.tests.test_notice_services import DATA, clerk

pytestmark = pytest.mark.django_db

OUTCOMES = [("supported", "5000.00"), ("partly", "1200.50"), ("settled", "800.00"), ("not_supported", "0")]


def _grow(world) -> None:
    staff = kit.handler(world)
    for i, (outcome, amount) in enumerate(OUTCOMES):
        case = kit.case_at(world, "assigned", kind=["wages", "injury", "wages", "dismissal"][i])
        services.case_close(actor=staff, case=case, outcome=outcome, amount_recovered=amount)
    kit.case_at(world, "applied", kind="social_insurance")
    kit.case_at(world, "accepted", kind="wages")
    kit.case_at(world, "closed", unit=world.sibling)  # outside the district's subtree
    notices.notice_issue(actor=clerk(world), unit=world.child, data=DATA)


def test_figures_equal_sums_over_the_rows(world):
    _grow(world)
    actor = world.actor("same_with", VIEW_CASES)
    year = timezone.localdate().year
    stats = legal_aid_stats(actor=actor, year=year)
    rows = list(LegalAidCase.objects.filter(unit__path__startswith=world.target.path))
    assert stats.cases == len(rows) == 6
    closed = [c for c in rows if c.status == CaseStatus.CLOSED]
    assert stats.recovered == sum((c.amount_recovered for c in closed), Decimal("0")) == Decimal("7000.50")
    by_kind = Counter(c.dispute_kind for c in rows)
    assert {code: n for code, _l, n, _a in stats.by_kind if n} == dict(by_kind)
    recovered: defaultdict[str, Decimal] = defaultdict(Decimal)
    for c in closed:
        recovered[c.dispute_kind] += c.amount_recovered
    assert {code: a for code, _l, _n, a in stats.by_kind if a} == {k: v for k, v in recovered.items() if v}
    assert {code: n for code, _l, n, _a in stats.by_outcome if n} == dict(Counter(c.outcome for c in closed))
    assert stats.decided_on_time == 5
    assert stats.decided_late == 0
    assert stats.show_notices
    assert stats.notices == 1
    assert legal_aid_stats(actor=world.actor("sibling", VIEW_CASES), year=year).cases == 1


def test_page_export_api_and_matrix(world):
    _grow(world)
    lists = ("sibling", "same_with", "ancestor")
    answers = http_matrix(world, VIEW_CASES, "get", reverse("legal_aid:stats"), allowed=lists)
    assert CANARY not in answers["sibling"].content.decode()
    client = login(Client(), world.actor("same_with", VIEW_CASES))
    page = client.get(reverse("legal_aid:stats")).content.decode()
    assert "<svg" in page
    assert "7000.50" in page.replace(",", "")
    response = client.get(reverse("legal_aid:stats_export"))
    book = load_workbook(io.BytesIO(response.content))
    assert "劳动法律监督" in book.sheetnames
    assert AuditEvent.objects.filter(action="legal_aid.stats_export").count() == 1
    data = client.get("/api/v1/legal-aid/stats/").json()
    assert data["cases"] == 6
    assert data["recovered"] == "7000.50"
    assert data["notices"] == 1
    viewer = login(Client(), world.staff("vw", world.target, [VIEW_CASES]))  # no supervision: no notices
    assert viewer.get("/api/v1/legal-aid/stats/").json()["notices"] is None
    assert VIEW_SUPERVISION
