"""Contest pages and endpoints: matrices of the console pages and actions, a judge scoring from the portal (only an
assigned judge of an open stage, once, the others' scores after their own), the worker's portal (their entry, the
masked published results), the statistics and their audited export, the API (no judge's individual score), and
query counts pinned on the lists and the stage page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.contests.competitions import services
from gonghui.contests.competitions.tests import kit as k
from gonghui.contests.models import (
    Contest,
    ContestEntry,
    ContestStage,
    JudgeAssignment,
    JudgeScore,
    StageEntrant,
    StageStatus,
)
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS, VIEW_COMPETITIONS

pytestmark = pytest.mark.django_db


def _closed(world):
    kit = k.contest_kit(world.target, entrants=3, judges=3)
    stage = k.open_stage(kit)
    for entrant, mark in zip(k.entrants(stage), ("90", "80", "70"), strict=True):
        for judge in kit.judges:
            k.score(entrant, judge, theory=mark, practice=mark)
    services.stage_close(actor=world.actor("same_with", MANAGE_COMPETITIONS), stage=stage)
    return kit


def test_console_pages_matrix(world):
    kit = _closed(world)
    http_matrix(world, VIEW_COMPETITIONS, "get", reverse("contests:competition_detail", args=[kit.contest.pk]))
    http_matrix(world, VIEW_COMPETITIONS, "get", reverse("contests:competition_stage", args=[kit.final.pk]))
    # the lists and statistics answer everyone with staff rights, scoped: the sibling union's staff see nothing of it
    for name in ("contests:competition_list", "contests:competition_stats"):
        own = login(Client(), world.actor("same_with", VIEW_COMPETITIONS)).get(reverse(name)).content.decode()
        assert world.target.name in own
        sibling = login(Client(), world.actor("sibling", VIEW_COMPETITIONS)).get(reverse(name))
        assert sibling.status_code == 200
        assert CANARY not in sibling.content.decode()
        for denied in ("member", "same_without"):
            assert login(Client(), world.actor(denied, VIEW_COMPETITIONS)).get(reverse(name)).status_code in (302, 403)


def test_console_actions_matrix(world):
    kit = _closed(world)
    http_matrix(
        world,
        MANAGE_COMPETITIONS,
        "post",
        reverse("contests:competition_detail", args=[kit.contest.pk]),
        data={"action": "publish"},
        state=lambda w: Contest.objects.get(pk=kit.contest.pk).status,
    )
    planned = k.contest_kit(world.target, judges=0)
    judge = k.user()
    http_matrix(
        world,
        MANAGE_COMPETITIONS,
        "post",
        reverse("contests:competition_stage", args=[planned.final.pk]),
        data={"action": "judge", "phone": judge.phone},
        state=lambda w: JudgeAssignment.objects.count(),
    )
    http_matrix(
        world,
        MANAGE_COMPETITIONS,
        "post",
        reverse("contests:competition_new"),
        data={
            "unit": str(world.target.pk),
            "name": "新竞赛",
            "kind": "skill",
            "level": "city",
            "trade": "电工",
            "starts_on": "2026-11-01",
            "rounds": ["final"],
            "min_age": "18",
            "max_age": "60",
            "min_years": "2",
        },
        state=lambda w: Contest.objects.count(),
    )


def test_register_page_matrix_and_explained_result(world):
    contest = k.contest(world.target)
    member = k.member(world.child)
    url = reverse("contests:competition_register", args=[contest.pk])
    http_matrix(
        world,
        REGISTER_ENTRANTS,
        "post",
        url,
        data={"member": member.member_no, "years_in_trade": "1"},
        state=lambda w: ContestEntry.objects.count(),
    )
    client = login(Client(), world.actor("same_with", REGISTER_ENTRANTS))
    client.post(url, {"member": member.member_no, "years_in_trade": "1"})
    page = client.get(url).content.decode()
    assert "不符合条件" in page
    assert "从业年限条件" in page  # the explanation is on the page
    bad = client.post(url, {"member": "HY000", "years_in_trade": "3"}).content.decode()
    assert "在您可报送的工会中没有找到该会员" in bad


def test_stage_page_hides_scores_while_open(world):
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    stage = k.open_stage(kit)
    k.score(k.entrants(stage)[0], kit.judges[0], theory="77.77", practice="66.66")
    client = login(Client(), world.actor("same_with", VIEW_COMPETITIONS))
    page = client.get(reverse("contests:competition_stage", args=[stage.pk])).content.decode()
    assert "77.77" not in page
    assert "1 / 3" in page


def test_judge_scores_on_the_portal_once(world):
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    stage = k.open_stage(kit)
    url = reverse("contests_portal:judge_entrant", args=[stage.pk, 1])
    k.score(k.entrants(stage)[0], kit.judges[1], theory="61.5", practice="62.5")
    judge = login(Client(), kit.judges[0])
    form = judge.get(url).content.decode()
    assert 'id="score-form"' in form
    assert "61.5" not in form  # another judge's score, before submitting one's own
    for _twice in range(2):
        judge.post(url, {"theory": "85.5", "practice": "90"})
    assert JudgeScore.objects.filter(judge=kit.judges[0]).count() == 2
    after = judge.get(url).content.decode()
    assert 'id="score-form"' not in after
    assert "61.50" in after
    bad = judge.post(reverse("contests_portal:judge_entrant", args=[stage.pk, 2]), {"theory": "120", "practice": "9"})
    assert 'class="p-error"' in bad.content.decode()
    assert JudgeScore.objects.filter(judge=kit.judges[0]).count() == 2
    listing = judge.get(reverse("contests_portal:judge_stage", args=[stage.pk])).content.decode()
    assert "已评 1 / 2" in listing
    # not on the panel: a worker and a judge of another contest get 404, and post nothing
    other = k.contest_kit(world.target, entrants=1, judges=1)
    for outsider in (world.member, other.judges[0]):
        client = login(Client(), outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"theory": "1", "practice": "1"}).status_code == 404
    assert JudgeScore.objects.count() == 4
    # staff who may see the stage are sent to its console page
    staff = login(Client(), world.actor("same_with", VIEW_COMPETITIONS))
    assert staff.get(url)["Location"] == reverse("contests:competition_stage", args=[stage.pk])
    # closed: the judging pages are gone for the judges too
    ContestStage.objects.filter(pk=stage.pk).update(status=StageStatus.CLOSED)
    assert judge.get(url).status_code == 404
    assert judge.post(url, {"theory": "1", "practice": "1"}).status_code == 404


def test_worker_sees_own_entry_and_masked_published_results(world):
    kit = _closed(world)
    services.results_publish(actor=world.actor("same_with", MANAGE_COMPETITIONS), contest=kit.contest)
    winner = kit.entries[0].member
    client = login(Client(), winner.user)
    mine = client.get(reverse("contests_portal:competition_mine")).content.decode()
    assert kit.contest.name in mine
    assert "第 1 名" in mine
    entry = client.get(reverse("contests_portal:competition_entry", args=[kit.entries[0].pk])).content.decode()
    assert "技术能手" in entry
    assert "计分说明" in entry
    results = client.get(reverse("contests_portal:competition_results", args=[kit.contest.pk])).content.decode()
    assert winner.name not in results
    assert winner.name[0] in results
    # another worker of the same union sees the results but not someone else's entry
    neighbour = login(Client(), kit.entries[1].member.user)
    assert neighbour.get(reverse("contests_portal:competition_entry", args=[kit.entries[0].pk])).status_code == 404
    assert neighbour.get(reverse("contests_portal:competition_results", args=[kit.contest.pk])).status_code == 200
    # a worker of another union sees neither
    stranger = login(Client(), k.member(world.sibling).user)
    assert stranger.get(reverse("contests_portal:competition_results", args=[kit.contest.pk])).status_code == 404


def test_stats_and_audited_export(world):
    _closed(world)
    client = login(Client(), world.actor("same_with", VIEW_COMPETITIONS))
    page = client.get(reverse("contests:competition_stats")).content.decode()
    assert world.target.name in page
    response = client.get(reverse("contests:competition_stats_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="contests.competition_stats_export").count() == 1


def test_api_lists_results_without_judges_scores(world):
    kit = _closed(world)
    client = login(Client(), world.actor("same_with", VIEW_COMPETITIONS))
    found = client.get("/api/v1/contests/competitions/").json()
    assert [c["id"] for c in found["results"]] == [kit.contest.pk]
    results = client.get(f"/api/v1/contests/competition-results/?contest={kit.contest.pk}").json()["results"]
    assert [r["rank"] for r in results] == [1, 2, 3]
    assert results[0]["total"] == "90.00"
    assert kit.entries[0].member.name not in str(results)
    assert "judge" not in str(results)
    for name in ("sibling", "same_without"):
        other = login(Client(), world.actor(name, VIEW_COMPETITIONS))
        assert CANARY not in other.get("/api/v1/contests/competitions/").content.decode()
        assert other.get("/api/v1/contests/competition-results/").json().get("results", []) == []


def test_lists_and_stage_page_pinned(world, django_assert_max_num_queries):
    for unit in (world.child, world.target, world.sibling):
        kit = k.contest_kit(unit, entrants=2, judges=3)
        k.open_stage(kit)
    big = k.contest_kit(world.target, entrants=12, judges=5)
    stage = k.open_stage(big)
    for entrant in k.entrants(stage):
        for judge in big.judges:
            k.score(entrant, judge, theory="80", practice=str(60 + entrant.number))
    client = login(Client(), world.actor("ancestor", MANAGE_COMPETITIONS))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("contests:competition_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/contests/competitions/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("contests:competition_stage", args=[stage.pk])).status_code == 200
    services.stage_close(actor=world.actor("ancestor", MANAGE_COMPETITIONS), stage=stage)
    assert StageEntrant.objects.filter(stage=stage, rank=1).get().total == Decimal("74.40")
    with django_assert_max_num_queries(22):
        assert client.get(reverse("contests:competition_stage", args=[stage.pk])).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("contests:competition_detail", args=[big.contest.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/contests/competition-results/").status_code == 200
