"""The congress, session and proposal pages read in English when the reader chose English: no Chinese left in the
chrome (labels, buttons, statuses, traces). Names and what people typed are data and are taken out first."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.congress.congresses import services as congress_services
from gonghui.congress.models import (
    AgendaItem,
    AgendaStatus,
    CongressSection,
    CongressSession,
    CongressTerm,
    Proposal,
    ProposalStatus,
)
from gonghui.congress.permissions import HANDLE_PROPOSALS, MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.sessions import services as session_services
from gonghui.congress.tests import factories as f
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    typed += list(Member.objects.values_list("name", flat=True))
    typed += list(CongressTerm.objects.values_list("congress__name", flat=True))
    typed += list(CongressSection.objects.values_list("name", flat=True))
    typed += list(CongressSession.objects.values_list("title", flat=True))
    typed += list(CongressSession.objects.values_list("minutes", flat=True))
    typed += list(AgendaItem.objects.values_list("title", flat=True))
    for p in Proposal.objects.all():
        typed += [p.title, p.body, p.department, p.answer, p.committee_reason]
    typed += [str(t) for t in CongressTerm.objects.select_related("congress")]
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def test_pages_in_english(world):
    kit = f.congress_kit(world.child, reps=3, managers=2)
    staff_user = world.staff("en", world.child, [VIEW_CONGRESS, MANAGE_CONGRESS, HANDLE_PROPOSALS])
    term = congress_services.term_create(
        actor=staff_user,
        congress=kit.congress,
        number=2,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        headcount=450,
    )
    session = f.open_session(kit)
    item = f.voting_item(kit, session, secret=True)
    session_services.vote_cast(actor=kit.user(0), item=item, choice="for")
    session_services.item_close(actor=staff_user, item=item)
    f.item(session, status=AgendaStatus.VOTING)
    proposal = f.proposal(
        kit, status=ProposalStatus.ACCEPTED, number="1-001", due_on=timezone.localdate(), department="行政部"
    )
    seeking = f.proposal(kit, by=1, status=ProposalStatus.SECONDING, title="另一件提案")
    data = _data()
    staff = _english(login(Client(), staff_user))
    for url in (
        reverse("congress:congress_list"),
        reverse("congress:congress_detail", args=[kit.congress.pk]),
        reverse("congress:term_detail", args=[kit.term.pk]),
        reverse("congress:term_detail", args=[term.pk]),
        reverse("congress:session_list"),
        reverse("congress:session_new", args=[kit.term.pk]),
        reverse("congress:session_detail", args=[session.pk]),
        reverse("congress:session_sign_in", args=[session.pk]),
        reverse("congress:proposal_list"),
        reverse("congress:proposal_detail", args=[proposal.pk]),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, (url, left)
    worker = _english(login(Client(), kit.user(0)))
    for url in (
        reverse("congress_portal:mine"),
        reverse("congress_portal:session_mine", args=[session.pk]),
        reverse("congress_portal:proposal_mine"),
        reverse("congress_portal:proposal_new"),
        reverse("congress_portal:proposal_detail", args=[proposal.pk]),
        reverse("congress_portal:proposal_detail", args=[seeking.pk]),
    ):
        response = worker.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, (url, left)
