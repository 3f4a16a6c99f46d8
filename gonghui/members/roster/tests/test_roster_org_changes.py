"""Members follow their union when it is merged; a union with members cannot be dissolved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.authz import registry
from gonghui.members.models import Member, MemberEvent, MemberEventKind, MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import UnitKind, UnitStatus
from gonghui.orgs.services import unit_create, unit_dissolve, unit_merge

pytestmark = pytest.mark.django_db


def test_members_move_with_a_merged_union(world):
    admin = world.staff("admin", world.province, [str(p) for p in registry.all_perms()])
    other = unit_create(actor=admin, parent=world.target, name="另一基层工会", kind=UnitKind.GRASSROOTS)
    members = [MemberFactory.create(unit=world.child) for _ in range(3)]
    unit_merge(actor=admin, source=world.child, target=other)
    assert set(Member.objects.filter(unit=other).values_list("pk", flat=True)) == {m.pk for m in members}
    events = MemberEvent.objects.filter(kind=MemberEventKind.TRANSFERRED, unit=other, other_unit=world.child)
    assert events.count() == 3


def test_a_union_with_members_cannot_be_dissolved(world):
    admin = world.staff("admin", world.province, [str(p) for p in registry.all_perms()])
    member = MemberFactory.create(unit=world.child)
    with pytest.raises(ValidationError, match="在册或退休会员"):
        unit_dissolve(actor=admin, unit=world.child, reason="企业注销")
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    unit_dissolve(actor=admin, unit=world.child, reason="企业注销")
    world.refresh()
    assert world.child.status == UnitStatus.DISSOLVED
