"""Plans: the draft → rules → publish journey, versions (a published version is never edited; a new version is a
copy with its own date; the version in force on a day), rule validation, plan scoping, the authorization matrices
of the services and pages, and the pinned query counts of the list page and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.mutual_aid.models import BenefitKind, BenefitRule, Plan, PlanStatus, PlanVersion
from gonghui.mutual_aid.permissions import MANAGE_PLANS, VIEW_MUTUAL_AID
from gonghui.mutual_aid.plans import selectors, services
from gonghui.mutual_aid.plans.bands import parse_band_text
from gonghui.mutual_aid.tests import factories

pytestmark = pytest.mark.django_db

TIERS = [services.TierInput("basic", "基本档", "24"), services.TierInput("HIGH", "提高档", "70")]
HOSPITAL = services.RuleInput(
    deductible="800", bands=[{"from": "0", "rate": "0.5"}], per_event_cap="20000", yearly_cap="40000", waiting_days=90
)


def _draft(actor, unit, year=None):
    year = year or timezone.localdate().year
    return services.plan_create(
        actor=actor,
        unit=unit,
        name="职工医疗互助保障计划",
        year=year,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        tiers=TIERS,
    )


def _publishable(actor, plan):
    version = PlanVersion.objects.get(plan=plan, number=1)
    for tier in plan.tiers.all():
        services.rule_set(actor=actor, version=version, tier=tier, kind=BenefitKind.HOSPITAL, rule=HOSPITAL)
    return version


def test_plan_journey_and_versions(world):
    chair = world.actor("same_with", MANAGE_PLANS)
    plan = _draft(chair, world.target)
    assert [t.code for t in plan.tiers.all()] == ["BASIC", "HIGH"]
    with pytest.raises(ValidationError):  # a tier without rules
        services.plan_publish(actor=chair, plan=plan)
    v1 = _publishable(chair, plan)
    plan = services.plan_publish(actor=chair, plan=plan)
    assert plan.status == PlanStatus.PUBLISHED
    v1.refresh_from_db()
    assert v1.published
    with pytest.raises(ValidationError):  # a published version is never edited
        services.rule_set(
            actor=chair,
            version=v1,
            tier=plan.tiers.order_by("pk")[0],
            kind=BenefitKind.DEATH,
            rule=services.RuleInput(fixed_amount="10000"),
        )
    with pytest.raises(ValidationError):  # nor the plan's fees
        services.plan_update(
            actor=chair, plan=plan, name="x", starts_on=plan.starts_on, ends_on=plan.ends_on, tiers=TIERS
        )
    mid = date(plan.year, 7, 1)
    v2 = services.version_create(actor=chair, plan=plan, effective_from=mid, note="提高住院比例")
    assert BenefitRule.objects.filter(version=v2).count() == 2
    with pytest.raises(ValidationError):  # one draft at a time
        services.version_create(actor=chair, plan=plan, effective_from=mid + timedelta(days=1), note="再改")
    basic = plan.tiers.get(code="BASIC")
    services.rule_set(
        actor=chair,
        version=v2,
        tier=basic,
        kind=BenefitKind.HOSPITAL,
        rule=services.RuleInput(
            deductible="800",
            bands=[{"from": "0", "rate": "0.55"}],
            per_event_cap="20000",
            yearly_cap="40000",
            waiting_days=90,
        ),
    )
    assert selectors.version_on(plan, mid) == v1  # not yet published
    services.version_publish(actor=chair, version=v2)
    assert selectors.version_on(plan, mid - timedelta(days=1)) == v1
    assert selectors.version_on(plan, mid) == v2
    rule = selectors.rule_for(v1, basic.pk, BenefitKind.HOSPITAL)
    assert rule is not None
    assert rule.bands == [{"from": "0.00", "rate": "0.5"}]
    diff = selectors.version_diff(v1, v2)
    assert [(d.tier, d.field) for d in diff] == [("基本档", "给付比例（分段）")]
    assert "55%" in diff[0].after


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (services.RuleInput(bands=[{"from": "0", "rate": "1.5"}]), "bands"),
        (services.RuleInput(bands=[{"from": "100", "rate": "0.5"}, {"from": "50", "rate": "0.5"}]), "bands"),
        (services.RuleInput(), "bands"),
        (services.RuleInput(bands=[{"from": "0", "rate": "0.5"}], fixed_amount="100"), "bands"),
        (
            services.RuleInput(bands=[{"from": "0", "rate": "0.5"}], per_event_cap="500", yearly_cap="100"),
            "per_event_cap",
        ),
        (services.RuleInput(deductible="-1", bands=[{"from": "0", "rate": "0.5"}]), "deductible"),
        (services.RuleInput(bands=[{"from": "0", "rate": "0.5"}], waiting_days=400), "waiting_days"),
    ],
)
def test_rule_validation(rule, field):
    with pytest.raises(ValidationError) as info:
        services.clean_rule(BenefitKind.HOSPITAL, rule)
    assert field in info.value.message_dict


def test_band_text_and_illnesses():
    assert parse_band_text("0 0.5\n10000 60%") == [{"from": "0", "rate": "0.5"}, {"from": "10000", "rate": "0.6"}]
    with pytest.raises(ValidationError):
        parse_band_text("0 0.5 1")
    assert services.parse_illnesses("C50 乳腺恶性肿瘤\nI21") == [
        {"code": "C50", "name": "乳腺恶性肿瘤"},
        {"code": "I21", "name": ""},
    ]


def test_plan_create_refuses_a_grassroots_union(world):
    with pytest.raises(ValidationError):
        _draft(world.actor("ancestor", MANAGE_PLANS), world.child)


def test_plan_service_matrices(world):
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: _draft(a, w.target),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Plan.objects.count(),
    )
    owner = world.actor("ancestor", MANAGE_PLANS)
    plan = _draft(owner, world.target)
    version = _publishable(owner, plan)
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.plan_publish(actor=a, plan=plan),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Plan.objects.get(pk=plan.pk).status,
    )
    tier = plan.tiers.order_by("pk")[0]
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.rule_set(
            actor=a, version=version, tier=tier, kind=BenefitKind.DEATH, rule=services.RuleInput(fixed_amount="5000")
        ),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: BenefitRule.objects.count(),
    )
    services.plan_publish(actor=owner, plan=plan)
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.version_create(actor=a, plan=plan, effective_from=date(plan.year, 6, 1), note="调整"),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: PlanVersion.objects.count(),
    )


def test_plans_visible_below_and_above(world):
    city_plan = factories.plan(world.city)
    district_plan = factories.plan(world.target)
    at_child = world.staff("c", world.child, [VIEW_MUTUAL_AID])
    seen = set(selectors.plan_list(actor=at_child).values_list("pk", flat=True))
    assert seen == {city_plan.pk, district_plan.pk}  # issued above the union
    sibling = world.actor("sibling", VIEW_MUTUAL_AID)
    assert set(selectors.plan_list(actor=sibling).values_list("pk", flat=True)) == {city_plan.pk}
    at_province = world.actor("ancestor", VIEW_MUTUAL_AID)
    assert set(selectors.plan_list(actor=at_province).values_list("pk", flat=True)) == {city_plan.pk, district_plan.pk}


def test_pages_matrix(world):
    plan = factories.plan(world.target)
    http_matrix(world, VIEW_MUTUAL_AID, "get", reverse("mutual_aid:plan_detail", args=[plan.pk]))
    http_matrix(world, VIEW_MUTUAL_AID, "get", reverse("mutual_aid:version_detail", args=[plan.pk, 1]))
    draft = factories.plan(world.target, status=PlanStatus.DRAFT)
    http_matrix(
        world,
        MANAGE_PLANS,
        "post",
        reverse("mutual_aid:plan_action", args=[draft.pk]),
        data={"action": "publish"},
        state=lambda w: Plan.objects.get(pk=draft.pk).status,
    )
    tier = draft.tiers.order_by("pk")[0]
    http_matrix(
        world,
        MANAGE_PLANS,
        "post",
        reverse("mutual_aid:rule_edit", args=[draft.pk, 1, tier.pk, "death"]),
        data={"fixed_amount": "8000", "waiting_days": "0"},
        state=lambda w: list(
            BenefitRule.objects.filter(tier=tier, kind="death").values_list("fixed_amount", flat=True)
        ),
    )
    listing = login(Client(), world.actor("sibling", VIEW_MUTUAL_AID)).get(reverse("mutual_aid:plan_list"))
    assert listing.status_code == 200
    assert CANARY not in listing.content.decode()
    assert login(Client(), world.member).get(reverse("mutual_aid:plan_list")).status_code == 403


def test_new_plan_page_creates_a_plan(world):
    client = login(Client(), world.actor("ancestor", MANAGE_PLANS))
    year = timezone.localdate().year
    response = client.post(
        reverse("mutual_aid:plan_new"),
        {
            "unit": world.city.pk,
            "name": "市职工互助",
            "year": year,
            "starts_on": f"{year}-01-01",
            "ends_on": f"{year}-12-31",
            "tiers": "BASIC 基本档 24\nHIGH 提高档 70",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(name="市职工互助")
    assert plan.tiers.count() == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_pinned(world):
    client = login(Client(), world.actor("ancestor", VIEW_MUTUAL_AID))
    factories.plan(world.target)
    list_one = _queries(client, reverse("mutual_aid:plan_list"))
    api_one = _queries(client, "/api/v1/mutual-aid/plans/")
    for _ in range(4):
        factories.plan(world.city)
    assert _queries(client, reverse("mutual_aid:plan_list")) == list_one
    assert _queries(client, "/api/v1/mutual-aid/plans/") == api_one


def test_remaining_plan_matrices(world):
    owner = world.actor("ancestor", MANAGE_PLANS)
    draft = _draft(owner, world.target)
    version = _publishable(owner, draft)
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.plan_update(
            actor=a, plan=draft, name="改名", starts_on=draft.starts_on, ends_on=draft.ends_on, tiers=TIERS
        ),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Plan.objects.get(pk=draft.pk).name,
    )
    rule = BenefitRule.objects.filter(version=version).order_by("pk")[0]
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.rule_remove(actor=a, version=version, rule_id=rule.pk),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: BenefitRule.objects.count(),
    )
    services.plan_publish(actor=owner, plan=draft)
    second = services.version_create(actor=owner, plan=draft, effective_from=date(draft.year, 6, 1), note="调整")
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.version_publish(actor=a, version=second),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: PlanVersion.objects.get(pk=second.pk).published,
    )
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.version_delete(actor=a, version=second),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: PlanVersion.objects.count(),
    )
    ended = factories.plan(world.target, year=timezone.localdate().year - 1)
    service_matrix(
        world,
        MANAGE_PLANS,
        lambda a, w: services.plan_close(actor=a, plan=ended),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Plan.objects.get(pk=ended.pk).status,
    )
