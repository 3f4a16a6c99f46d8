"""Campaign services: the journeys (goods delivered in bulk, money paid once per recipient), the limits (budget,
places, target groups, the campaign's state), the authorization matrices, and the budget/allotment rules against a
small reference model (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.assistance.campaigns import selectors, services
from gonghui.assistance.campaigns.tests import kit
from gonghui.assistance.models import (
    Campaign,
    CampaignAllotment,
    CampaignEvent,
    CampaignRecipient,
    CampaignStatus,
    RecipientStatus,
)
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest

pytestmark = pytest.mark.django_db


def test_goods_journey_counts_progress_by_union(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who)
    members = [kit.member(world) for _ in range(3)]
    rows = [services.recipient_add(actor=who.clerk, campaign=campaign, member=m) for m in members]
    assert {r.amount for r in rows} == {Decimal("500.00")}
    result = services.recipients_deliver(
        actor=who.clerk,
        campaign=campaign,
        recipient_ids=[rows[0].pk, rows[1].pk],
        delivered_on=kit.timezone.localdate(),
    )
    assert (result.done, result.skipped) == (2, 0)
    again = services.recipients_deliver(
        actor=who.clerk, campaign=campaign, recipient_ids=[rows[0].pk], delivered_on=kit.timezone.localdate()
    )
    assert (again.done, again.skipped) == (0, 1)
    shown = selectors.progress(actor=who.organiser, campaign=campaign)
    assert (shown.quota, shown.listed, shown.delivered) == (4, 3, 2)
    assert shown.amount == Decimal("1500.00")
    assert shown.delivered_amount == Decimal("1000.00")
    assert shown.rows[0].unit == world.child
    actions = list(CampaignEvent.objects.filter(campaign=campaign).values_list("action", flat=True))
    assert actions == ["create", "allot", "open", "add", "add", "add", "deliver", "deliver"]
    assert AuditEvent.objects.filter(action="assistance.campaign_deliver").count() == 2


def test_money_is_asked_for_once_per_recipient(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, form="money", goods="")
    rows = [services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world)) for _ in range(2)]
    first = services.recipients_pay(actor=who.organiser, campaign=campaign, recipient_ids=[r.pk for r in rows])
    assert first.done == 2
    again = services.recipients_pay(actor=who.organiser, campaign=campaign, recipient_ids=[r.pk for r in rows])
    assert (again.done, again.skipped) == (0, 2)
    payments = PaymentRequest.objects.filter(source__startswith=f"assistance.campaign:{campaign.pk}:")
    assert sorted(payments.values_list("idempotency_key", flat=True)) == sorted(
        f"assistance.campaign:{campaign.pk}:{r.pk}" for r in rows
    )
    assert {p.amount for p in payments} == {Decimal("500.00")}
    assert payments[0].expense_account.code == "520102"  # 送温暖支出
    assert set(CampaignRecipient.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"payment"}
    with pytest.raises(ValidationError):  # goods are not paid, money is not "delivered" by hand
        services.recipients_deliver(
            actor=who.clerk, campaign=campaign, recipient_ids=[rows[0].pk], delivered_on=kit.timezone.localdate()
        )


def test_the_payment_key_is_unique_in_the_database(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, form="money", goods="")
    a, b = (services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world)) for _ in range(2))
    CampaignRecipient.objects.filter(pk=a.pk).update(payment_key="assistance.campaign:1:1")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignRecipient.objects.filter(pk=b.pk).update(payment_key="assistance.campaign:1:1")


def test_limits_places_groups_and_state(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, quota=1, groups=["women"])
    with pytest.raises(ValidationError, match="不在本活动的对象范围"):
        services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world, gender="M"))
    woman = kit.member(world)
    services.recipient_add(actor=who.clerk, campaign=campaign, member=woman)
    with pytest.raises(ValidationError, match="名额已用完"):
        services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    with pytest.raises(ValidationError, match="超出预算"):
        services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.child, quota=11)
    with pytest.raises(ValidationError, match="不能少于"):
        services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.child, quota=0)
    with pytest.raises(ValidationError, match="本工会及下级"):
        services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.sibling, quota=1)
    services.campaign_close(actor=who.organiser, campaign=campaign)
    with pytest.raises(ValidationError, match="已结束"):
        services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    study = kit.open_campaign(world, who, kind="study", form="money", goods="", title="金秋助学")
    with pytest.raises(ValidationError, match="子女姓名"):
        services.recipient_add(actor=who.clerk, campaign=study, member=kit.member(world))
    row = services.recipient_add(
        actor=who.clerk,
        campaign=study,
        member=kit.member(world),
        student=services.StudentInput(name="小明", school="杭州高级中学", year="高三"),
    )
    assert (row.student_name, row.student_school) == ("小明", "杭州高级中学")


def test_bad_input_is_refused(world):
    who = kit.people(world)
    for overrides, field in (
        ({"standard": "6000"}, "standard"),
        ({"budget": "0"}, None),
        ({"title": " "}, "title"),
        ({"groups": ["nobody"]}, "groups"),
        ({"form": "goods", "goods": ""}, "goods"),
        ({"ends_on": kit.timezone.localdate() - kit.timedelta(days=30)}, "ends_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data(**overrides))
        if field:
            assert field in refused.value.message_dict
    assert not Campaign.objects.exists()


def test_campaign_create_matrix(world):
    service_matrix(
        world,
        MANAGE_CAMPAIGN,
        act=lambda actor, w: services.campaign_create(actor=actor, unit=w.target, data=kit.data()),
        state=lambda w: Campaign.objects.count(),
        view_perm=VIEW_CAMPAIGN,
    )


def test_allotment_matrix(world):
    who = kit.people(world)
    campaign = services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data())
    service_matrix(
        world,
        MANAGE_CAMPAIGN,
        act=lambda actor, w: services.allotment_set(actor=actor, campaign=campaign, unit=w.child, quota=2),
        state=lambda w: list(CampaignAllotment.objects.values_list("unit_id", "quota")),
        view_perm=VIEW_CAMPAIGN,
    )


def test_recipient_add_matrix(world):
    who = kit.people(world)
    campaign = services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data())
    services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.target, quota=5)
    services.campaign_open(actor=who.organiser, campaign=campaign)
    target_member = kit.member(world, world.target)
    service_matrix(
        world,
        DELIVER_CAMPAIGN,
        act=lambda actor, w: services.recipient_add(actor=actor, campaign=campaign, member=target_member),
        state=lambda w: CampaignRecipient.objects.count(),
        view_perm=VIEW_CAMPAIGN,
    )


def test_deliver_matrix(world):
    who = kit.people(world)
    campaign = services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data())
    services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.target, quota=5)
    services.campaign_open(actor=who.organiser, campaign=campaign)
    row = services.recipient_add(actor=who.organiser, campaign=campaign, member=kit.member(world, world.target))
    service_matrix(
        world,
        DELIVER_CAMPAIGN,
        act=lambda actor, w: services.recipients_deliver(
            actor=actor, campaign=campaign, recipient_ids=[row.pk], delivered_on=kit.timezone.localdate()
        ),
        state=lambda w: CampaignRecipient.objects.get(pk=row.pk).status,
        view_perm=VIEW_CAMPAIGN,
    )


def test_pay_matrix(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, form="money", goods="")
    row = services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    service_matrix(
        world,
        MANAGE_CAMPAIGN,
        act=lambda actor, w: services.recipients_pay(actor=actor, campaign=campaign, recipient_ids=[row.pk]),
        state=lambda w: PaymentRequest.objects.count(),
        view_perm=VIEW_CAMPAIGN,
    )


# --- the budget and the places against a reference model ---------------------------------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("allot"), st.sampled_from(["target", "child"]), st.integers(min_value=0, max_value=12)),
        st.tuples(st.just("add"), st.sampled_from(["target", "child"]), st.just(0)),
        st.tuples(st.just("remove"), st.sampled_from(["target", "child"]), st.just(0)),
    ),
    max_size=14,
)


_PEOPLE: dict[int, kit.People] = {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, budget=st.integers(min_value=1, max_value=12), standard=st.integers(min_value=1, max_value=4))
def test_allotments_and_places_follow_the_reference_model(world, ops, budget, standard):
    """Reference: Σ places × standard ≤ budget; a union's counted recipients ≤ its places; places never below the
    counted recipients. A recipient of the child union counts against the child's allotment when it has one, else
    the district's (the nearest union with places)."""
    if id(world) not in _PEOPLE:  # once per test: the world memoises its roles, which a rollback would take away
        _PEOPLE.clear()
        _PEOPLE[id(world)] = kit.people(world)
    who = _PEOPLE[id(world)]
    with transaction.atomic():
        sid = transaction.savepoint()
        campaign = services.campaign_create(
            actor=who.organiser,
            unit=world.target,
            data=kit.data(budget=str(budget * standard * 100), standard=str(standard * 100), form="money", goods=""),
        )
        services.campaign_open(actor=who.organiser, campaign=campaign)
        units = {"target": world.target, "child": world.child}
        places: dict[str, int] = {}
        counted: dict[str, list[int]] = {"target": [], "child": []}
        for op, name, number in ops:
            covering = name if name in places else ("target" if "target" in places else None)
            if op == "allot":
                others = sum(v for k, v in places.items() if k != name)
                ok = others + number <= budget and number >= len(counted[name])
                try:
                    services.allotment_set(actor=who.organiser, campaign=campaign, unit=units[name], quota=number)
                    accepted = True
                except ValidationError:
                    accepted = False
                assert accepted == ok
                if ok:
                    places[name] = number
            elif op == "add":
                ok = covering is not None and len(counted[covering]) < places[covering]
                try:
                    row = services.recipient_add(
                        actor=who.organiser, campaign=campaign, member=kit.member(world, units[name])
                    )
                    accepted = True
                except ValidationError:
                    accepted = False
                assert accepted == ok
                if ok:
                    assert covering is not None
                    counted[covering].append(row.pk)
            elif counted[name]:
                pk = counted[name].pop()
                services.recipient_remove(actor=who.organiser, recipient=CampaignRecipient.objects.get(pk=pk))
            for key, allotment_places in places.items():
                allotment = CampaignAllotment.objects.get(campaign=campaign, unit=units[key])
                assert allotment.quota == allotment_places
                assert services.counted(allotment) == len(counted[key]) <= allotment_places
            assert sum(places.values()) <= budget  # the budget holds `budget` places at the standard
            assert services.budget_room(campaign) == Decimal(budget - sum(places.values())) * standard * 100
        transaction.savepoint_rollback(sid)


def test_status_machine_refuses_moves_out_of_order(world):
    who = kit.people(world)
    campaign = services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data())
    with pytest.raises(ValidationError, match="筹备中"):
        services.campaign_close(actor=who.organiser, campaign=campaign)
    services.campaign_cancel(actor=who.organiser, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CANCELLED
    assert RecipientStatus.REMOVED in RecipientStatus.values
