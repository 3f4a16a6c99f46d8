"""The contest pages read in English when the reader chose English: no Chinese left in the chrome (labels, buttons,
statuses, traces of eligibility and scoring). Names and what people typed are data and are taken out first."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.common.masking import mask_name
from gonghui.contests.competitions import services
from gonghui.contests.competitions.tests import kit as k
from gonghui.contests.models import Contest, ContestEntry
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS, VIEW_COMPETITIONS
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    typed += list(Member.objects.values_list("name", flat=True))
    typed += [mask_name(n) for n in Member.objects.values_list("name", flat=True)]
    for c in Contest.objects.all():
        typed += [c.name, c.trade, c.certificate, c.award_title, c.skill_upgrade]
    typed += list(ContestEntry.objects.values_list("certificates", flat=True))
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _chinese_left(html: str, data: list[str]) -> set[str]:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_pages_in_english(world):
    staff_user = world.staff("en", world.target, [VIEW_COMPETITIONS, MANAGE_COMPETITIONS, REGISTER_ENTRANTS])
    kit = k.contest_kit(world.target, entrants=3, judges=3)
    services.entry_register(actor=staff_user, contest=kit.contest, member=k.member(world.child), years_in_trade=0)
    stage = k.open_stage(kit)
    for entrant, mark in zip(k.entrants(stage), ("90", "80", "70"), strict=True):
        for judge in kit.judges:
            k.score(entrant, judge, theory=mark, practice=mark)
    services.stage_close(actor=staff_user, stage=stage)
    services.results_publish(actor=staff_user, contest=kit.contest)
    running = k.contest_kit(world.target, entrants=2, judges=3)
    open_stage = k.open_stage(running)
    k.score(k.entrants(open_stage)[0], running.judges[0], theory="80", practice="81")
    registering = k.contest(world.target, certificate="电工证")
    data = _data()
    staff = _english(login(Client(), staff_user))
    for url in (
        reverse("contests:competition_list"),
        reverse("contests:competition_new"),
        reverse("contests:competition_detail", args=[kit.contest.pk]),
        reverse("contests:competition_stage", args=[stage.pk]),
        reverse("contests:competition_stage", args=[open_stage.pk]),
        reverse("contests:competition_register_list"),
        reverse("contests:competition_register", args=[registering.pk]),
        reverse("contests:competition_stats"),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, (url, left)
    winner = _english(login(Client(), kit.entries[0].member.user))
    scorer = _english(login(Client(), running.judges[0]))
    for client, url in (
        (winner, reverse("contests_portal:competition_mine")),
        (winner, reverse("contests_portal:competition_entry", args=[kit.entries[0].pk])),
        (winner, reverse("contests_portal:competition_results", args=[kit.contest.pk])),
        (scorer, reverse("contests_portal:competition_mine")),
        (scorer, reverse("contests_portal:judge_stage", args=[open_stage.pk])),
        (scorer, reverse("contests_portal:judge_entrant", args=[open_stage.pk, 1])),
        (scorer, reverse("contests_portal:judge_entrant", args=[open_stage.pk, 2])),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        left = _chinese_left(response.content.decode(), data)
        assert not left, (url, left)
