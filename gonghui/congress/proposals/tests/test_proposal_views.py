"""Proposal pages: a proposal from the portal draft to the committee's coded answer and the proposer's rating,
the committee page's matrix, the list's pinned query count and filters, the export (masked, audited) and the API
(staff read; representatives create)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.congress.models import Proposal, ProposalStatus
from gonghui.congress.permissions import HANDLE_PROPOSALS, VIEW_CONGRESS
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def test_portal_draft_to_coded_answer(world):
    kit = f.congress_kit(world.child, reps=3)
    proposer = login(Client(), kit.user(0))
    response = proposer.post(
        reverse("congress_portal:proposal_new"), {"title": "关于增设母婴室的提案", "body": "理由与办法……"}
    )
    proposal = Proposal.objects.get(title="关于增设母婴室的提案")
    detail = reverse("congress_portal:proposal_detail", args=[proposal.pk])
    assert response["Location"] == detail
    proposer.post(detail, {"action": "invite"})
    for i in (1, 2):
        seconder = login(Client(), kit.user(i))
        assert "关于增设母婴室的提案" in seconder.get(reverse("congress_portal:proposal_mine")).content.decode()
        seconder.post(detail, {"action": "second"})
    proposer.post(detail, {"action": "submit"})
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    committee = login(Client(), world.actor("same_with", HANDLE_PROPOSALS))
    console = reverse("congress:proposal_detail", args=[proposal.pk])
    committee.post(console, {"action": "decide", "outcome": "accept", "department": "行政部"})
    committee.post(console, {"action": "answer", "code": "D", "answer": ""})  # D without a reason: refused
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED
    committee.post(console, {"action": "answer", "code": "B", "answer": "已列入明年计划。"})
    proposer.post(detail, {"action": "rate", "satisfaction": "basic"})
    done = Proposal.objects.get(pk=proposal.pk)
    assert (done.status, done.answer_code, done.satisfaction) == (ProposalStatus.CLOSED, "B", "basic")
    assert done.number == "1-001"
    page = proposer.get(detail).content.decode()
    assert "B 已采纳正在落实" in page


def test_committee_matrix(world):
    kit = f.congress_kit(world.child, reps=2)
    proposal = f.proposal(kit, status=ProposalStatus.SUBMITTED)
    url = reverse("congress:proposal_detail", args=[proposal.pk])
    http_matrix(world, VIEW_CONGRESS, "get", url)
    http_matrix(
        world,
        HANDLE_PROPOSALS,
        "post",
        url,
        data={"action": "decide", "outcome": "opinion"},
        state=lambda w: Proposal.objects.get(pk=proposal.pk).status,
    )


def test_drafts_stay_the_proposers(world):
    kit = f.congress_kit(world.child, reps=2)
    draft = f.proposal(kit, status=ProposalStatus.DRAFT)
    staff = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    assert staff.get(reverse("congress:proposal_detail", args=[draft.pk])).status_code == 404
    other_rep = login(Client(), kit.user(1))
    assert other_rep.get(reverse("congress_portal:proposal_detail", args=[draft.pk])).status_code == 404


def test_list_pinned_export_and_escalated_filter(world, django_assert_max_num_queries):
    kit = f.congress_kit(world.child, reps=2)
    for i in range(5):
        f.proposal(kit, status=ProposalStatus.ACCEPTED, number=f"1-00{i}", due_on=timezone.localdate())
    late = f.proposal(
        kit, status=ProposalStatus.ACCEPTED, number="1-009", escalated_at=timezone.now(), title="逾期的提案"
    )
    client = login(Client(), world.actor("same_with", VIEW_CONGRESS))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:proposal_list")).status_code == 200
    page = client.get(reverse("congress:proposal_list") + "?escalated=1").content.decode()
    assert late.title in page
    assert page.count("badge-warn") == 1
    response = client.get(reverse("congress:proposal_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert kit.reps[0].member.name not in text
    assert "1-009" in text
    assert AuditEvent.objects.filter(action="congress.proposals_export").count() == 1
    sibling = login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(reverse("congress:proposal_list"))
    assert CANARY not in sibling.content.decode()


def test_api_read_and_create(world, django_assert_max_num_queries):
    kit = f.congress_kit(world.child, reps=2)
    f.proposal(kit, status=ProposalStatus.SUBMITTED)
    f.proposal(kit, status=ProposalStatus.DRAFT)
    staff = login(Client(), world.actor("same_with", VIEW_CONGRESS))
    with django_assert_max_num_queries(12):
        data = staff.get("/api/v1/congress/proposals/").json()
    assert len(data["results"]) == 1  # the draft is the proposer's own
    assert CANARY not in data["results"][0]["proposer_name"]
    rep = login(Client(), kit.user(1))
    body = {"term": kit.term.pk, "title": "关于开通班车的提案", "body": "理由"}
    response = rep.post("/api/v1/congress/proposals/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    worker = login(Client(), world.member)
    assert worker.post("/api/v1/congress/proposals/", body, content_type="application/json").status_code == 404
