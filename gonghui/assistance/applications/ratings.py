"""A decided hardship application as a rateable service (满意度评价): the applicant rates the union's handling once
the application is decided (approved or not), on the ratings kernel's form."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import HardshipApplication, HardshipStatus
from gonghui.ratings.registry import RateableKind, Subject

KIND = "assistance.application"
DECIDED = (HardshipStatus.APPROVED, HardshipStatus.REJECTED)


def _describe(app: HardshipApplication) -> Subject:
    return Subject(
        unit=app.unit,
        user_id=app.member.user_id,
        completed=app.status in DECIDED,
        title=f"{_('困难帮扶申请')} #{app.pk}（{app.get_status_display()}）",
        portal_url=reverse("assistance_portal:hardship_mine_detail", args=[app.pk]),
        console_url=reverse("assistance:hardship_detail", args=[app.pk]),
    )


def _subject(pk: int) -> Subject | None:
    app = HardshipApplication.objects.select_related("unit", "member").filter(pk=pk).first()
    return _describe(app) if app is not None else None


def _to_rate(user_id: int) -> QuerySet[Any]:
    return HardshipApplication.objects.filter(member__user_id=user_id, status__in=DECIDED).select_related(
        "unit", "member"
    )


RATEABLE = [
    RateableKind(
        code=KIND,
        label=_("困难帮扶"),
        subject=_subject,
        to_rate=_to_rate,
        describe=_describe,
        order=10,
    )
]
