from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz import access
from gonghui.orgs.tests.factories import OrgUnitFactory
from gonghui.policy import registry
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import VIEW_POLICY
from gonghui.policy.selectors import (
    policy_effective_list,
    policy_get,
    policy_history,
    policy_record_get,
    policy_record_list,
    policy_today,
    policy_values,
)
from gonghui.policy.tests.factories import PolicyRecordFactory

KEY = "review.publicity_days"
OTHER = "members.inactive_months"
BASE = date(2026, 1, 1)

# The matrix world: province → city → target → child, and city → sibling.
PARENT = {"province": None, "city": "province", "target": "city", "child": "target", "sibling": "city"}
NAMES = tuple(PARENT)


def chain(name: str) -> list[str]:
    """The unit and its ancestors, the unit first."""
    out = []
    current: str | None = name
    while current is not None:
        out.append(current)
        current = PARENT[current]
    return out


@dataclass(frozen=True)
class Spec:
    key: str
    unit: str
    day: date
    value: int


def reference(specs: list[Spec], key: str, unit: str, on: date) -> Spec | None:
    """Plain brute force: the deepest unit of the chain with a record in force wins, then the latest date."""
    ancestors = chain(unit)
    best: Spec | None = None
    for spec in specs:
        if spec.key != key or spec.unit not in ancestors or spec.day > on:
            continue
        if best is None:
            best = spec
            continue
        deeper = ancestors.index(spec.unit) < ancestors.index(best.unit)
        same_unit_later = spec.unit == best.unit and spec.day > best.day
        if deeper or same_unit_later:
            best = spec
    return best


def store(world, specs: list[Spec]) -> None:
    PolicyRecord.objects.bulk_create(
        [
            PolicyRecord(key=s.key, unit=getattr(world, s.unit), value=s.value, effective_from=s.day, note=f"文{i}")
            for i, s in enumerate(specs)
        ]
    )


specs_strategy = st.lists(
    st.builds(
        Spec,
        key=st.sampled_from([KEY, OTHER]),
        unit=st.sampled_from(NAMES),
        day=st.integers(min_value=0, max_value=30).map(lambda d: BASE + timedelta(days=d)),
        value=st.integers(min_value=1, max_value=24),
    ),
    max_size=12,
    unique_by=lambda s: (s.key, s.unit, s.day),
)
query_strategy = st.tuples(
    st.sampled_from(NAMES), st.integers(min_value=-2, max_value=33).map(lambda d: BASE + timedelta(days=d))
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=specs_strategy, query=query_strategy)
def test_policy_get_matches_a_brute_force_reference(world, specs, query):
    unit_name, on = query
    with transaction.atomic():
        store(world, specs)
        for key in (KEY, OTHER):
            got = policy_get(key, getattr(world, unit_name), on=on)
            want = reference(specs, key, unit_name, on)
            if want is None:
                assert got.record is None
                assert got.unit is None
                assert got.value == registry.get(key).default
            else:
                assert got.record is not None
                assert got.value == want.value
                assert got.unit == getattr(world, want.unit)
                assert got.effective_from == want.day
        transaction.set_rollback(True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=specs_strategy, query=query_strategy)
def test_policy_values_agrees_with_policy_get_for_every_key(world, specs, query):
    unit_name, on = query
    unit = getattr(world, unit_name)
    with transaction.atomic():
        store(world, specs)
        values = policy_values(unit, on=on)
        assert set(values) == {k.key for k in registry.all_keys()}
        for key, resolved in values.items():
            single = policy_get(key, unit, on=on)
            assert (resolved.value, resolved.record, resolved.unit) == (single.value, single.record, single.unit)
        transaction.set_rollback(True)


def test_a_deeper_unit_overrides_even_a_later_ancestor_version(world):
    PolicyRecordFactory.create(unit=world.city, value=7, effective_from=date(2026, 1, 1))
    PolicyRecordFactory.create(unit=world.province, value=9, effective_from=date(2026, 6, 1))
    assert policy_get(KEY, world.child, on=date(2026, 7, 1)).value == 7
    assert policy_get(KEY, world.sibling, on=date(2026, 7, 1)).value == 7
    assert policy_get(KEY, world.province, on=date(2026, 7, 1)).value == 9
    assert policy_get(KEY, world.province, on=date(2026, 5, 31)).value == 5  # the default


def test_a_future_version_does_not_apply_before_its_date(world):
    PolicyRecordFactory.create(unit=world.target, value=6, effective_from=date(2026, 1, 1))
    PolicyRecordFactory.create(unit=world.target, value=7, effective_from=date(2026, 3, 1))
    assert policy_get(KEY, world.target, on=date(2026, 2, 28)).value == 6
    assert policy_get(KEY, world.target, on=date(2026, 3, 1)).value == 7


def test_records_of_siblings_and_descendants_never_apply(world):
    PolicyRecordFactory.create(unit=world.sibling, value=9)
    PolicyRecordFactory.create(unit=world.child, value=8)
    resolved = policy_get(KEY, world.target, on=date(2026, 2, 1))
    assert resolved.is_default
    assert resolved.value == 5


def test_values_are_typed(world):
    PolicyRecordFactory.create(key="recuperation.daily_cap", unit=world.city, value="400.00")
    PolicyRecordFactory.create(key="finance.grassroots_share", unit=world.city, value="0.7")
    resolved = policy_get("recuperation.daily_cap", world.target, on=date(2026, 2, 1))
    assert resolved.value == Decimal("400.00")
    assert resolved.display == "400.00 元"
    assert policy_get("finance.grassroots_share", world.target, on=date(2026, 2, 1)).display == "70%"


def test_on_defaults_to_today_in_china():
    # 2026-03-01 17:00 UTC is already 2026-03-02 01:00 in Beijing.
    with time_machine.travel(datetime(2026, 3, 1, 17, 0, tzinfo=UTC), tick=False):
        assert policy_today() == date(2026, 3, 2)


def test_on_defaults_to_today(world):
    PolicyRecordFactory.create(unit=world.target, value=6, effective_from=policy_today())
    PolicyRecordFactory.create(unit=world.target, value=8, effective_from=policy_today() + timedelta(days=1))
    assert policy_get(KEY, world.target).value == 6


def test_explain_names_the_unit_date_and_document(db):
    city = OrgUnitFactory.create(name="杭州市总工会")
    PolicyRecordFactory.create(unit=city, value=7, effective_from=date(2026, 1, 1), note="浙工发〔2026〕12号")
    resolved = policy_get(KEY, city, on=date(2026, 5, 1))
    assert resolved.explain() == "杭州市总工会 自2026-01-01起执行的版本（浙工发〔2026〕12号）"


def test_explain_of_the_default(world):
    assert policy_get(KEY, world.target, on=date(2026, 5, 1)).explain() == "系统默认值"


def test_source_and_trace(world):
    record = PolicyRecordFactory.create(unit=world.city, value=7, note="市工发〔2026〕3号")
    resolved = policy_get(KEY, world.target, on=date(2026, 5, 1))
    assert resolved.source(world.target) == "inherited"
    assert resolved.source(world.city) == "own"
    assert resolved.source_label(world.target) == "继承自 矩阵市总工会"
    assert policy_get(OTHER, world.target, on=date(2026, 5, 1)).source(world.target) == "default"
    assert resolved.to_trace() == {
        "key": KEY,
        "value": 7,
        "record_id": record.pk,
        "unit_id": world.city.pk,
        "effective_from": "2026-01-01",
        "explain": "矩阵市总工会 自2026-01-01起执行的版本（市工发〔2026〕3号）",
    }


def test_policy_get_is_one_query(world, django_assert_num_queries):
    PolicyRecordFactory.create(unit=world.city)
    with django_assert_num_queries(1):
        resolved = policy_get(KEY, world.child, on=date(2026, 5, 1))
        resolved.explain()


def test_policy_values_is_one_query(world, django_assert_num_queries):
    for i, key in enumerate([KEY, OTHER, "recuperation.daily_cap"]):
        PolicyRecordFactory.create(key=key, unit=world.city, value=7 if i < 2 else "500.00")
        PolicyRecordFactory.create(
            key=key, unit=world.target, value=8 if i < 2 else "450.00", effective_from=date(2026, 2, 1)
        )
    with django_assert_num_queries(1):
        values = policy_values(world.child, on=date(2026, 5, 1))
        texts = [v.explain() for v in values.values()]
    assert values[KEY].value == 8
    assert values["recuperation.daily_cap"].display == "450.00 元"
    assert "系统默认值" in texts


def test_policy_get_refuses_undeclared_keys(world):
    with pytest.raises(registry.UnknownPolicy):
        policy_get("nothing.here", world.target)


# -- scoped reads ---------------------------------------------------------------------------------------


def test_history_lists_the_chain_newest_first_and_is_scoped(world):
    old = PolicyRecordFactory.create(unit=world.province, effective_from=date(2025, 1, 1))
    mid = PolicyRecordFactory.create(unit=world.city, effective_from=date(2026, 1, 1))
    new = PolicyRecordFactory.create(unit=world.target, effective_from=date(2026, 2, 1))
    PolicyRecordFactory.create(unit=world.sibling, effective_from=date(2026, 3, 1))
    PolicyRecordFactory.create(unit=world.child, effective_from=date(2026, 3, 1))
    PolicyRecordFactory.create(key=OTHER, unit=world.target, effective_from=date(2026, 3, 1))
    actor = world.actor("same_with", VIEW_POLICY)
    assert list(policy_history(actor=actor, key=KEY, unit=world.target)) == [new, mid, old]
    sibling = world.actor("sibling", VIEW_POLICY)
    with pytest.raises(access.NotVisible):
        policy_history(actor=sibling, key=KEY, unit=world.target)
    with pytest.raises(access.NotVisible):
        policy_history(actor=actor, key="nothing.here", unit=world.target)


def test_effective_list_is_scoped(world):
    with pytest.raises(access.NotVisible):
        policy_effective_list(actor=world.actor("sibling", VIEW_POLICY), unit=world.target)
    values = policy_effective_list(actor=world.actor("ancestor", VIEW_POLICY), unit=world.target)
    assert len(values) == len(registry.all_keys())


def test_record_list_without_unit_shows_own_scope_and_binding_ancestors(world):
    province = PolicyRecordFactory.create(unit=world.province)
    target = PolicyRecordFactory.create(unit=world.target)
    child = PolicyRecordFactory.create(unit=world.child)
    sibling = PolicyRecordFactory.create(unit=world.sibling)
    actor = world.actor("same_with", VIEW_POLICY)
    assert set(policy_record_list(actor=actor)) == {province, target, child}
    assert set(policy_record_list(actor=actor, unit=world.child)) == {province, target, child}
    assert set(policy_record_list(actor=world.actor("sibling", VIEW_POLICY))) == {province, sibling}
    assert policy_record_get(actor=actor, record_id=province.pk) == province
    with pytest.raises(access.NotVisible):
        policy_record_get(actor=actor, record_id=sibling.pk)
    with pytest.raises(access.NotVisible):
        policy_record_get(actor=actor, record_id="x")
    with pytest.raises(access.NotVisible):
        policy_record_list(actor=world.actor("sibling", VIEW_POLICY), unit=world.target)
