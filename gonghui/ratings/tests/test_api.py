"""``/api/v1/ratings/``: a worker's own ratings, pending list and submission; staff lists and statistics scoped."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.ratings.models import Rating
from gonghui.ratings.permissions import VIEW_RATINGS
from gonghui.ratings.services import rating_submit
from gonghui.ratings.tests import factories
from gonghui.ratings.tests.factories import KIND

pytestmark = pytest.mark.django_db


def test_a_worker_lists_what_to_rate_rates_it_and_lists_their_own(world):
    pk = factories.service(world)
    client = login(Client(), world.member)
    pending = client.get("/api/v1/ratings/pending/").json()
    assert [(p["kind"], p["object_id"]) for p in pending] == [(KIND, pk)]
    created = client.post(
        "/api/v1/ratings/",
        {"kind": KIND, "object_id": pk, "score": 2, "comment": "等太久"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["follow_up"] == "waiting"
    again = client.post(
        "/api/v1/ratings/", {"kind": KIND, "object_id": pk, "score": 5}, content_type="application/json"
    )
    assert again.status_code == 400
    mine = client.get("/api/v1/ratings/").json()["results"]
    assert [r["score"] for r in mine] == [2]
    assert client.get("/api/v1/ratings/pending/").json() == []


def test_a_worker_cannot_rate_anothers_service_through_the_api(world):
    pk = factories.service(world)
    client = login(Client(), factories.worker())
    response = client.post(
        "/api/v1/ratings/", {"kind": KIND, "object_id": pk, "score": 1}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_a_worker_sees_only_their_own_ratings(world):
    rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=5)
    other = login(Client(), factories.worker())
    assert other.get("/api/v1/ratings/").json()["results"] == []


def test_staff_list_and_stats_matrix(world):
    rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=1)
    # The list: a worker (member) gets their own (here: none); staff their subtree.
    client = login(Client(), world.actor("sibling", VIEW_RATINGS))
    assert CANARY not in client.get("/api/v1/ratings/").content.decode()
    client = login(Client(), world.actor("ancestor", VIEW_RATINGS))
    assert CANARY in client.get("/api/v1/ratings/").content.decode()
    # The statistics of one's own scope: the sibling's are empty, the district's hold the rating.
    counts = {}
    for name in ("sibling", "same_with", "ancestor"):
        body = login(Client(), world.actor(name, VIEW_RATINGS)).get("/api/v1/ratings/stats/").json()
        counts[name] = (body["totals"]["count"], body["totals"]["poor_waiting"])
    assert counts == {"sibling": (0, 0), "same_with": (1, 1), "ancestor": (1, 1)}
    assert login(Client(), world.member).get("/api/v1/ratings/stats/").status_code == 403
    # A unit named outside one's scope is not there.
    unit = http_matrix(world, VIEW_RATINGS, "get", f"/api/v1/ratings/stats/?unit={world.target.pk}")
    assert unit["ancestor"].json()["totals"]["count"] == 1


def test_unknown_parameters_are_refused(world):
    client = login(Client(), world.member)
    assert client.get("/api/v1/ratings/?untit=1").status_code == 400


def test_the_list_endpoint_stays_within_its_query_budget(world, django_assert_max_num_queries):
    for _ in range(5):
        rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=4)
    client = login(Client(), world.actor("ancestor", VIEW_RATINGS))
    client.get("/api/v1/ratings/")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/ratings/").status_code == 200
    worker = login(Client(), world.member)
    with django_assert_max_num_queries(8):
        assert worker.get("/api/v1/ratings/").status_code == 200
