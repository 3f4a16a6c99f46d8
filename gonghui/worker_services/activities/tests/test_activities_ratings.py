# mypy: disable-error-code="arg-type,union-attr"
"""An activity the worker took part in can be rated once from the portal's "待评价" (the ratings kernel); a sign-up
that did not end in taking part cannot, and nobody rates another worker's sign-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz import access
from gonghui.ratings.models import Rating
from gonghui.ratings.selectors import my_pending
from gonghui.ratings.services import rating_submit
from gonghui.worker_services.activities import services
from gonghui.worker_services.activities.ratings import KIND
from gonghui.worker_services.models import Activity
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_completed_signup_is_rated_once_by_its_worker(world):
    staff = world.staff("act", world.target, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    activity = f.published_activity(staff, world.target, places=3)
    went, missed = f.member(world.child), f.member(world.child)
    signup, no_show = f.sign_up(activity, went), f.sign_up(activity, missed)
    with pytest.raises(ValidationError):  # not taken part yet
        rating_submit(actor=went.user, kind=KIND, object_id=signup.pk, score=5, comment="")
    activity = f.started(activity)
    services.checkin_from_list(actor=staff, signup=signup)
    Activity.objects.filter(pk=activity.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    activity.refresh_from_db()
    services.activity_finish(actor=staff, activity=activity)
    assert [(p.kind, p.object_id) for p in my_pending(actor=went.user)] == [(KIND, signup.pk)]
    assert my_pending(actor=missed.user) == []
    with pytest.raises((access.NotVisible, ValidationError)):
        rating_submit(actor=missed.user, kind=KIND, object_id=signup.pk, score=1, comment="")
    with pytest.raises(ValidationError):  # a no-show did not take part
        rating_submit(actor=missed.user, kind=KIND, object_id=no_show.pk, score=1, comment="")
    rating_submit(actor=went.user, kind=KIND, object_id=signup.pk, score=4, comment="组织得好")
    rating = Rating.objects.get(kind=KIND, object_id=signup.pk)
    assert (rating.unit_id, rating.score) == (world.target.pk, 4)
    with pytest.raises(ValidationError):
        rating_submit(actor=went.user, kind=KIND, object_id=signup.pk, score=5, comment="")
    assert my_pending(actor=went.user) == []
