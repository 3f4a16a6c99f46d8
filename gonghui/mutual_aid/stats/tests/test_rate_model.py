"""The enrolment rate of the statistics against a small reference model (hypothesis): random rosters of two unions
under the district, some members active, some gone, some of the active covered, some listed but removed; the rows,
the total and the fees are counted again by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.members.models import MemberStatus
from gonghui.mutual_aid.models import EnrolledMember
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.stats import selectors
from gonghui.mutual_aid.tests import factories
from gonghui.orgs.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db

union = st.tuples(
    st.integers(0, 4),  # active, covered
    st.integers(0, 3),  # active, not on the list
    st.integers(0, 2),  # gone (left the union's roster)
    st.integers(0, 2),  # active, on the list but removed by a correction
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=union, second=union)
def test_rates_against_reference(world, first, second):
    other = OrgUnit.objects.filter(name="模型基层工会").first()
    if other is None:
        other = OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=world.target.pk),
            instance=OrgUnit(name="模型基层工会", kind=UnitKind.GRASSROOTS, region_code="330106"),
        )
    actor = world.actor("ancestor", VIEW_MUTUAL_AID)
    with transaction.atomic():
        plan = factories.plan(world.target)
        expected = []
        for unit, (covered, waiting, gone, removed) in ((world.child, first), (other, second)):
            members = [factories.member(unit) for _ in range(covered + waiting + removed)]
            for _ in range(gone):
                factories.member(unit, status=MemberStatus.LEFT)
            listed = members[:covered] + members[covered + waiting :]
            enrolment = factories.enrolment(plan, unit, listed)
            EnrolledMember.objects.filter(enrolment=enrolment, member__in=members[covered + waiting :]).update(
                removed_on=plan.starts_on, covered_to=plan.starts_on
            )
            active = covered + waiting + removed
            expected.append((unit.pk, active, covered))
        stats = selectors.mutual_aid_stats(actor=actor, plan=plan, unit=world.target)
        got = [(r.unit.pk, r.active, r.enrolled) for r in stats.rows]
        assert got == [row for row in expected if row[1] or row[2]]
        assert stats.total is not None
        active_total = sum(r[1] for r in expected)
        covered_total = sum(r[2] for r in expected)
        assert (stats.total.active, stats.total.enrolled) == (active_total, covered_total)
        assert stats.total.rate == selectors.rate(covered_total, active_total)
        listed_total = sum(a[0] + a[3] for a in (first, second))
        assert stats.fees == Decimal("24.00") * listed_total
        transaction.set_rollback(True)
