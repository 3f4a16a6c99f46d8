"""A decided hardship application is rated by its applicant through the ratings kernel (满意度评价)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.accounts.models import User
from gonghui.assistance.applications.tests.factories import journey
from gonghui.ratings.selectors import my_pending
from gonghui.ratings.services import rating_submit

pytestmark = pytest.mark.django_db

KIND = "assistance.application"


def test_a_decided_application_waits_for_its_applicants_rating(world):
    waiting = journey(world, phone="13800000002")
    waiting_user = User.objects.get(pk=int(waiting.member.user_id or 0))
    submitted = waiting.submitted()
    assert my_pending(actor=waiting_user) == []
    with pytest.raises(ValidationError):
        rating_submit(actor=waiting_user, kind=KIND, object_id=submitted.pk, score=5)
    j = journey(world)
    user = User.objects.get(pk=int(j.member.user_id or 0))
    application = j.approved()
    assert [(p.kind, p.object_id) for p in my_pending(actor=user)] == [(KIND, application.pk)]
    with pytest.raises(Http404):
        rating_submit(actor=j.clerk, kind=KIND, object_id=application.pk, score=5)
    rating = rating_submit(actor=user, kind=KIND, object_id=application.pk, score=2, comment="等了很久")
    assert (rating.unit_id, rating.follow_up) == (application.unit_id, "waiting")
    assert my_pending(actor=user) == []
