"""An activity sign-up as a rateable service (满意度评价): once the activity is finished and the worker took part
(``completed``: checked in, then finished), the worker rates it once from the portal's "待评价". The responsible union
is the one that organised the activity (its ``unit``); the rater is the member's account."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.ratings.registry import RateableKind, Subject
from gonghui.worker_services.models import SignUp, SignUpStatus

KIND = "worker_services.signup"


def _describe(signup: SignUp) -> Subject:
    return Subject(
        unit=signup.activity.unit,
        user_id=signup.member.user_id,
        completed=signup.status == SignUpStatus.COMPLETED,
        title=signup.activity.title,
        portal_url=reverse("worker_services_portal:activity_detail", args=[signup.activity_id]),
        console_url=reverse("worker_services:activity_detail", args=[signup.activity_id]),
    )


def _subject(pk: int) -> Subject | None:
    signup = SignUp.objects.select_related("activity__unit", "member").filter(pk=pk).first()
    return _describe(signup) if signup is not None else None


def _to_rate(user_id: int) -> QuerySet[Any]:
    return SignUp.objects.filter(member__user_id=user_id, status=SignUpStatus.COMPLETED).select_related(
        "activity__unit", "member"
    )


RATEABLE = [
    RateableKind(code=KIND, label=_("服务活动"), subject=_subject, to_rate=_to_rate, describe=_describe, order=60)
]
