"""The demo's ratings (满意度评价): the worker's verdicts across modules (assistance, legal aid, recuperation), a
poor rating followed up and one waiting for its return visit, and the worker's paid claim waiting to be rated."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.demo import data
from gonghui.ratings.models import FollowUp, Rating
from gonghui.ratings.selectors import my_pending

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_ratings_across_modules_with_follow_ups():
    kinds = set(Rating.objects.values_list("kind", flat=True))
    assert {"assistance.application", "legal_aid.request", "recuperation.booking"} <= kinds
    assert Rating.objects.filter(follow_up=FollowUp.DONE).exclude(visitor="").exists()
    assert Rating.objects.filter(follow_up=FollowUp.WAITING).exists()
    worker = User.objects.get(phone=data.DEMO_WORKER_PHONE)
    assert "mutual_aid.claim" in {item.kind for item in my_pending(actor=worker)}
