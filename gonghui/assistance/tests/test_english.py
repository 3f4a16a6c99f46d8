"""Every hardship page reads in English when the reader chose English: no Chinese left in the chrome (labels,
buttons, statuses, steps, what is missing, the documents' purposes). Names and text typed by people are data and
are taken out before looking."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.assistance.applications.services import HEALTH_AAD
from gonghui.assistance.applications.tests.factories import journey
from gonghui.assistance.models import ApplicationEvent, FileEvent, HardshipApplication, HomeVisit, HouseholdFile
from gonghui.attachments.models import Attachment
from gonghui.authz.testing import login
from gonghui.common import crypto
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
# The language switcher names each language in itself.
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data(world) -> list[str]:
    """Text that is data, not chrome: names of people and unions, and what people typed."""
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    for application in HardshipApplication.objects.prefetch_related("people", "incomes", "costs"):
        typed += [application.cause_note, application.member.name, application.review_comment]
        typed += [p.name for p in application.people.all()] + [p.school_name for p in application.people.all()]
        typed += [i.earner for i in application.incomes.all()] + [c.note for c in application.costs.all()]
        typed += [
            crypto.decrypt(p.health_cipher, associated=HEALTH_AAD) for p in application.people.all() if p.health_cipher
        ]
    typed += list(HomeVisit.objects.values_list("findings", flat=True))
    typed += list(Attachment.objects.values_list("name", flat=True))
    # History lines keep the words they were written with (a record, not chrome).
    typed += list(FileEvent.objects.values_list("comment", flat=True))
    typed += list(ApplicationEvent.objects.values_list("comment", flat=True))
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    # The shell's decorative glyphs (brand mark, avatar initial, language icon) are hidden from readers.
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def test_console_and_portal_pages_in_english(world):
    j = journey(world)
    approved = j.approved()
    visited = journey(world, phone="13800000055").visited()
    draft = journey(world, phone="13800000056").draft()
    file = HouseholdFile.objects.get(application=approved)
    data = _data(world)

    staff = _english(login(Client(), j.clerk))
    pages = [
        reverse("assistance:hardship_list"),
        reverse("assistance:hardship_visits"),
        reverse("assistance:hardship_new"),
        reverse("assistance:hardship_detail", args=[approved.pk]),
        reverse("assistance:hardship_detail", args=[visited.pk]),
        reverse("assistance:hardship_detail", args=[draft.pk]),
        reverse("assistance:hardship_visit", args=[draft.pk]),
        reverse("assistance:file_list"),
        reverse("assistance:file_detail", args=[file.pk]),
        reverse("assistance:support_list"),
        reverse("assistance:review_list"),
        reverse("assistance:hardship_stats"),
    ]
    for url in pages:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert not _chinese_left(response.content.decode(), data), (url, _chinese_left(response.content.decode(), data))

    worker = User.objects.get(pk=int(draft.member.user_id or 0))
    portal = _english(login(Client(), worker))
    for url in (
        reverse("assistance_portal:hardship_mine"),
        reverse("assistance_portal:hardship_mine_detail", args=[draft.pk]),
        reverse("assistance_portal:hardship_publicity"),
    ):
        response = portal.get(url)
        assert response.status_code == 200, url
        assert not _chinese_left(response.content.decode(), data), (url, _chinese_left(response.content.decode(), data))
