"""The plans, enrolment and statistics pages read in English when the reader chose English: no Chinese left in the
chrome. Names of people, unions, plans and tiers, and text people typed, are data and are taken out first."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.members.models import Member
from gonghui.mutual_aid.enrolment.tests import kit
from gonghui.mutual_aid.models import BenefitRule, Plan, PlanTier
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.tests import factories
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    typed += [*Plan.objects.values_list("name", flat=True), *PlanTier.objects.values_list("name", flat=True)]
    typed += list(Member.objects.values_list("name", flat=True))
    for rule in BenefitRule.objects.all():
        typed += [i["name"] for i in rule.illnesses] + list(rule.exclusions)
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def test_pages_in_english(world):
    plan = factories.plan(world.target)
    members = kit.roster(world, 2)
    enrolment = factories.enrolment(plan, world.child, members)
    worker = User.objects.create_user(username="13700000077", phone="13700000077", name="互助职工")
    Member.objects.filter(pk=members[0].pk).update(user=worker)
    staff = login(Client(), world.actor("ancestor", VIEW_MUTUAL_AID))
    staff.post("/i18n/setlang/", {"language": "en", "next": "/"})
    pages = [
        reverse("mutual_aid:plan_list"),
        reverse("mutual_aid:plan_detail", args=[plan.pk]),
        reverse("mutual_aid:version_detail", args=[plan.pk, 1]),
        reverse("mutual_aid:enrolment_list"),
        reverse("mutual_aid:enrolment_detail", args=[enrolment.pk]),
        reverse("mutual_aid:stats"),
    ]
    data = _data()
    for url in pages:
        response = staff.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, f"{url}: {sorted(left)[:8]}"
    portal = login(Client(), worker)
    portal.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = portal.get(reverse("mutual_aid_portal:my_cover"))
    assert response.status_code == 200
    left = _chinese_left(response.content.decode(), data)
    assert not left, sorted(left)[:8]
