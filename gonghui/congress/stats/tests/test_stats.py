"""Statistics of democratic management: coverage (a session within the last 12 months), proposals by outcome and
punctuality, suggestions and their value, scoped to the actor's subtree; the page, the audited export and the API,
each refused to workers and scoped for the sibling union's staff."""

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
from gonghui.congress.models import CongressSection, Proposal, ProposalStatus, Representative
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.stats import selectors
from gonghui.congress.suggestions.tests import factories as f
from gonghui.orgs.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db


def _proposal(term, rep, *, due, answered=None, code="", status=ProposalStatus.ACCEPTED):
    return Proposal.objects.create(
        term=term,
        proposer=rep,
        title="提案",
        body="理由",
        status=status,
        due_on=due,
        answered_on=answered,
        answer_code=code,
    )


def _grassroots(world, name):
    unit = OrgUnit(name=name, kind=UnitKind.GRASSROOTS, region_code="330106")
    return OrgUnit.objects.add_child(OrgUnit.objects.get(pk=world.target.pk), instance=unit)


def _world_with_figures(world):
    today = timezone.localdate()
    congress, session = f.congress(world)  # world.child: a session 30 days ago
    stale_unit = _grassroots(world, "矩阵二号基层工会")
    f.congress(world, unit=stale_unit, held_on=today - timedelta(days=400))  # overdue
    _grassroots(world, "矩阵三号基层工会")
    term = session.term
    section = CongressSection.objects.create(term=term, name="一车间", seats=10)
    rep = Representative.objects.create(
        term=term,
        section=section,
        member=f.member(world, with_user=False),
        category="front_line",
        elected_on=term.starts_on,
    )
    _proposal(
        term,
        rep,
        due=today - timedelta(days=5),
        answered=today - timedelta(days=10),
        code="A",
        status=ProposalStatus.ANSWERED,
    )
    _proposal(
        term,
        rep,
        due=today - timedelta(days=5),
        answered=today - timedelta(days=1),
        code="D",
        status=ProposalStatus.ANSWERED,
    )
    _proposal(term, rep, due=today - timedelta(days=1))  # overdue, unanswered
    staff = f.handler(world)
    f.implemented(world, staff, saved="1000.50")
    f.filed(world)
    return congress


def test_figures_and_scope(world):
    _world_with_figures(world)
    today = timezone.localdate()
    s = selectors.congress_stats(actor=world.actor("ancestor", VIEW_CONGRESS), year=today.year, today=today)
    assert (s.grassroots, s.with_congress, s.with_recent_session) == (3, 2, 1)
    assert s.coverage == Decimal("33.3")
    assert (s.answered_on_time, s.answered_late, s.overdue_open) == (1, 1, 1)
    assert s.punctuality == Decimal("50.0")
    assert {c for c, _l, _n in s.proposals_by_code} == {"A", "D"}
    assert s.suggestions_adopted == 1
    assert s.money_saved == Decimal("1000.50")
    assert sum(n for *_x, n in s.suggestions_by_status) == 2
    overdue = selectors.overdue_congresses(actor=world.actor("ancestor", VIEW_CONGRESS), today=today)
    assert [c.unit.name for c in overdue] == ["矩阵二号基层工会"]
    sibling = selectors.congress_stats(actor=world.actor("sibling", VIEW_CONGRESS), year=today.year, today=today)
    assert (sibling.grassroots, sibling.suggestions_adopted, sibling.answered_on_time) == (0, 0, 0)


def test_page_export_and_api(world):
    _world_with_figures(world)
    ancestor = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    page = ancestor.get(reverse("congress:stats"))
    assert page.status_code == 200
    assert "33.3%" in page.content.decode()
    export = ancestor.get(reverse("congress:stats_export"))
    assert AuditEvent.objects.filter(action="congress.stats_export").count() == 1
    book = load_workbook(io.BytesIO(export.content))
    assert "矩阵二号基层工会" in " ".join(str(c.value) for row in book.worksheets[-1].iter_rows() for c in row)
    api = ancestor.get("/api/v1/congress/stats/").json()
    assert api["coverage"] == "33.3"
    assert api["money_saved"] == "1000.50"
    for url in (reverse("congress:stats"), reverse("congress:stats_export"), "/api/v1/congress/stats/"):
        assert login(Client(), world.member).get(url).status_code in (302, 403)
        assert login(Client(), world.actor("same_without", VIEW_CONGRESS)).get(url).status_code == 403
