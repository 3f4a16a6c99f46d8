"""A worker's request (职工诉求) as a rateable service (满意度评价). The requester already rates the answer on the
request's page (1–5 stars; a first poor rating reopens the request); the rating that closes the request is recorded
in the ratings kernel by ``request_rate``, so the worker is asked once: the portal's "待评价" links to the request
while its answer waits for a rating. The responsible union is the request's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.legal_aid.models import RequestStatus, WorkerRequest
from gonghui.ratings.registry import RateableKind, Subject

KIND = "legal_aid.request"


def _describe(item: WorkerRequest) -> Subject:
    return Subject(
        unit=item.unit,
        user_id=item.requester_id,
        completed=item.status == RequestStatus.CLOSED,
        title=f"{_('职工诉求')} {item.number}",
        portal_url=reverse("legal_aid_portal:request_detail", args=[item.pk]),
        console_url=reverse("legal_aid:request_detail", args=[item.pk]),
    )


def _subject(pk: int) -> Subject | None:
    item = WorkerRequest.objects.select_related("unit").filter(pk=pk).first()
    return _describe(item) if item is not None else None


def _to_rate(user_id: int) -> QuerySet[Any]:
    return WorkerRequest.objects.filter(requester_id=user_id, status=RequestStatus.ANSWERED).select_related("unit")


RATEABLE = [
    RateableKind(
        code=KIND,
        label=_("职工诉求"),
        subject=_subject,
        to_rate=_to_rate,
        describe=_describe,
        rated_in_module=True,
        order=40,
    )
]
