"""Contest services: the authorization matrix of every staff write, eligibility kept with its explanation, judges'
scores written once and never seen by another judge before their own, nothing accepted after a stage closes,
closing a stage (ranks, the trace, who advances) and the published results with awards under the policy in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.contests.competitions import selectors, services
from gonghui.contests.competitions.tests import kit as k
from gonghui.contests.models import (
    Contest,
    ContestAward,
    ContestEntry,
    ContestKind,
    ContestStage,
    ContestStatus,
    EntryStatus,
    JudgeAssignment,
    JudgeScore,
    StageEntrant,
    StageRound,
)
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS, VIEW_COMPETITIONS
from gonghui.policy.models import PolicyRecord

pytestmark = pytest.mark.django_db


def _input(**over: object) -> services.ContestInput:
    data: dict[str, Any] = {
        "name": "2026年全市数控车工技能竞赛",
        "kind": ContestKind.SKILL,
        "level": "city",
        "trade": "数控车工",
        "starts_on": date(2026, 10, 1),
        "rounds": [StageRound.FINAL, StageRound.PRELIMINARY],
        "min_age": 18,
        "max_age": 55,
        "min_years": 3,
        "certificate": "数控车工四级",
    }
    data.update(over)
    return services.ContestInput(**data)


def test_contest_create_matrix(world):
    service_matrix(
        world,
        MANAGE_COMPETITIONS,
        lambda actor, w: services.contest_create(actor=actor, unit=w.target, data=_input()),
        state=lambda w: Contest.objects.count(),
        view_perm=VIEW_COMPETITIONS,
    )


def test_contest_create_orders_stages_and_requires_a_final(world):
    actor = world.actor("same_with", MANAGE_COMPETITIONS)
    contest = services.contest_create(actor=actor, unit=world.target, data=_input())
    assert list(contest.stages.order_by("order").values_list("round", flat=True)) == ["preliminary", "final"]
    with pytest.raises(ValidationError) as info:
        services.contest_create(actor=actor, unit=world.target, data=_input(rounds=["preliminary"]))
    assert "决赛" in str(info.value)
    with pytest.raises(ValidationError):
        services.contest_create(actor=actor, unit=world.target, data=_input(min_age=50, max_age=40))
    assert Contest.objects.count() == 1


def test_entry_register_matrix(world):
    contest = k.contest(world.target)
    member = k.member(world.child)
    service_matrix(
        world,
        REGISTER_ENTRANTS,
        lambda actor, w: services.entry_register(actor=actor, contest=contest, member=member, years_in_trade=5),
        state=lambda w: ContestEntry.objects.count(),
        view_perm=VIEW_COMPETITIONS,
    )


def test_eligibility_is_decided_and_explained_on_registration(world):
    contest = k.contest(world.target, certificate="数控车工四级", starts_on=date(2026, 10, 1))
    actor = world.actor("same_with", REGISTER_ENTRANTS)
    fit = k.member(world.child, birth=date(1990, 10, 1))
    young = k.member(world.child, birth=date(2008, 10, 2))  # 17 on the first day
    ok = services.entry_register(
        actor=actor, contest=contest, member=fit, years_in_trade=3, certificates="电工证、数控车工四级"
    )
    no = services.entry_register(actor=actor, contest=contest, member=young, years_in_trade=3, certificates="")
    assert ok.status == EntryStatus.ELIGIBLE
    assert no.status == EntryStatus.INELIGIBLE
    labels = {line["label"]: line["value"] for line in no.eligibility_trace["lines"] if line["role"] == "step"}
    assert labels["比赛开始日年龄"] == 17
    assert labels["年龄条件"] is False
    assert labels["证书条件"] is False
    with pytest.raises(ValidationError) as info:
        services.entry_register(actor=actor, contest=contest, member=fit, years_in_trade=3)
    assert info.value.code == "duplicate"
    outside = k.member(world.sibling)
    sibling_clerk = world.actor("ancestor", REGISTER_ENTRANTS)
    with pytest.raises(ValidationError):
        services.entry_register(actor=sibling_clerk, contest=contest, member=outside, years_in_trade=3)
    assert ContestEntry.objects.count() == 2


def test_member_found_by_member_number_or_id_only_in_the_clerks_unions(world):
    member = k.member(world.child)
    actor = world.actor("same_with", REGISTER_ENTRANTS)
    assert services.member_for_registration(actor=actor, text=member.member_no) == member
    stranger = k.member(world.sibling)
    with pytest.raises(ValidationError):
        services.member_for_registration(actor=actor, text=stranger.member_no)


def test_judge_assign_matrix_and_unknown_phone(world):
    kit = k.contest_kit(world.target, judges=0)
    judge = k.user()
    service_matrix(
        world,
        MANAGE_COMPETITIONS,
        lambda actor, w: services.judge_assign(actor=actor, stage=kit.final, phone=judge.phone),
        state=lambda w: JudgeAssignment.objects.count(),
        view_perm=VIEW_COMPETITIONS,
    )
    with pytest.raises(ValidationError):
        services.judge_assign(actor=world.actor("same_with", MANAGE_COMPETITIONS), stage=kit.final, phone="13300000000")


def test_stage_open_needs_the_panel_and_takes_eligible_entries(world):
    kit = k.contest_kit(world.target, entrants=3, judges=2)
    k.entry(kit.contest, k.member(world.child), eligible=False)
    actor = world.actor("same_with", MANAGE_COMPETITIONS)
    with pytest.raises(ValidationError) as info:
        services.stage_open(actor=actor, stage=kit.final)
    assert info.value.code == "judges"
    services.judge_assign(actor=actor, stage=kit.final, phone=k.user().phone)
    service_matrix(
        world,
        MANAGE_COMPETITIONS,
        lambda a, w: services.stage_open(actor=a, stage=kit.final),
        state=lambda w: StageEntrant.objects.count(),
        view_perm=VIEW_COMPETITIONS,
    )
    services.stage_open(actor=actor, stage=kit.final)
    assert StageEntrant.objects.filter(stage=kit.final).count() == 3
    assert Contest.objects.get(pk=kit.contest.pk).status == ContestStatus.RUNNING


def test_only_assigned_judges_score_and_only_once(world):
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    stage = k.open_stage(kit)
    first = k.entrants(stage)[0]
    for name in ("anonymous", "member", "sibling", "same_without", "same_with", "ancestor"):
        with pytest.raises(Http404):
            services.score_submit(
                actor=world.actor(name, MANAGE_COMPETITIONS), entrant=first, values={"theory": 80, "practice": 90}
            )
    assert JudgeScore.objects.count() == 0
    judge = kit.judges[0]
    services.score_submit(actor=judge, entrant=first, values={"theory": "80.5", "practice": "90"})
    with pytest.raises(ValidationError) as info:
        services.score_submit(actor=judge, entrant=first, values={"theory": "99", "practice": "99"})
    assert info.value.code == "scored"
    assert sorted(JudgeScore.objects.filter(entrant=first).values_list("value", flat=True)) == [
        Decimal("80.50"),
        Decimal("90.00"),
    ]
    with pytest.raises(ValidationError):
        services.score_submit(actor=kit.judges[1], entrant=first, values={"theory": "101", "practice": "90"})
    with pytest.raises(ValidationError):
        services.score_submit(actor=kit.judges[1], entrant=first, values={"theory": "80.123", "practice": "90"})
    assert JudgeScore.objects.filter(judge=kit.judges[1]).count() == 0
    events = AuditEvent.objects.filter(action="contests.score_submit")
    assert events.count() == 1
    assert "80.5" not in str(events.get().data)


def test_a_judge_sees_other_scores_only_after_their_own(world):
    kit = k.contest_kit(world.target, entrants=1, judges=3)
    stage = k.open_stage(kit)
    entrant = k.entrants(stage)[0]
    services.score_submit(actor=kit.judges[0], entrant=entrant, values={"theory": "70", "practice": "75"})
    before = selectors.panel_view(actor=kit.judges[1], entrant=entrant)
    assert before.mine == {}
    assert before.others == []
    services.score_submit(actor=kit.judges[1], entrant=entrant, values={"theory": "88", "practice": "89"})
    after = selectors.panel_view(actor=kit.judges[1], entrant=entrant)
    assert after.mine == {"theory": Decimal("88.00"), "practice": Decimal("89.00")}
    assert after.others == [{"theory": Decimal("70.00"), "practice": Decimal("75.00")}]
    # the third judge, who has not scored, still sees nothing
    assert selectors.panel_view(actor=kit.judges[2], entrant=entrant).others == []


def test_nothing_is_accepted_after_the_stage_closes(world):
    kit = k.contest_kit(world.target, entrants=1, judges=3)
    stage = k.open_stage(kit)
    entrant = k.entrants(stage)[0]
    services.score_submit(actor=kit.judges[0], entrant=entrant, values={"theory": "70", "practice": "75"})
    services.stage_close(actor=world.actor("same_with", MANAGE_COMPETITIONS), stage=stage)
    entrant.stage.refresh_from_db()
    for judge in kit.judges:
        with pytest.raises(ValidationError):
            services.score_submit(actor=judge, entrant=entrant, values={"theory": "99", "practice": "99"})
    assert JudgeScore.objects.count() == 2
    # once closed, the judging pages are gone and every judge sees the panel's scores
    with pytest.raises(Http404):
        selectors.judging_stage(actor=kit.judges[1], stage_id=stage.pk)
    assert len(selectors.panel_view(actor=kit.judges[2], entrant=entrant).others) == 1


def test_stage_close_matrix_ranks_and_advances(world):
    kit = k.contest_kit(world.target, entrants=4, judges=3, rounds=(StageRound.PRELIMINARY, StageRound.FINAL))
    stage = k.open_stage(kit)
    rows = k.entrants(stage)
    marks = [("80", "90"), ("90", "80"), ("80", "90"), ("60", "60")]  # totals 87, 83, 87, 60
    for entrant, (theory, practice) in zip(rows, marks, strict=True):
        for judge in kit.judges:
            k.score(entrant, judge, theory=theory, practice=practice)
    StageEntrant.objects.filter(pk=rows[2].pk).update(time_seconds=600)
    StageEntrant.objects.filter(pk=rows[0].pk).update(time_seconds=700)
    service_matrix(
        world,
        MANAGE_COMPETITIONS,
        lambda a, w: services.stage_close(actor=a, stage=stage),
        state=lambda w: ContestStage.objects.get(pk=stage.pk).status,
        view_perm=VIEW_COMPETITIONS,
    )
    PolicyRecord.objects.create(
        key="contests.advance_count",
        unit=world.city,
        value=2,
        effective_from=date(2020, 1, 1),
        note="市总工会〔2026〕3号",
    )
    services.stage_close(actor=world.actor("same_with", MANAGE_COMPETITIONS), stage=stage)
    got = {e.number: (e.total, e.rank, e.advanced) for e in k.entrants(stage)}
    assert got == {
        3: (Decimal("87.00"), 1, True),  # same total and practice as no. 1, shorter time
        1: (Decimal("87.00"), 2, True),
        2: (Decimal("83.00"), 3, False),
        4: (Decimal("60.00"), 4, False),
    }
    closed = ContestStage.objects.get(pk=stage.pk)
    assert closed.advance_count == 2
    assert closed.policy_record_ids
    trace = StageEntrant.objects.get(pk=rows[0].pk).trace
    assert any(line.get("policy", {}).get("key") == "contests.advance_count" for line in trace["lines"])
    # the final takes those who advanced, in rank order
    services.stage_open(actor=world.actor("same_with", MANAGE_COMPETITIONS), stage=kit.final)
    final_rows = k.entrants(kit.final)
    assert [e.entry_id for e in final_rows] == [rows[2].entry_id, rows[0].entry_id]


def test_results_publish_awards_the_top_n_on_the_person(world):
    kit = k.contest_kit(world.target, entrants=3, judges=3)
    stage = k.open_stage(kit)
    for entrant, mark in zip(k.entrants(stage), ("90", "80", "70"), strict=True):
        for judge in kit.judges:
            k.score(entrant, judge, theory=mark, practice=mark)
    actor = world.actor("same_with", MANAGE_COMPETITIONS)
    with pytest.raises(ValidationError):
        services.results_publish(actor=actor, contest=kit.contest)
    services.stage_close(actor=actor, stage=stage)
    PolicyRecord.objects.create(
        key="contests.award_count", unit=world.target, value=2, effective_from=date(2020, 1, 1), note="测试"
    )
    service_matrix(
        world,
        MANAGE_COMPETITIONS,
        lambda a, w: services.results_publish(actor=a, contest=kit.contest),
        state=lambda w: ContestAward.objects.count(),
        view_perm=VIEW_COMPETITIONS,
    )
    awards = services.results_publish(actor=actor, contest=kit.contest)
    assert [(a.rank, a.title, a.skill_upgrade) for a in awards] == [(1, "技术能手", "可晋升技师")] * 1 + [
        (2, "技术能手", "可晋升技师")
    ]
    assert {a.member_id for a in awards} == {kit.entries[0].member_id, kit.entries[1].member_id}
    assert Contest.objects.get(pk=kit.contest.pk).status == ContestStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.results_publish(actor=actor, contest=kit.contest)
    assert ContestAward.objects.count() == 2


def test_whole_contest_through_the_services(world):
    """A teaching contest from creation to published results, every step through the services."""
    clerk = world.actor("same_with", MANAGE_COMPETITIONS)
    contest = services.contest_create(
        actor=clerk, unit=world.target, data=_input(kind=ContestKind.TEACHING, rounds=["final"], certificate="")
    )
    final = contest.stages.get()
    for _ in range(7):
        services.judge_assign(actor=clerk, stage=final, phone=k.user().phone)
    teachers = [k.member(world.child, birth=date(1988, 3, 1)) for _ in range(2)]
    for teacher in teachers:
        services.entry_register(actor=clerk, contest=contest, member=teacher, years_in_trade=8)
    services.stage_open(actor=clerk, stage=final)
    judges = [a.user for a in JudgeAssignment.objects.filter(stage=final).order_by("pk")]
    for entrant in StageEntrant.objects.filter(stage=final).select_related("stage__contest__unit"):
        for index, judge in enumerate(judges):
            bump = 5 if entrant.number == 2 else 0
            services.score_submit(
                actor=judge,
                entrant=entrant,
                values={"plan": 80 + index, "lesson": 85 + bump, "reflection": 90 - index},
            )
    services.stage_close(actor=clerk, stage=final)
    winner = StageEntrant.objects.get(stage=final, rank=1)
    assert winner.number == 2
    # plan 83 (80..86, 80 and 86 dropped), lesson 90, reflection 87 → (2×83 + 7×90 + 1×87) ÷ 10 = 88.30
    assert winner.total == Decimal("88.30")
    services.results_publish(actor=clerk, contest=contest)
    assert ContestAward.objects.filter(member=teachers[1], rank=1).exists()
