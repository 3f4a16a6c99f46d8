"""URL sweep resolvers of hardship assistance: a CANARY member of ``world.child`` whose application went through
the home visit, publicity and every level to a household file with an open annual review."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _file(world: World) -> Any:
    from gonghui.assistance.models import HouseholdFile

    found = HouseholdFile.objects.filter(unit=world.child, member__name__contains=CANARY).first()
    if found is not None:
        return found
    from gonghui.assistance.applications.tests.factories import journey
    from gonghui.members.models import Member

    j = journey(world, phone="13811110000")
    Member.objects.filter(pk=j.member.pk).update(name=f"王{CANARY}")
    j.member.refresh_from_db()
    application = j.approved()
    return HouseholdFile.objects.get(application=application)


def _review(world: World) -> int:
    from datetime import date

    from gonghui.assistance.models import AnnualReview

    file = _file(world)
    review = AnnualReview.objects.filter(file=file).first()
    if review is None:
        review = AnnualReview.objects.create(file=file, year=2026, opened_on=date(2026, 1, 5), due_on=date(2026, 2, 5))
    return review.pk


RESOLVERS: dict[str, Any] = {
    "hardship_id": lambda world: _file(world).application_id,
    "hardship_file_id": lambda world: _file(world).pk,
    "hardship_review_id": _review,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"assistance_portal:hardship_mine"}
LOCAL_ONLY: set[str] = set()
