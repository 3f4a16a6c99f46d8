"""The rating that closes a worker's request is recorded in the ratings kernel (满意度评价), once, without asking
the worker again; a first poor rating reopens the request as before and is not the verdict."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.legal_aid.models import RequestStatus
from gonghui.legal_aid.requests import services
from gonghui.legal_aid.requests.tests import factories as f
from gonghui.ratings.models import Rating
from gonghui.ratings.selectors import my_pending
from gonghui.ratings.services import rating_submit

pytestmark = pytest.mark.django_db

KIND = "legal_aid.request"


def test_the_closing_rating_is_recorded_in_the_kernel_once(world):
    member = f.worker(world)
    user = f.u(member)
    item = f.request(world, by=member, status="answered")
    pending = my_pending(actor=user)
    assert [(p.kind, p.object_id, p.in_module) for p in pending] == [(KIND, item.pk, True)]
    assert pending[0].portal_url.endswith(f"/{item.pk}/")
    with pytest.raises(ValidationError):  # the kernel's form does not ask a second time
        rating_submit(actor=user, kind=KIND, object_id=item.pk, score=5)

    reopened = services.request_rate(actor=user, request=item, rating=1, comment="没解决")
    assert reopened.status == RequestStatus.REOPENED
    assert not Rating.objects.filter(kind=KIND).exists()
    assert my_pending(actor=user) == []

    answered = services.request_answer(actor=f.clerk(world), request=reopened, answer="再次答复")
    closed = services.request_rate(actor=user, request=answered, rating=4, comment="解决了")
    assert closed.status == RequestStatus.CLOSED
    rating = Rating.objects.get(kind=KIND, object_id=item.pk)
    assert (rating.score, rating.comment, rating.unit_id, rating.rater_id) == (4, "解决了", item.unit_id, user.pk)
    assert my_pending(actor=user) == []
