"""Reads of whole-unit enrolment."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from gonghui.mutual_aid.models import EnrolledMember, PlanStatus


def cover_on(member_id: int, day: date) -> EnrolledMember | None:
    """The member's cover on ``day``: a paid enrolment (``covered_from`` set and reached) of a published or closed plan
    whose period holds the day, not ended before it. The latest-starting cover wins if two plans overlap."""
    return (
        EnrolledMember.objects.select_related("enrolment", "plan", "tier")
        .filter(
            Q(covered_to__isnull=True) | Q(covered_to__gte=day),
            member_id=member_id,
            covered_from__isnull=False,
            covered_from__lte=day,
            plan__starts_on__lte=day,
            plan__ends_on__gte=day,
            plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CLOSED),
        )
        .order_by("-covered_from", "-id")
        .first()
    )
