"""Eligibility against a reference model written from the domain rules (hypothesis), and the explanation shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.recuperation.booking import eligibility as e
from gonghui.recuperation.models import Audience

AUDIENCES = st.lists(st.sampled_from(Audience.values), min_size=1, max_size=4, unique=True).map(tuple)
FACTS = st.builds(
    e.Facts,
    active=st.booleans(),
    front_line=st.booleans(),
    model_worker=st.booleans(),
    craftsman=st.booleans(),
    leader=st.booleans(),
    in_units=st.booleans(),
    trips_this_year=st.integers(0, 5),
    gone_before=st.booleans(),
    leaders_confirmed=st.integers(0, 20),
)
TERMS = st.builds(e.Terms, audience=AUDIENCES, trips_per_year=st.integers(0, 3), leader_cap=st.integers(0, 10))


def reference(facts: e.Facts, terms: e.Terms) -> tuple[bool, set[str]]:
    """domain.md §5: an active member, in the trip's audience (and unions), once a year at most (policy), leaders
    limited to their share; priority to first-timers, model workers and craftsmen."""
    group_ok = (
        "all" in terms.audience
        or ("front_line" in terms.audience and facts.front_line)
        or ("model_worker" in terms.audience and facts.model_worker)
        or ("craftsman" in terms.audience and facts.craftsman)
    )
    ok = (
        facts.active
        and group_ok
        and facts.in_units
        and facts.trips_this_year < terms.trips_per_year
        and (not facts.leader or facts.leaders_confirmed < terms.leader_cap)
    )
    priority = set()
    if not facts.gone_before:
        priority.add("first_time")
    if facts.model_worker:
        priority.add("model_worker")
    if facts.craftsman:
        priority.add("craftsman")
    return ok, priority


@given(FACTS, TERMS)
def test_decide_matches_the_reference_model(facts, terms):
    decision = e.decide(facts, terms)
    ok, priority = reference(facts, terms)
    assert decision.eligible is ok
    assert set(decision.priority) == priority
    assert bool(decision.reasons) is (not ok)


@given(st.integers(0, 10000), st.decimals(min_value=0, max_value=1, places=3))
def test_leader_cap_is_the_share_rounded_down(places, share):
    cap = e.leader_cap(places, share)
    assert cap <= places * share < cap + 1
    assert e.leader_cap(10, Decimal("0.1")) == 1


@pytest.mark.django_db
def test_explain_shows_each_rule_and_the_policy_versions():
    from gonghui.authz.testing import build_world
    from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
    from gonghui.recuperation.tests import factories as f

    world = build_world()
    clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(clerk, world.province)
    member = f.member(world.child, job="车间主任")
    from django.utils import timezone

    out = e.explain(member=member, trip=trip, on=timezone.localdate())
    labels = [line.label for line in out.trace.lines]
    for label in ("在册会员", "属于参加对象", "本年度次数未满", "每人每年疗休养次数", "资格核验结果"):
        assert label in labels
    assert out.decision.eligible
    policy_lines = [line for line in out.trace.lines if line.policy]
    assert {(line.policy or {}).get("key") for line in policy_lines} >= {
        "recuperation.trips_per_year",
        "recuperation.leader_share",
    }
