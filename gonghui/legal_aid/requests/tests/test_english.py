"""The pages of workers' requests read in English when the reader chose English: no Chinese left in the chrome.
Names, categories and text typed by people are data and are taken out before looking."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.legal_aid.models import RequestCategory, RequestEvent, WorkerRequest
from gonghui.legal_aid.requests.tests import factories as f
from gonghui.members.models import Member
from gonghui.orgs.codes import regions
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    typed += list(Member.objects.values_list("name", flat=True))
    typed += list(RequestCategory.objects.values_list("name", flat=True))
    for r in WorkerRequest.objects.all():
        typed += [r.description, r.answer, r.rating_comment, *r.description.splitlines()]
    typed += [e.comment for e in RequestEvent.objects.all()]
    typed += [region.name for region in regions().values()]  # place names in the county choice are data
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    html = re.sub(r'value="[^"]*"', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_pages_read_in_english(world):
    member = f.worker(world)
    item = f.request(world, by=member, status="answered", anonymous=True)
    staff = _english(login(Client(), world.actor("same_with", "legal_aid.handle_requests")))
    worker = _english(login(Client(), f.u(member)))
    outsider = _english(login(Client(), f.phone_user()))
    pages = [
        (staff, reverse("legal_aid:request_list")),
        (staff, reverse("legal_aid:request_detail", args=[item.pk])),
        (staff, reverse("legal_aid:request_stats")),
        (staff, reverse("legal_aid:request_categories")),
        (worker, reverse("legal_aid_portal:request_mine")),
        (worker, reverse("legal_aid_portal:request_detail", args=[item.pk])),
        (worker, reverse("legal_aid_portal:request_new")),
        (outsider, reverse("legal_aid_portal:request_new")),
    ]
    data = _data()
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _chinese_left(response.content.decode(), data) == set(), url
