"""Authorization matrices of every enrolment service and page; the list scoped; the export audited with masked IDs;
the pinned query counts of the list page, the list's page and the API."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.mutual_aid.enrolment import services
from gonghui.mutual_aid.models import CorrectionStatus, Enrolment, EnrolmentCorrection, EnrolmentStatus
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, REVIEW_ENROLMENT, VIEW_MUTUAL_AID
from gonghui.mutual_aid.tests import factories

pytestmark = pytest.mark.django_db


def _plan(world):
    return factories.plan(world.target)


def test_generate_and_submit_matrices(world):
    plan = _plan(world)
    factories.member(world.child)
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_generate(actor=a, plan=plan, tier=factories.tier(plan), unit=w.child),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.count(),
    )
    draft = services.enrolment_generate(
        actor=world.actor("ancestor", MANAGE_ENROLMENT), plan=plan, tier=factories.tier(plan), unit=world.child
    )
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_refresh(actor=a, enrolment=draft),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.get(pk=draft.pk).member_count,
    )
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_submit(actor=a, enrolment=draft),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.get(pk=draft.pk).status,
    )


def test_fee_and_correction_matrices(world):
    plan = _plan(world)
    who = factories.member(world.child)
    confirmed = factories.enrolment(plan, world.child, [who], status=EnrolmentStatus.CONFIRMED)
    today = timezone.localdate()
    service_matrix(
        world,
        RECORD_FEE,
        lambda a, w: services.enrolment_record_fee(actor=a, enrolment=confirmed, received_on=today),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.get(pk=confirmed.pk).status,
    )
    active = factories.enrolment(factories.plan(world.target), world.child, [who])
    factories.member(world.child)  # a joiner
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.correction_compute(actor=a, enrolment=active),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: EnrolmentCorrection.objects.count(),
    )
    correction = services.correction_compute(actor=world.actor("ancestor", MANAGE_ENROLMENT), enrolment=active)
    service_matrix(
        world,
        REVIEW_ENROLMENT,
        lambda a, w: services.correction_confirm(actor=a, correction=correction),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: EnrolmentCorrection.objects.get(pk=correction.pk).status,
    )


def test_pages_matrices_and_export(world):
    plan = _plan(world)
    enrolment = factories.enrolment(plan, world.child, [factories.member(world.child, name=f"导出{CANARY}")])
    url = reverse("mutual_aid:enrolment_detail", args=[enrolment.pk])
    # The federation's finance staff see the lists of its plans too (they record the fees).
    http_matrix(world, VIEW_MUTUAL_AID, "get", url, also_without=(RECORD_FEE,))
    http_matrix(
        world,
        MANAGE_ENROLMENT,
        "post",
        url,
        data={"action": "correct"},
        state=lambda w: EnrolmentCorrection.objects.count(),
    )
    export = reverse("mutual_aid:enrolment_export", args=[enrolment.pk])
    http_matrix(
        world,
        VIEW_MUTUAL_AID,
        "get",
        export,
        also_without=(RECORD_FEE,),
        state=lambda w: AuditEvent.objects.filter(action="mutual_aid.enrolment_export").count(),
    )
    response = login(Client(), world.actor("same_with", VIEW_MUTUAL_AID)).get(export)
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [c.value for c in sheet[2]]
    member = enrolment.members.get().member
    assert member.id_masked in row
    assert all("*" in str(v) or v != member.id_masked for v in row)
    assert AuditEvent.objects.filter(action="mutual_aid.enrolment_export").exists()
    listing = login(Client(), world.actor("sibling", VIEW_MUTUAL_AID)).get(reverse("mutual_aid:enrolment_list"))
    assert listing.status_code == 200
    assert CANARY not in listing.content.decode()
    correction = EnrolmentCorrection.objects.create(
        enrolment=enrolment, month=timezone.localdate().replace(day=1), created_by=enrolment.created_by
    )
    http_matrix(
        world,
        REVIEW_ENROLMENT,
        "post",
        reverse("mutual_aid:correction_detail", args=[enrolment.pk, correction.pk]),
        data={"action": "confirm"},
        state=lambda w: EnrolmentCorrection.objects.get(pk=correction.pk).status,
    )
    assert EnrolmentCorrection.objects.get(pk=correction.pk).status == CorrectionStatus.DRAFT


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_pinned(world):
    client = login(Client(), world.actor("ancestor", VIEW_MUTUAL_AID))
    plan = _plan(world)
    first = factories.enrolment(plan, world.child, [factories.member(world.child)])
    urls = [
        reverse("mutual_aid:enrolment_list"),
        reverse("mutual_aid:enrolment_detail", args=[first.pk]),
        "/api/v1/mutual-aid/enrolments/",
        reverse("mutual_aid:stats"),
        "/api/v1/mutual-aid/statistics/",
    ]
    before = [_queries(client, u) for u in urls]
    for _ in range(3):
        factories.enrolment(factories.plan(world.target), world.child, [factories.member(world.child)])
    factories.member(world.child)
    EnrolmentCorrection.objects.create(
        enrolment=first, month=timezone.localdate().replace(day=1), created_by=first.created_by
    )
    Enrolment.objects.filter(pk=first.pk).update()
    after = [_queries(client, u) for u in urls]
    assert after[0] == before[0]
    assert after[2] == before[2]
    assert after[3] == before[3]
    assert after[4] == before[4]
    assert after[1] <= before[1] + 1  # the corrections table appears


def test_console_home_panel(world):
    from gonghui.console.panels import waiting_for

    plan = _plan(world)
    factories.enrolment(plan, world.child, [factories.member(world.child)], status=EnrolmentStatus.SUBMITTED)
    factories.enrolment(
        factories.plan(world.target), world.child, [factories.member(world.child)], status=EnrolmentStatus.CONFIRMED
    )
    shown = {str(w.label): w.count for p in waiting_for(world.actor("ancestor", VIEW_MUTUAL_AID)) for w in p.items}
    assert shown.get("互助保障参保名单待审核") == 1
    assert shown.get("互助保障参保名单待登记会费到账") == 1
    sibling = {str(w.label): w.count for p in waiting_for(world.actor("sibling", VIEW_MUTUAL_AID)) for w in p.items}
    assert not sibling.get("互助保障参保名单待审核")


def test_remaining_service_matrices(world):
    from gonghui.mutual_aid.enrolment.tests import kit
    from gonghui.mutual_aid.models import EnrolledMember
    from gonghui.policy.services import policy_set

    kit.books(world.child)
    plan = _plan(world)
    who = [factories.member(world.child) for _ in range(2)]
    owner = world.actor("ancestor", MANAGE_ENROLMENT)
    draft = factories.enrolment(plan, world.child, who, status=EnrolmentStatus.DRAFT)
    policy_set(
        actor=world.actor("ancestor", "policy.manage_policy"),
        key="mutual_aid.allow_partial_enrolment",
        unit=world.province,
        value=True,
        effective_from=timezone.localdate(),
        note="允许部分参保（测试）",
    )
    excluded = lambda w: list(EnrolledMember.objects.filter(enrolment=draft).values_list("excluded", flat=True))  # noqa: E731
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_exclude(actor=a, enrolment=draft, member_id=who[0].pk, reason="长期病假"),
        view_perm=VIEW_MUTUAL_AID,
        state=excluded,
    )
    services.enrolment_exclude(actor=owner, enrolment=draft, member_id=who[0].pk, reason="长期病假")
    assert Enrolment.objects.get(pk=draft.pk).partial
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_include(actor=a, enrolment=draft, member_id=who[0].pk),
        view_perm=VIEW_MUTUAL_AID,
        state=excluded,
    )
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_cancel(actor=a, enrolment=draft),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.get(pk=draft.pk).status,
    )
    confirmed = factories.enrolment(
        factories.plan(world.target), world.child, who[:1], status=EnrolmentStatus.CONFIRMED
    )
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.enrolment_payment_request(actor=a, enrolment=confirmed),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: Enrolment.objects.get(pk=confirmed.pk).payment_key,
    )
    active = factories.enrolment(factories.plan(world.target), world.child, who[1:])
    factories.member(world.child)
    correction = services.correction_compute(actor=owner, enrolment=active)
    service_matrix(
        world,
        MANAGE_ENROLMENT,
        lambda a, w: services.correction_cancel(actor=a, correction=correction),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: EnrolmentCorrection.objects.get(pk=correction.pk).status,
    )
    correction = services.correction_confirm(actor=world.actor("ancestor", REVIEW_ENROLMENT), correction=correction)
    service_matrix(
        world,
        RECORD_FEE,
        lambda a, w: services.correction_record_fee(actor=a, correction=correction, received_on=timezone.localdate()),
        view_perm=VIEW_MUTUAL_AID,
        state=lambda w: EnrolmentCorrection.objects.get(pk=correction.pk).status,
    )


def test_api_matrices(world):
    plan = _plan(world)
    enrolment = factories.enrolment(plan, world.child, [factories.member(world.child)])
    http_matrix(
        world, VIEW_MUTUAL_AID, "get", f"/api/v1/mutual-aid/enrolments/{enrolment.pk}/", also_without=(RECORD_FEE,)
    )
    http_matrix(world, VIEW_MUTUAL_AID, "get", f"/api/v1/mutual-aid/plans/{plan.pk}/")
    http_matrix(world, VIEW_MUTUAL_AID, "get", f"/api/v1/mutual-aid/statistics/?plan={plan.pk}")
