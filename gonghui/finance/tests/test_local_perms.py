"""Permissions declared ``inherited=False`` hold only at the unit where the role is granted: shown with the
finance permissions that use it (keeping a union's own books)."""

from __future__ import annotations

import pytest

from gonghui.authz import access, registry
from gonghui.finance.models import Ledger
from gonghui.finance.permissions import AUDIT_BOOKS, VIEW_BOOKS
from gonghui.finance.tests.factories import books, staff
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_registry_knows_which_permissions_are_local():
    assert VIEW_BOOKS in registry.local_names()
    assert AUDIT_BOOKS not in registry.local_names()
    with pytest.raises(ValueError, match="inheritance"):
        registry.declare("finance.view_books", "x", inherited=True)


def test_a_local_permission_does_not_reach_below_the_unit(world):
    city_accountant = staff(world.city, (VIEW_BOOKS,))
    assert access.check(city_accountant, VIEW_BOOKS, world.city)
    assert not access.check(city_accountant, VIEW_BOOKS, world.target)
    assert not access.check(city_accountant, VIEW_BOOKS, world.province)
    assert access.perms_at(city_accountant, world.target) == frozenset()
    in_scope = access.scope(OrgUnit.objects.all(), city_accountant, VIEW_BOOKS, unit_field=None)
    assert list(in_scope) == [world.city]


def test_local_grants_at_two_units_are_kept_apart(world):
    agent = staff(world.target, (VIEW_BOOKS,))
    from gonghui.authz.models import RoleGrant

    RoleGrant.objects.create(user=agent, role=RoleGrant.objects.get(user=agent).role, unit=world.city)
    access.forget(agent)
    assert set(access.units(agent, VIEW_BOOKS)) == {world.city, world.target}
    assert not access.check(agent, VIEW_BOOKS, world.child)


def test_an_audit_committee_reads_books_below_and_a_sibling_reads_nothing(world):
    from gonghui.finance.ledger.selectors import ledger_list

    books(world.target)
    books(world.child)
    auditor = staff(world.city, (AUDIT_BOOKS,))
    assert set(ledger_list(actor=auditor).values_list("unit", flat=True)) == {world.target.pk, world.child.pk}
    accountant = staff(world.city, (VIEW_BOOKS,))
    assert not ledger_list(actor=accountant).exists()
    sibling = staff(world.sibling, (VIEW_BOOKS, AUDIT_BOOKS))
    assert not ledger_list(actor=sibling).exists()
    assert Ledger.objects.count() == 2


def test_a_local_permission_is_delegated_from_above_but_not_sideways(world):
    from django.core.exceptions import ValidationError

    from gonghui.accounts.models import User
    from gonghui.authz.models import Role, RolePermission
    from gonghui.authz.permissions import GRANT_ROLES, VIEW_ROLES
    from gonghui.authz.services import grant_create
    from gonghui.finance.permissions import PREPARE_VOUCHER
    from gonghui.orgs.permissions import VIEW_UNIT

    bookkeeping = Role.objects.create(code="books", name="记账")
    RolePermission.objects.bulk_create(
        [RolePermission(role=bookkeeping, permission=p) for p in (VIEW_BOOKS, PREPARE_VOUCHER)]
    )
    accountant = User.objects.create_user(username="kj1", name="会计")
    chair = staff(world.city, (GRANT_ROLES, VIEW_ROLES, VIEW_UNIT, VIEW_BOOKS, PREPARE_VOUCHER))
    assert not access.check(chair, VIEW_BOOKS, world.child)  # they keep no books below ...
    grant = grant_create(actor=chair, user=accountant, role=bookkeeping, unit=world.child)  # ... yet appoint them
    assert access.check(accountant, PREPARE_VOUCHER, world.child)
    assert grant.unit == world.child
    sibling_chair = staff(world.sibling, (GRANT_ROLES, VIEW_ROLES, VIEW_UNIT, VIEW_BOOKS, PREPARE_VOUCHER))
    with pytest.raises((ValidationError, access.NotVisible, access.Forbidden)):
        grant_create(actor=sibling_chair, user=accountant, role=bookkeeping, unit=world.target)
    lacking = staff(world.city, (GRANT_ROLES, VIEW_ROLES, VIEW_UNIT))
    with pytest.raises(ValidationError):
        grant_create(actor=lacking, user=accountant, role=bookkeeping, unit=world.target)
