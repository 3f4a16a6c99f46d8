"""URL sweep resolvers of whole-unit enrolment: an active list of ``world.child`` in the CANARY district's plan
with one CANARY member and a draft correction; the portal page is a signed-in worker's own."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.mutual_aid.models import Enrolment, EnrolmentCorrection


def enrolment(world: World) -> Enrolment:
    found = Enrolment.objects.filter(unit=world.child).order_by("pk").first()
    if found is not None:
        return found
    from gonghui.mutual_aid.plans.tests.sweep import plan
    from gonghui.mutual_aid.tests import factories

    return factories.enrolment(plan(world), world.child, [factories.member(world.child)])


def _enrolment_id(world: World) -> int:
    return enrolment(world).pk


def _correction_id(world: World) -> int:
    made = enrolment(world)
    found = EnrolmentCorrection.objects.filter(enrolment=made).first()
    if found is None:
        found = EnrolmentCorrection.objects.create(
            enrolment=made, month=timezone.localdate().replace(day=1), created_by=made.created_by
        )
    return found.pk


RESOLVERS: dict[str, Any] = {
    "enrolment_id": _enrolment_id,
    "correction_id": _correction_id,
    "v1:mutual-aid-enrolments-detail:pk": _enrolment_id,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"mutual_aid_portal:my_cover"}
LOCAL_ONLY: set[str] = set()
