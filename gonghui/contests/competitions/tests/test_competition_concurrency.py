"""On PostgreSQL: a judge's double submission from two phones at once writes one score sheet; two clerks registering
the same member at once write one entry; a score racing the stage's close is either in the ranking or refused."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.contests.competitions import services
from gonghui.contests.competitions.tests import kit as k
from gonghui.contests.models import ContestEntry, JudgeScore, StageEntrant
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS


def _race(*calls: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = exc.code or "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_score_submission_writes_once(world):
    _skip_unless_postgres()
    kit = k.contest_kit(world.target, entrants=1, judges=3)
    stage = k.open_stage(kit)
    entrant = k.entrants(stage)[0]
    judge = kit.judges[0]
    outcomes = _race(
        *(
            lambda v=v: services.score_submit(actor=judge, entrant=entrant, values={"theory": v, "practice": v})
            for v in ("80", "81", "82", "83")
        )
    )
    assert sorted(outcomes) == ["ok", "scored", "scored", "scored"]
    values = set(JudgeScore.objects.filter(judge=judge).values_list("value", flat=True))
    assert JudgeScore.objects.filter(judge=judge).count() == 2
    assert len(values) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_registration_writes_one_entry(world):
    _skip_unless_postgres()
    contest = k.contest(world.target)
    member = k.member(world.child)
    clerks = [world.actor("same_with", REGISTER_ENTRANTS), world.actor("ancestor", REGISTER_ENTRANTS)]
    outcomes = _race(
        *(
            lambda c=c: services.entry_register(actor=c, contest=contest, member=member, years_in_trade=5)
            for c in clerks * 2
        )
    )
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "ok"]
    assert ContestEntry.objects.filter(contest=contest, member=member).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_score_racing_the_close_is_ranked_or_refused(world):
    _skip_unless_postgres()
    kit = k.contest_kit(world.target, entrants=1, judges=3)
    stage = k.open_stage(kit)
    entrant = k.entrants(stage)[0]
    for judge in kit.judges[1:]:
        k.score(entrant, judge, theory="70", practice="70")
    manager = world.actor("same_with", MANAGE_COMPETITIONS)
    outcomes = _race(
        lambda: services.score_submit(
            actor=kit.judges[0], entrant=entrant, values={"theory": "100", "practice": "100"}
        ),
        lambda: services.stage_close(actor=manager, stage=stage),
    )
    ranked = StageEntrant.objects.get(pk=entrant.pk)
    scored = JudgeScore.objects.filter(judge=kit.judges[0]).exists()
    if scored:
        assert sorted(outcomes) == ["ok", "ok"]
        assert str(ranked.total) == "80.00"  # the late score is in the total
    else:
        assert sorted(outcomes) == ["ok", "stale"]
        assert str(ranked.total) == "70.00"
