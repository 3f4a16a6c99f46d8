"""URL sweep resolvers for ``orgs`` (see the conventions brief): every value points inside ``world.target``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.orgs.models import Employer
from gonghui.orgs.tests.factories import EmployerFactory


def _employer(world: World) -> int:
    employer = Employer.objects.filter(unit=world.child, name__contains=CANARY).first()
    if employer is None:
        employer = EmployerFactory.create(unit=world.child, name=f"矩阵用人单位{CANARY}有限公司")
    return int(employer.pk)


RESOLVERS: dict[str, Any] = {
    "unit_id": lambda world: world.target.pk,
    "employer_id": _employer,
}
PUBLIC: set[str] = set()
