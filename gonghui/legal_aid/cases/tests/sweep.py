"""URL sweep resolvers of legal aid: a CANARY member's case at ``world.child`` (assigned to a lawyer of the
district's roster); the portal list and form are a signed-in worker's (their own cases; another's answers 404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _case(world: World) -> int:
    from gonghui.legal_aid.models import LegalAidCase

    found = LegalAidCase.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    from gonghui.legal_aid.cases.tests import kit

    return kit.case_at(world, "assigned").pk


def _lawyer(world: World) -> int:
    from gonghui.legal_aid.models import Lawyer

    _case(world)
    return Lawyer.objects.filter(unit__path__startswith=world.target.path).values_list("pk", flat=True)[0]


RESOLVERS: dict[str, Any] = {
    "legal_aid:case_detail:case_id": _case,
    "legal_aid_portal:case_detail:case_id": _case,
    "v1:legal-aid-cases-detail:pk": _case,
    "lawyer_id": _lawyer,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"legal_aid_portal:case_mine", "legal_aid_portal:case_new"}
LOCAL_ONLY: set[str] = set()
