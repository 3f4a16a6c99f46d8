"""The worker rates their own completed service once; a poor rating waits for the union's return visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.policy.services import policy_set
from gonghui.ratings.models import FollowUp, Rating, RatingEvent
from gonghui.ratings.permissions import FOLLOW_UP, VIEW_RATINGS
from gonghui.ratings.services import rating_follow_up, rating_record, rating_submit
from gonghui.ratings.tests import factories
from gonghui.ratings.tests.factories import KIND

pytestmark = pytest.mark.django_db


def test_a_worker_rates_their_completed_service_once(world):
    pk = factories.service(world)
    rating = rating_submit(actor=world.member, kind=KIND, object_id=pk, score=5, comment=" 很好 ")
    assert (rating.unit_id, rating.rater_id, rating.score, rating.comment) == (
        world.child.pk,
        world.member.pk,
        5,
        "很好",
    )
    assert rating.follow_up == FollowUp.NONE
    assert AuditEvent.objects.filter(action="ratings.rate", target_id=str(rating.pk)).count() == 1
    assert RatingEvent.objects.filter(rating=rating, action="rate").count() == 1
    with pytest.raises(ValidationError) as info:
        rating_submit(actor=world.member, kind=KIND, object_id=pk, score=1)
    assert info.value.code == "already_rated"
    assert Rating.objects.get().score == 5


def test_only_the_worker_whose_service_it_is_may_rate_it(world):
    pk = factories.service(world)
    others = [world.actor(name, VIEW_RATINGS) for name in ("anonymous", "sibling", "same_with", "ancestor")]
    for actor in [*others, factories.worker()]:
        with pytest.raises(Http404):
            rating_submit(actor=actor, kind=KIND, object_id=pk, score=5)
    for unknown in ("nope.kind", ""):
        with pytest.raises(Http404):
            rating_submit(actor=world.member, kind=unknown, object_id=pk, score=5)
    with pytest.raises(Http404):
        rating_submit(actor=world.member, kind=KIND, object_id="x", score=5)
    assert not Rating.objects.exists()
    assert not AuditEvent.objects.filter(action="ratings.rate").exists()


def test_a_service_not_completed_cannot_be_rated_yet(world):
    pk = factories.service(world, completed=False)
    with pytest.raises(ValidationError) as info:
        rating_submit(actor=world.member, kind=KIND, object_id=pk, score=4)
    assert info.value.code == "not_completed"
    assert not Rating.objects.exists()


@pytest.mark.parametrize("score", [0, 6, -1, True, "5", 4.5, None])
def test_a_score_is_a_whole_number_from_1_to_5(world, score):
    pk = factories.service(world)
    with pytest.raises(ValidationError) as info:
        rating_submit(actor=world.member, kind=KIND, object_id=pk, score=score)
    assert "score" in info.value.message_dict
    assert not Rating.objects.exists()


def test_a_long_comment_is_refused(world):
    pk = factories.service(world)
    with pytest.raises(ValidationError) as info:
        rating_submit(actor=world.member, kind=KIND, object_id=pk, score=3, comment="长" * 501)
    assert "comment" in info.value.message_dict


def test_a_kind_rated_in_its_module_is_not_asked_again_but_recorded_once(world, rateable):
    from dataclasses import replace

    from gonghui.ratings.registry import RATEABLE

    RATEABLE.add(factories.APP, [replace(rateable, rated_in_module=True)])
    pk = factories.service(world)
    with pytest.raises(ValidationError) as info:
        rating_submit(actor=world.member, kind=KIND, object_id=pk, score=4)
    assert info.value.code == "rated_in_module"
    first = rating_record(actor=world.member, kind=KIND, object_id=pk, score=4, comment="好")
    again = rating_record(actor=world.member, kind=KIND, object_id=pk, score=1)
    assert again.pk == first.pk
    assert Rating.objects.get().score == 4


@pytest.mark.parametrize(("score", "threshold", "waits"), [(1, 2, True), (2, 2, True), (3, 2, False), (3, 3, True)])
def test_a_poor_rating_waits_for_a_return_visit_by_the_policy_threshold(world, score, threshold, waits):
    if threshold != 2:
        admin = world.actor("ancestor", "policy.manage_policy")
        policy_set(
            actor=admin,
            key="ratings.poor_threshold",
            unit=world.province,
            value=threshold,
            effective_from=timezone.localdate(),
            note="测试",
        )
    pk = factories.service(world)
    rating = rating_submit(actor=world.member, kind=KIND, object_id=pk, score=score)
    assert rating.follow_up == (FollowUp.WAITING if waits else FollowUp.NONE)
    assert rating.poor_threshold == threshold
    assert bool(rating.policy_record_ids) == (threshold != 2)


def _poor(world):
    return rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=1)


def test_follow_up_matrix(world):
    rating = _poor(world)
    today = timezone.localdate()
    service_matrix(
        world,
        FOLLOW_UP,
        act=lambda actor, w: rating_follow_up(
            actor=actor, rating=rating, visitor="王干事", visited_on=today, note="已电话回访"
        ),
        state=lambda w: Rating.objects.get(pk=rating.pk).follow_up,
        view_perm=VIEW_RATINGS,
    )


def test_a_follow_up_is_recorded_once_with_who_when_and_what(world):
    rating = _poor(world)
    clerk = world.actor("same_with", FOLLOW_UP)
    today = timezone.localdate()
    done = rating_follow_up(actor=clerk, rating=rating, visitor="王干事", visited_on=today, note="上门回访，已解决")
    assert (done.follow_up, done.visitor, done.visited_on, done.followed_by_id) == ("done", "王干事", today, clerk.pk)
    assert RatingEvent.objects.filter(
        rating=rating, action="follow_up", from_status="waiting", to_status="done"
    ).exists()
    with pytest.raises(ValidationError) as info:
        rating_follow_up(actor=clerk, rating=rating, visitor="王干事", visited_on=today, note="再来一次")
    assert info.value.code == "stale"


def test_a_follow_up_needs_a_visitor_a_note_and_a_sensible_day(world):
    rating = _poor(world)
    clerk = world.actor("same_with", FOLLOW_UP)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as info:
        rating_follow_up(actor=clerk, rating=rating, visitor=" ", visited_on=today + timedelta(days=1), note="")
    assert set(info.value.message_dict) == {"visitor", "visited_on", "note"}
    assert Rating.objects.get(pk=rating.pk).follow_up == FollowUp.WAITING


def test_a_rating_that_needs_no_follow_up_cannot_be_followed_up(world):
    rating = rating_submit(actor=world.member, kind=KIND, object_id=factories.service(world), score=5)
    clerk = world.actor("same_with", FOLLOW_UP)
    with pytest.raises(ValidationError):
        rating_follow_up(actor=clerk, rating=rating, visitor="王", visited_on=timezone.localdate(), note="无")
