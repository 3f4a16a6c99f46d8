"""Property: after any sequence of valid moves, a grant at U covers exactly U's current subtree.

A random tree (about 15 units, a few levels) is built with treebeard, a role is granted at a random unit U,
and random moves are applied through ``unit_move`` (never the root, never under the moved unit's own subtree,
never to the parent it already has). ``access.units`` must then return exactly U and its descendants as
treebeard computes them, and ``access.check`` must agree for every unit of the tree.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.accounts.tests.factories import UserFactory
from gonghui.authz import access
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.orgs.permissions import RESTRUCTURE_UNIT, VIEW_UNIT
from gonghui.orgs.services import unit_move

MAX_UNITS = 15


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[int], int, list[tuple[int, int]]]:
    """``(parents, granted, moves)``: ``parents[i]`` is the index of unit i+1's parent (unit 0 is the root)."""
    size = draw(st.integers(min_value=2, max_value=MAX_UNITS))
    parents = [draw(st.integers(min_value=max(0, i - 4), max_value=i)) for i in range(size - 1)]
    granted = draw(st.integers(min_value=0, max_value=size - 1))
    moves = draw(st.lists(st.tuples(st.integers(1, size - 1), st.integers(0, size - 1)), min_size=0, max_size=12))
    return parents, granted, moves


def _build(parents: list[int]) -> list[OrgUnit]:
    root = OrgUnit.objects.add_root(instance=OrgUnit(name="属性测试省总工会", kind=UnitKind.FEDERATION))
    units = [root]
    for i, parent_index in enumerate(parents, start=1):
        parent = OrgUnit.objects.get(pk=units[parent_index].pk)
        units.append(
            OrgUnit.objects.add_child(parent, instance=OrgUnit(name=f"属性测试工会{i}", kind=UnitKind.FEDERATION))
        )
    return units


def _is_valid_move(unit: OrgUnit, new_parent: OrgUnit) -> bool:
    if unit.depth == 1 or new_parent.path.startswith(unit.path):
        return False
    return unit.path[: -OrgUnit.steplen] != new_parent.path


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_grant_covers_exactly_the_current_subtree_after_moves(scenario):
    parents, granted, moves = scenario
    with transaction.atomic():
        units = _build(parents)
        ids = [u.pk for u in units]
        mover = UserFactory.create()
        GrantFactory.create(user=mover, unit=units[0], role=RoleFactory.create(perms=[VIEW_UNIT, RESTRUCTURE_UNIT]))
        holder = UserFactory.create()
        GrantFactory.create(user=holder, unit=units[granted], role=RoleFactory.create(perms=[VIEW_UNIT]))

        for node_index, target_index in moves:
            node = OrgUnit.objects.get(pk=ids[node_index])
            target = OrgUnit.objects.get(pk=ids[target_index])
            if _is_valid_move(node, target):
                unit_move(actor=mover, unit=node, new_parent=target)
        assert all(not problems for problems in OrgUnit.objects.find_problems())

        access.forget(holder)
        granted_unit = OrgUnit.objects.get(pk=ids[granted])
        expected = set(OrgUnit.objects.get_descendants(granted_unit, include_self=True).values_list("pk", flat=True))
        assert set(access.units(holder, VIEW_UNIT).values_list("pk", flat=True)) == expected
        for unit in OrgUnit.objects.filter(pk__in=ids):
            assert access.check(holder, VIEW_UNIT, unit) == (unit.pk in expected), unit
        transaction.set_rollback(True)
