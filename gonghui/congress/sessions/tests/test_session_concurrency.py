"""On PostgreSQL: one vote per representative per item under double clicks and two devices at once, for open and
secret items (a refused secret vote leaves no sealed ballot behind)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.congress.models import BallotReceipt, OpenVote, SealedBallot
from gonghui.congress.sessions import services
from gonghui.congress.tests import factories as f


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
@pytest.mark.parametrize("secret", [True, False])
def test_double_vote_at_once_counts_once(world, secret):
    _skip_unless_postgres()
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    item = f.voting_item(kit, session, secret=secret)
    user = kit.user(0)
    outcomes = _race(
        *(lambda c=c: services.vote_cast(actor=user, item=item, choice=c) for c in ("for", "against", "for", "abstain"))
    )
    assert sorted(outcomes) == ["ok", "voted", "voted", "voted"]
    if secret:
        assert SealedBallot.objects.filter(item=item).count() == 1
        assert BallotReceipt.objects.filter(item=item).count() == 1
    else:
        assert OpenVote.objects.filter(item=item).count() == 1
