"""On PostgreSQL: one member liking one post from two devices at once counts once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from gonghui.honors.models import PraiseLike, PraisePost
from gonghui.honors.praise import services
from gonghui.honors.praise.tests import kit


def _race(*calls: Callable[[], bool]) -> list[bool]:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[bool] = []
    lock = threading.Lock()

    def run(call: Callable[[], bool]) -> None:
        try:
            barrier.wait()
            result = call()
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_like_per_member_under_concurrency(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
    post = kit.post(world)
    one, two = kit.member(world), kit.member(world)
    users = [kit.user(one)] * 4 + [kit.user(two)] * 4
    calls = [lambda u=u: services.praise_like(actor=u, post=post) for u in users]
    outcomes = _race(*calls)
    assert sorted(outcomes) == [False] * 6 + [True] * 2
    assert PraiseLike.objects.filter(post=post).count() == 2
    assert PraisePost.objects.get(pk=post.pk).like_count == 2
