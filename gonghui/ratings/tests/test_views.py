"""Console and portal pages of ratings: the authorization matrix, the worker's own pages on a phone, the export
audited, the follow-up form, query counts pinned."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.ratings.models import FollowUp, Rating
from gonghui.ratings.permissions import FOLLOW_UP, VIEW_RATINGS
from gonghui.ratings.services import rating_submit
from gonghui.ratings.tests import factories
from gonghui.ratings.tests.factories import KIND

pytestmark = pytest.mark.django_db


def _poor(world):
    return rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=1, comment="太慢")


@pytest.mark.parametrize("name", ["ratings:stats", "ratings:list", "ratings:queue"])
def test_console_pages_are_scoped_to_the_actors_subtree(world, name):
    _poor(world)
    denied, ok = {302, 403, 404}, {200}
    expected = {"anonymous": denied, "member": denied, "sibling": ok, "same_without": denied, "same_with": ok}
    for actor_name, statuses in {**expected, "ancestor": ok}.items():
        actor = world.actor(actor_name, VIEW_RATINGS)
        response = login(Client(), actor if actor_name != "anonymous" else None).get(reverse(name))
        assert response.status_code in statuses, actor_name
        shown = CANARY in response.content.decode()
        if actor_name in ("same_with", "ancestor"):
            # The province's statistics break down by its own children (the city), not the district's names.
            assert shown or (name == "ratings:stats" and actor_name == "ancestor"), actor_name
        else:
            assert not shown, actor_name


@pytest.mark.parametrize("name", ["ratings:stats", "ratings:list"])
def test_a_unit_outside_the_scope_is_not_there(world, name):
    _poor(world)
    http_matrix(world, VIEW_RATINGS, "get", f"{reverse(name)}?unit={world.target.pk}")


def test_stats_export_is_audited(world):
    _poor(world)
    responses = http_matrix(world, VIEW_RATINGS, "get", f"{reverse('ratings:stats_export')}?unit={world.target.pk}")
    assert responses["ancestor"]["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action="ratings.stats_export").exists() is False  # rolled back per actor
    client = login(Client(), world.actor("same_with", VIEW_RATINGS))
    assert client.get(reverse("ratings:stats_export")).status_code == 200
    assert AuditEvent.objects.filter(action="ratings.stats_export").count() == 1


def test_detail_page_matrix(world):
    rating = _poor(world)
    http_matrix(world, VIEW_RATINGS, "get", reverse("ratings:detail", args=[rating.pk]))


def test_follow_up_form_matrix(world):
    rating = _poor(world)
    today = timezone.localdate().isoformat()
    responses = http_matrix(
        world,
        FOLLOW_UP,
        "post",
        reverse("ratings:detail", args=[rating.pk]),
        data={"visitor": "王干事", "visited_on": today, "note": "已回访"},
        state=lambda w: Rating.objects.get(pk=rating.pk).follow_up,
        also_without=(),
    )
    assert responses["same_with"].status_code == 302
    client = login(Client(), world.actor("same_with", FOLLOW_UP))
    client.post(
        reverse("ratings:detail", args=[rating.pk]), {"visitor": "王干事", "visited_on": today, "note": "已回访"}
    )
    assert Rating.objects.get(pk=rating.pk).follow_up == FollowUp.DONE
    page = client.get(reverse("ratings:detail", args=[rating.pk])).content.decode()
    assert "已回访" in page
    assert 'id="follow-up-form"' not in page


def test_the_queue_and_list_pages_stay_within_their_query_budget(world, django_assert_max_num_queries):
    for _ in range(6):
        _poor(world)
    client = login(Client(), world.actor("ancestor", VIEW_RATINGS))
    client.get(reverse("ratings:queue"))
    for name in ("ratings:queue", "ratings:list", "ratings:stats"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_the_console_home_shows_the_poor_ratings_waiting(world):
    _poor(world)
    client = login(Client(), world.actor("same_with", FOLLOW_UP))
    page = client.get(reverse("console:home")).content.decode()
    assert "待回访的差评" in page
    assert reverse("ratings:queue") in page


def test_a_worker_rates_from_the_portal_and_sees_it_in_my_ratings(world):
    pk = factories.service(world)
    client = login(Client(), world.member)
    pending = client.get(reverse("ratings_portal:pending")).content.decode()
    rate_url = reverse("ratings_portal:rate", args=[KIND, pk])
    assert rate_url in pending
    assert client.get(rate_url).status_code == 200
    response = client.post(rate_url, {"score": "4", "comment": "态度好"})
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings_portal:mine")
    assert Rating.objects.get().score == 4
    assert "态度好" in client.get(reverse("ratings_portal:mine")).content.decode()
    assert rate_url not in client.get(reverse("ratings_portal:pending")).content.decode()
    # Again (a second tab): to my ratings, nothing new.
    assert client.post(rate_url, {"score": "1"})["Location"] == reverse("ratings_portal:mine")
    assert Rating.objects.count() == 1


def test_another_workers_service_cannot_be_rated_from_the_portal(world):
    pk = factories.service(world)
    other = login(Client(), factories.worker())
    rate_url = reverse("ratings_portal:rate", args=[KIND, pk])
    assert other.get(rate_url)["Location"] == reverse("ratings_portal:pending")
    other.post(rate_url, {"score": "1"})
    assert not Rating.objects.exists()
    assert CANARY not in other.get(reverse("ratings_portal:pending")).content.decode()


def test_the_portal_form_refuses_a_missing_score(world):
    pk = factories.service(world)
    client = login(Client(), world.member)
    page = client.post(reverse("ratings_portal:rate", args=[KIND, pk]), {"comment": "x"}).content.decode()
    assert "请选择评分。" in page
    assert not Rating.objects.exists()


def test_the_portal_tile_shows_only_with_something_to_rate_or_rated(world):
    client = login(Client(), world.member)
    url = reverse("ratings_portal:pending")
    assert url not in client.get("/").content.decode()
    factories.service(world)
    assert url in login(Client(), world.member).get("/").content.decode()
