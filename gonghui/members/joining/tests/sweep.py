"""URL sweep resolvers of online joining, and the builders the member tests share (workers, employers,
applications, CANARY members, other unions).

- ``application_id``: a join application from a worker to ``world.child`` (the applicant's name carries CANARY).
"""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.members.models import JoinApplication, Member
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.orgs.models import Employer, OrgUnit, UnitKind

CANARY_NAME = f"王{CANARY}芳"
_seq = [0]


def next_n() -> int:
    _seq[0] += 1
    return 50000 + _seq[0]


def worker(phone: str | None = None, name: str = "申请人") -> User:
    n = next_n()
    phone = phone or f"137{n:08d}"
    return User.objects.create_user(phone, phone=phone, name=name)


def employer_in(unit: OrgUnit, name: str = "") -> Employer:
    return Employer.objects.create(unit=unit, name=name or f"矩阵科技有限公司{CANARY}", region_code="330106")


def apply_to(
    world: World, unit: OrgUnit | None = None, *, applicant: User | None = None, **kwargs: Any
) -> JoinApplication:
    from gonghui.members.joining.services import join_apply

    unit = unit or world.child
    params: dict[str, Any] = {
        "name": CANARY_NAME,
        "id_type": "resident",
        "id_number": resident_id(next_n()),
        "employer": employer_in(unit),
    }
    params.update(kwargs)
    return join_apply(actor=applicant or worker(), **params)


def canary_member(world: World, unit: OrgUnit | None = None, **kwargs: Any) -> Member:
    kwargs.setdefault("name", CANARY_NAME)
    return MemberFactory.create(unit=unit or world.child, **kwargs)


def other_unit(world: World, name: str = "矩阵另一基层工会") -> OrgUnit:
    """A grassroots union under the city, outside both ``target`` and ``sibling``."""
    found = OrgUnit.objects.filter(name=name).first()
    if found is not None:
        return found
    city = OrgUnit.objects.get(pk=world.city.pk)
    return OrgUnit.objects.add_child(city, instance=OrgUnit(name=name, kind=UnitKind.GRASSROOTS, region_code="330104"))


def unit_in_target(world: World, name: str = f"矩阵新单位工会{CANARY}") -> OrgUnit:
    found = OrgUnit.objects.filter(name=name).first()
    if found is not None:
        return found
    target = OrgUnit.objects.get(pk=world.target.pk)
    return OrgUnit.objects.add_child(
        target, instance=OrgUnit(name=name, kind=UnitKind.GRASSROOTS, region_code="330106")
    )


def _application(world: World) -> int:
    return apply_to(world).pk


RESOLVERS: dict[str, Any] = {"application_id": _application}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "member_portal:join",
    "member_portal:join_status",
    "member_portal:join_edit",
    "member_portal:employer_search",
}
