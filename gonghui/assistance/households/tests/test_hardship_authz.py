"""Authorization matrices of hardship assistance (``gonghui.authz.testing``): every service, console page and POST,
and the portal pages, as anonymous, a worker (not the applicant), staff of the sibling district, staff of the
district without and with the permission, and the province's staff. Nothing changes on a denial, nothing of the
district (CANARY) leaks to a denied actor, and a worker never reaches another worker's application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.applications import services as applications
from gonghui.assistance.applications.tests.factories import Journey, household, image_upload, journey, worker
from gonghui.assistance.households import services as households
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import (
    AnnualReview,
    ApplicationEvent,
    FileEvent,
    HardshipApplication,
    HouseholdFile,
    SupportItem,
)
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, VIEW_HARDSHIP
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    j: Journey
    submitted: HardshipApplication
    visited: HardshipApplication
    file: HouseholdFile
    money: SupportItem
    goods: SupportItem
    review: AnnualReview


def _other(j: Journey, world: Any, phone: str, name: str) -> Journey:
    member = worker(world.child, phone=phone, name=name)
    return Journey(member, j.clerk, j.partner, j.reviewer, j.county, j.city)


@pytest.fixture
def scene(world) -> Scene:
    """In ``world.child`` (under the district ``world.target``): a CANARY household with a file (a planned money
    item, a planned goods item, an open annual review), an application waiting for the visit, one visited."""
    books(world.child)
    j = journey(world, phone="13800000031")
    Member.objects.filter(pk=j.member.pk).update(name=f"王{CANARY}")
    j.member.refresh_from_db()
    file = HouseholdFile.objects.get(application=j.approved())
    money = households.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00")
    )
    goods = households.support_plan(
        actor=j.clerk,
        file=file,
        item=SupportInput(kind="festival", period="2026-spring", form="goods", description="米油一套"),
    )
    review = AnnualReview.objects.create(
        file=file, year=2026, opened_on=timezone.localdate(), due_on=timezone.localdate()
    )
    submitted = _other(j, world, "13800000032", f"李{CANARY}").submitted()
    visited = _other(j, world, "13800000033", f"赵{CANARY}").visited()
    return Scene(j, submitted, visited, file, money, goods, review)


def state() -> tuple[Any, ...]:
    return (
        sorted(HardshipApplication.objects.values_list("pk", "status", "version")),
        sorted(SupportItem.objects.values_list("pk", "status")),
        sorted(HouseholdFile.objects.values_list("pk", "status", "unit_id")),
        AnnualReview.objects.count(),
        sorted(AnnualReview.objects.values_list("pk", "status")),
        PaymentRequest.objects.count(),
        ApplicationEvent.objects.count(),
        FileEvent.objects.count(),
    )


# -- services ----------------------------------------------------------------------------------------------------

SERVICES = {
    "apply_on_behalf": (
        MANAGE_HARDSHIP,
        lambda s: (
            lambda member: (
                lambda actor, w: applications.application_create(actor=actor, member=member, household=household())
            )
        )(worker(s.file.unit, phone="13800000039", name="周职工")),
    ),
    "record_visit": (
        MANAGE_HARDSHIP,
        lambda s: (
            lambda actor, w: applications.visit_record(
                actor=actor,
                application=s.submitted,
                visited_on=timezone.localdate(),
                partner=s.j.partner,
                findings="家中陈设简陋。",
                income_confirmed=True,
                signed_record=image_upload("调查记录.png"),
            )
        ),
    ),
    "send_to_review": (
        MANAGE_HARDSHIP,
        lambda s: lambda actor, w: applications.application_send(actor=actor, application=s.visited),
    ),
    "decline": (
        MANAGE_HARDSHIP,
        lambda s: (
            lambda actor, w: applications.application_decline(actor=actor, application=s.visited, reason="收入核实不符")
        ),
    ),
    "plan_support": (
        MANAGE_HARDSHIP,
        lambda s: (
            lambda actor, w: households.support_plan(
                actor=actor, file=s.file, item=SupportInput(kind="medical", period="2026-03", amount="500.00")
            )
        ),
    ),
    "pay_support": (MANAGE_HARDSHIP, lambda s: lambda actor, w: households.support_pay(actor=actor, item=s.money)),
    "deliver_support": (
        MANAGE_HARDSHIP,
        lambda s: lambda actor, w: households.support_deliver(actor=actor, item=s.goods),
    ),
    "cancel_support": (
        MANAGE_HARDSHIP,
        lambda s: lambda actor, w: households.support_cancel(actor=actor, item=s.money, reason="重复安排"),
    ),
    "open_annual_review": (
        MANAGE_HARDSHIP,
        lambda s: lambda actor, w: households.reviews_open_due(actor=actor, unit=w.target),
    ),
    "complete_annual_review": (
        MANAGE_HARDSHIP,
        lambda s: (
            lambda actor, w: households.review_complete(
                actor=actor,
                review=s.review,
                monthly_income="1000.00",
                monthly_costs="0.00",
                household_size=3,
                findings="收入无变化",
            )
        ),
    ),
    "leave_file": (
        MANAGE_HARDSHIP,
        lambda s: lambda actor, w: households.file_close(actor=actor, file=s.file, reason="on_request"),
    ),
    "reveal": (
        REVEAL_HARDSHIP,
        lambda s: lambda actor, w: applications.household_reveal(actor=actor, application=s.file.application),
    ),
}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_matrix(world, scene, name):
    perm, make = SERVICES[name]
    service_matrix(world, perm, make(scene), state=lambda w: state(), view_perm=VIEW_HARDSHIP)


def test_another_worker_cannot_touch_an_application(world, scene):
    """A worker of the same union, signed in to the portal, reaches nothing of a colleague's application."""
    colleague = worker(world.child, phone="13800000040", name="钱职工")
    user = colleague.user
    assert user is not None
    before = state()
    for call in (
        lambda: applications.application_update(actor=user, application=scene.submitted, household=household()),
        lambda: applications.application_submit(actor=user, application=scene.submitted),
        lambda: applications.application_withdraw(actor=user, application=scene.submitted),
        lambda: applications.my_household(actor=user, application=scene.submitted),
        lambda: applications.household_reveal(actor=user, application=scene.submitted),
        lambda: applications.application_create(actor=user, member=scene.submitted.member, household=household()),
    ):
        with pytest.raises(Exception) as info:  # noqa: PT011 - PermissionDenied or Http404, both refusals
            call()
        assert type(info.value).__name__ in ("PermissionDenied", "NotVisible", "Http404"), info.value
    assert state() == before
    client = Client()
    client.force_login(user)
    pk = scene.submitted.pk
    assert client.get(reverse("assistance_portal:hardship_mine_detail", args=[pk])).status_code == 404
    response = client.post(reverse("assistance_portal:hardship_mine_act", args=[pk]), {"action": "withdraw"})
    assert response.status_code == 404
    response = client.post(reverse("assistance_portal:hardship_mine_detail", args=[pk]), {"cause": "illness"})
    assert response.status_code == 404
    assert CANARY not in client.get(reverse("assistance_portal:hardship_mine")).content.decode()
    assert state() == before


# -- console pages ----------------------------------------------------------------------------------------------


def _pages(s: Scene) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """(permission, method, url, data) of every console page and POST."""
    app, file = s.file.application_id, s.file.pk
    return [
        (VIEW_HARDSHIP, "get", reverse("assistance:hardship_detail", args=[app]), None),
        (VIEW_HARDSHIP, "get", reverse("assistance:file_detail", args=[file]), None),
        (VIEW_HARDSHIP, "get", reverse("assistance:review_detail", args=[s.review.pk]), None),
        (MANAGE_HARDSHIP, "get", reverse("assistance:hardship_edit", args=[s.submitted.pk]), None),
        (MANAGE_HARDSHIP, "get", reverse("assistance:hardship_visit", args=[s.submitted.pk]), None),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:hardship_visit", args=[s.submitted.pk]),
            {
                "visited_on": timezone.localdate().isoformat(),
                "partner": s.j.partner.username,
                "findings": "家中陈设简陋。",
                "income_confirmed": "on",
            },
        ),
        (MANAGE_HARDSHIP, "post", reverse("assistance:hardship_act", args=[s.visited.pk]), {"action": "send"}),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:hardship_act", args=[s.visited.pk]),
            {"action": "decline", "reason": "收入不符"},
        ),
        (REVEAL_HARDSHIP, "post", reverse("assistance:hardship_reveal", args=[app]), {}),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:file_act", args=[file]),
            {"action": "plan", "kind": "medical", "form": "money", "period": "2026-05", "amount": "300.00"},
        ),
        (MANAGE_HARDSHIP, "post", reverse("assistance:file_act", args=[file]), {"action": "pay", "item": s.money.pk}),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:file_act", args=[file]),
            {"action": "deliver", "item": s.goods.pk},
        ),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:file_act", args=[file]),
            {"action": "close", "reason": "on_request"},
        ),
        (
            MANAGE_HARDSHIP,
            "post",
            reverse("assistance:review_detail", args=[s.review.pk]),
            {"monthly_income": "1000.00", "monthly_costs": "0", "household_size": "3", "findings": "无变化"},
        ),
    ]


def test_console_page_matrix(world, scene):
    for perm, method, url, data in _pages(scene):
        http_matrix(world, perm, method, url, data=data, state=lambda w: state())


LISTS = (
    (VIEW_HARDSHIP, "hardship_list", True),
    (VIEW_HARDSHIP, "hardship_export", False),
    (VIEW_HARDSHIP, "hardship_visits", True),
    (VIEW_HARDSHIP, "file_list", True),
    (VIEW_HARDSHIP, "file_export", False),
    (VIEW_HARDSHIP, "support_list", True),
    (VIEW_HARDSHIP, "review_list", True),
    (VIEW_HARDSHIP, "hardship_stats", False),
    (VIEW_HARDSHIP, "hardship_stats_export", False),
    (MANAGE_HARDSHIP, "hardship_new", False),
)


@pytest.mark.parametrize(("perm", "name", "lists_canary"), LISTS)
def test_console_list_matrix(world, scene, perm, name, lists_canary):
    """A list answers for the actor's own subtree: the sibling district's staff get their own (empty) list, staff
    without the permission anywhere are refused, the district's and the province's staff see the CANARY rows."""
    url = reverse(f"assistance:{name}")
    for actor in ("anonymous", "member", "sibling", "same_without", "same_with", "ancestor"):
        user = world.actor(actor, perm)
        response = login(Client(), user if actor != "anonymous" else None).get(url)
        body = response.content.decode(errors="replace")
        if actor in ("anonymous", "member"):
            assert response.status_code in (302, 403), (actor, name, response.status_code)
            if response.status_code == 302:
                assert "login" in response["Location"]
        elif actor == "same_without":
            assert response.status_code in (403, 404), (actor, name, response.status_code)
        else:
            assert response.status_code == 200, (actor, name, response.status_code)
            if lists_canary:
                assert (CANARY in body) == (actor != "sibling"), (actor, name)
        if actor in ("anonymous", "member", "sibling", "same_without"):
            assert CANARY not in body, (actor, name)


@pytest.mark.parametrize(("name", "data"), [("support_list", "goods"), ("review_list", None)])
def test_console_bulk_matrix(world, scene, name, data):
    """The bulk actions (festival goods delivered, annual reviews opened) touch nothing outside the actor's reach."""
    from gonghui.assistance.models import HouseholdFile as File

    File.objects.filter(pk=scene.file.pk).update(opened_on=timezone.localdate().replace(year=2024, day=1))
    AnnualReview.objects.filter(pk=scene.review.pk).delete()
    File.objects.filter(pk=scene.file.pk).update(status="active")
    payload = {"item": [scene.goods.pk]} if data else {}
    for actor in ("anonymous", "member", "sibling", "same_without"):
        before = state()
        response = login(Client(), world.actor(actor, MANAGE_HARDSHIP) if actor != "anonymous" else None).post(
            reverse(f"assistance:{name}"), payload
        )
        assert response.status_code in (302, 403, 404), (actor, response.status_code)
        assert state() == before, actor
    login(Client(), world.actor("same_with", MANAGE_HARDSHIP)).post(reverse(f"assistance:{name}"), payload)
    if data:
        scene.goods.refresh_from_db()
        assert scene.goods.status == "delivered"
    else:
        assert AnnualReview.objects.filter(file=scene.file).count() == 1


def test_console_posts_change_what_they_say_for_the_allowed(world, scene):
    """The matrix rolls allowed requests back; here one staff member's POSTs are kept and checked."""
    staff = world.actor("same_with", MANAGE_HARDSHIP)
    client = login(Client(), staff)
    file = scene.file.pk
    client.post(reverse("assistance:file_act", args=[file]), {"action": "pay", "item": scene.money.pk})
    client.post(reverse("assistance:support_list"), {"item": [scene.goods.pk]})
    client.post(reverse("assistance:hardship_act", args=[scene.visited.pk]), {"action": "send"})
    scene.money.refresh_from_db()
    scene.goods.refresh_from_db()
    scene.visited.refresh_from_db()
    assert scene.money.status == "payment_requested"
    assert scene.goods.status == "delivered"
    assert scene.visited.status == "in_review"


# -- portal pages -----------------------------------------------------------------------------------------------


def test_portal_pages_ask_for_a_sign_in(world, scene):
    client = Client()
    for name, args in (
        ("hardship_apply", []),
        ("hardship_mine", []),
        ("hardship_mine_detail", [scene.submitted.pk]),
        ("hardship_publicity", []),
    ):
        response = client.get(reverse(f"assistance_portal:{name}", args=args))
        assert response.status_code == 302, name
        assert "login" in response["Location"]
    response = client.post(reverse("assistance_portal:hardship_mine_act", args=[scene.submitted.pk]), {"action": "x"})
    assert response.status_code == 302


def test_portal_application_page_matrix(world, scene):
    """Someone else's application in the portal: staff who may see it are sent to the console page, everyone else
    gets 404; nobody may act on it from the portal."""
    pk = scene.submitted.pk
    responses = http_matrix(
        world,
        VIEW_HARDSHIP,
        "get",
        reverse("assistance_portal:hardship_mine_detail", args=[pk]),
        state=lambda w: state(),
    )
    assert responses["same_with"]["Location"] == reverse("assistance:hardship_detail", args=[pk])
    http_matrix(
        world,
        VIEW_HARDSHIP,
        "post",
        reverse("assistance_portal:hardship_mine_act", args=[pk]),
        data={"action": "withdraw"},
        state=lambda w: state(),
        allowed=(),
    )
