"""The pages of suggestions, board seats, openness and statistics read in English when the reader chose English:
no Chinese left in the chrome. Names and text typed by people are data and are taken out before looking."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.congress.directors.tests import kit as seats
from gonghui.congress.models import CongressSession, DisclosureItem, DisclosureQuestion, Suggestion
from gonghui.congress.openness import services as openness
from gonghui.congress.openness.tests import kit as items
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.suggestions import services
from gonghui.congress.suggestions.tests import factories as f
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    typed += list(Member.objects.values_list("name", flat=True))
    for s in Suggestion.objects.all():
        typed += [s.title, s.body, s.review_comment, *s.body.splitlines()]
    typed += [t for i in DisclosureItem.objects.all() for t in (i.title, i.body, i.period)]
    typed += [t for q in DisclosureQuestion.objects.all() for t in (q.question, q.answer)]
    typed += [t for c in CongressSession.objects.all() for t in (c.title, c.term.congress.name)]
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    html = re.sub(r'value="[^"]*"', "", html)  # a choice's stored value is data, its label is chrome
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_pages_read_in_english(world):
    staff = f.handler(world)
    who = f.member(world)
    suggestion = f.implemented(world, staff, who)
    services.suggestion_reward(actor=staff, suggestion=suggestion, amount="800.00")
    seat = seats.seat(world)
    item = items.item(world)
    question = openness.question_ask(actor=f.u(who), item=item, member=who, question="问题一")
    openness.question_answer(actor=items.clerk(world), question=question, answer="答复一")
    worker = _english(login(Client(), f.u(who)))
    ancestor = _english(login(Client(), world.actor("ancestor", VIEW_CONGRESS)))
    year = timezone.localdate().year
    pages = [
        (worker, reverse("congress_portal:suggestion_mine")),
        (worker, reverse("congress_portal:suggestion_new")),
        (worker, reverse("congress_portal:suggestion_detail", args=[suggestion.pk])),
        (worker, reverse("congress_portal:disclosure_mine")),
        (worker, reverse("congress_portal:disclosure_detail", args=[item.pk])),
        (ancestor, reverse("congress:suggestion_list")),
        (ancestor, reverse("congress:suggestion_detail", args=[suggestion.pk])),
        (ancestor, reverse("congress:suggestion_ranking") + f"?year={year}"),
        (ancestor, reverse("congress:seat_list")),
        (ancestor, reverse("congress:seat_detail", args=[seat.pk])),
        (ancestor, reverse("congress:disclosure_list")),
        (ancestor, reverse("congress:disclosure_detail", args=[item.pk])),
        (ancestor, reverse("congress:disclosure_questions") + "?state=all"),
        (ancestor, reverse("congress:stats")),
    ]
    data = _data()
    left = {}
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = _chinese_left(response.content.decode(), data)
        if found:
            left[url] = sorted(found)[:5]
    assert not left, left
