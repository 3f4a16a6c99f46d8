"""The claims pages read in English when the reader chose English: the queue, a claim's page with its calculation
line by line (each line's rule and plan version), and the worker's portal pages. Names of people, unions, plans,
tiers and hospitals, and text people typed, are data and are taken out first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import login
from gonghui.mutual_aid.claims.tests import kit
from gonghui.mutual_aid.models import ClaimEvent, ClaimInvoice
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.tests.test_english_plans import _chinese_left, _data

pytestmark = pytest.mark.django_db


def _typed() -> list[str]:
    typed = [
        *ClaimInvoice.objects.values_list("hospital", flat=True),
        *ClaimEvent.objects.values_list("comment", flat=True),
        "急性阑尾炎",  # the diagnosis the kit typed
    ]
    return sorted({t for t in [*_data(), *typed] if t}, key=len, reverse=True)


def test_claim_pages_in_english(world):
    kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "30000")
    data = _typed()
    staff = login(Client(), world.actor("ancestor", VIEW_MUTUAL_AID))
    staff.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url in (reverse("mutual_aid:claim_list"), reverse("mutual_aid:claim_detail", args=[claim.pk])):
        response = staff.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, f"{url}: {sorted(left)[:8]}"
    worker = login(Client(), kit.u(who))
    worker.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url in (reverse("mutual_aid_portal:claim_list"), reverse("mutual_aid_portal:claim_detail", args=[claim.pk])):
        response = worker.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Rule #" in html or url.endswith("/claims/")  # the calculation names its rule in English
        left = _chinese_left(html, data)
        assert not left, f"{url}: {sorted(left)[:8]}"
