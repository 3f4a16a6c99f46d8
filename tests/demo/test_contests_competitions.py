"""The demo's contests: a city skill contest with scored, closed and published finals (five judges, extremes
dropped, awards recorded on the winners, the demo worker among them), a company contest being scored with a judge
who still has entrants to score, a teaching contest registering; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.contests.competitions import demo
from gonghui.contests.models import (
    Contest,
    ContestAward,
    ContestEntry,
    ContestStatus,
    EntryStatus,
    JudgeScore,
    StageEntrant,
    StageRound,
    StageStatus,
)
from gonghui.demo import data
from gonghui.demo.seed import world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_contests_at_every_state():
    skill = Contest.objects.get(name=demo.SKILL)
    assert skill.status == ContestStatus.PUBLISHED
    assert ContestEntry.objects.filter(contest=skill, status=EntryStatus.INELIGIBLE).count() == 1
    final = skill.stages.get(round=StageRound.FINAL)
    assert final.status == StageStatus.CLOSED
    rows = StageEntrant.objects.filter(stage=final)
    assert rows.count() == 10
    assert all(r.total is not None and r.rank is not None for r in rows)
    assert JudgeScore.objects.filter(entrant__stage=final).count() == 10 * 5 * 2
    assert any("去掉一个最高分和一个最低分" in str(r.trace) for r in rows)
    awards = ContestAward.objects.filter(contest=skill)
    assert sorted(awards.values_list("rank", flat=True)) == [1, 2, 3, 4, 5]
    assert awards.filter(member__phone=data.DEMO_WORKER_PHONE, title="技术能手").exists()

    company = Contest.objects.get(name=demo.COMPANY)
    stage = company.stages.get()
    assert stage.status == StageStatus.OPEN
    first_judge = demo.JUDGES[0][0]
    assert not JudgeScore.objects.filter(entrant__stage=stage, judge__username=first_judge).exists()
    assert JudgeScore.objects.filter(entrant__stage=stage).exclude(judge__username=first_judge).exists()

    assert Contest.objects.get(name=demo.TEACHING).status == ContestStatus.REGISTERING

    counts = (Contest.objects.count(), ContestEntry.objects.count(), JudgeScore.objects.count())
    demo.seed(world())
    assert (Contest.objects.count(), ContestEntry.objects.count(), JudgeScore.objects.count()) == counts
