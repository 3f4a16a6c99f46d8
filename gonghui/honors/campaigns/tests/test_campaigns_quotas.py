"""Quotas per union against a small reference model (hypothesis): places carved down the tree (province → target →
child), handed back, used by nominations and freed by withdrawals; every refusal and every count as the model says.
On PostgreSQL: a double submission (the same member twice at once) makes one nomination, and two unions' clerks
racing for the last place never use more places than the quota holds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.honors.campaigns import services
from gonghui.honors.campaigns.tests import kit
from gonghui.honors.models import CampaignQuota, Nomination
from gonghui.members.models import Member

PARENT = {"target": "root", "child": "target"}

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("allot"), st.sampled_from(["target", "child"]), st.integers(1, 4)),
        st.tuples(st.just("back"), st.sampled_from(["target", "child"]), st.integers(1, 4)),
        st.tuples(st.just("nominate"), st.sampled_from(["target", "child"]), st.just(0)),
        st.tuples(st.just("withdraw"), st.just(""), st.integers(0, 8)),
    ),
    max_size=14,
)


class Model:
    """Each quota is [places, allotted, used]; a place is free when places - allotted - used > 0."""

    def __init__(self, places: int) -> None:
        self.q: dict[str, list[int]] = {"root": [places, 0, 0]}
        self.live: list[str | None] = []

    def free(self, key: str) -> int:
        places, allotted, used = self.q[key]
        return places - allotted - used

    def allot(self, unit: str, n: int) -> bool:
        source = PARENT[unit]
        if source not in self.q or n > self.free(source):
            return False
        self.q[source][1] += n
        self.q.setdefault(unit, [0, 0, 0])[0] += n
        return True

    def back(self, unit: str, n: int) -> bool:
        if unit not in self.q or n > self.free(unit):
            return False
        self.q[unit][0] -= n
        self.q[PARENT[unit]][1] -= n
        return True

    def nominate(self, unit: str) -> bool:
        if unit not in self.q or self.free(unit) < 1:
            return False
        self.q[unit][2] += 1
        self.live.append(unit)
        return True

    def withdraw(self, index: int) -> bool:
        if index >= len(self.live) or self.live[index] is None:
            return False
        unit = self.live[index]
        assert unit is not None
        self.q[unit][2] -= 1
        self.live[index] = None
        return True


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(places=st.integers(1, 6), ops=OPS)
def test_quotas_follow_the_reference_model(world, places, ops):
    province_clerk, target_clerk = kit.province_clerk(world), kit.target_clerk(world)
    with transaction.atomic():
        campaign = services.campaign_create(
            actor=province_clerk, unit=world.province, data=kit.data(places=places, name="名额模型")
        )
        units = {"root": world.province, "target": world.target, "child": world.child}
        model = Model(places)
        nominations: list[Nomination] = []

        def quota(key: str) -> CampaignQuota | None:
            return CampaignQuota.objects.filter(campaign=campaign, unit=units[key]).first()

        def nominate_into(held: CampaignQuota, who: Member) -> None:
            nominations.append(kit.nomination(world, held, member=who))

        for op, unit, n in ops:
            call: Callable[[], object] | None = None
            if op == "allot":
                expected = model.allot(unit, n)
                source = quota(PARENT[unit])
                actor = province_clerk if PARENT[unit] == "root" else target_clerk
                if source is not None:
                    call = partial(services.quota_allot, actor=actor, source=source, unit=units[unit], places=n)
            elif op == "back":
                expected = model.back(unit, n)
                held = quota(unit)
                if held is not None:
                    call = partial(services.quota_hand_back, actor=target_clerk, quota=held, places=n)
            elif op == "nominate":
                expected = model.nominate(unit)
                held = quota(unit)
                if held is not None:
                    call = partial(nominate_into, held, kit.member(world, unit=units[unit]))
            else:
                expected = model.withdraw(n)
                if n < len(nominations):
                    call = partial(services.nomination_withdraw, actor=target_clerk, nomination=nominations[n])
            if call is None:
                assert not expected, (op, unit, n)
                continue
            try:
                call()
                happened = True
            except ValidationError:
                happened = False
            assert happened == expected, (op, unit, n, model.q)
        for key, (places_now, allotted, used) in model.q.items():
            row = quota(key)
            assert row is not None
            assert (row.places, row.allotted, row.used) == (places_now, allotted, used), key
            assert row.free >= 0
        transaction.set_rollback(True)


def _race(*calls: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_submission_makes_one_nomination(world):
    _skip_unless_postgres()
    _campaign, quota = kit.campaign(world, to_target=3)
    who = kit.member(world)
    clerk = kit.target_clerk(world)

    def nominate() -> object:
        return services.nomination_create(actor=clerk, quota=quota, member=who, deeds="事迹", years_in_trade=5)

    outcomes = _race(nominate, nominate, nominate)
    assert outcomes.count("ok") == 1, outcomes
    assert Nomination.objects.filter(member=who).count() == 1
    assert CampaignQuota.objects.get(pk=quota.pk).used == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_for_the_last_place_never_overfills(world):
    _skip_unless_postgres()
    _campaign, quota = kit.campaign(world, to_target=2)
    clerk = kit.target_clerk(world)
    people = [kit.member(world) for _ in range(4)]
    outcomes = _race(
        *[
            lambda m=m: services.nomination_create(actor=clerk, quota=quota, member=m, deeds="事迹", years_in_trade=5)
            for m in people
        ]
    )
    assert outcomes.count("ok") == 2, outcomes
    row = CampaignQuota.objects.get(pk=quota.pk)
    assert row.used == 2
    assert Nomination.objects.filter(quota=quota).count() == 2
