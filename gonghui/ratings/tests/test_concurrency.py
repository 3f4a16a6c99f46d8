"""Two submissions of the same rating at the same moment (a double tap, two devices) make one rating."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.models import User
from gonghui.ratings.models import Rating
from gonghui.ratings.services import rating_submit
from gonghui.ratings.tests import factories


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_rating(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serializes them anyway")
    pk = factories.service(world)
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(score: int) -> None:
        try:
            actor = User.objects.get(pk=world.member.pk)
            barrier.wait()
            rating_submit(actor=actor, kind=factories.KIND, object_id=pk, score=score)
            result = "ok"
        except ValidationError as exc:
            result = exc.code or ""
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(score,)) for score in (5, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already_rated", "ok"]
    assert Rating.objects.filter(kind=factories.KIND, object_id=pk).count() == 1
