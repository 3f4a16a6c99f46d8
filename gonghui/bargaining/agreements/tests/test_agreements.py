"""Agreements: coverage of regional agreements, filing and the objection window, effect the day after it (the
daily job), the publication deadline, an objection back to the talks, renewal reminders once, expiry, renewal;
the worker's portal (published agreements covering the worker's employer only); the API (scoped, pinned) and
the matrices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.bargaining.agreements import selectors, services
from gonghui.bargaining.models import BargainingCase, CaseDeadline, CaseEvent, CaseStatus, CoveredEmployer, DeadlineKind
from gonghui.bargaining.negotiations import rules
from gonghui.bargaining.negotiations import services as case_services
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f

pytestmark = pytest.mark.django_db
S = CaseStatus


def clerk(world, unit=None):
    return world.staff("ag", unit or world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])


def test_filing_objection_window_effect_and_publication(world):
    staff = clerk(world)
    today = timezone.localdate()
    case = f.case_at(world.child, S.SIGNED, signed_on=today - timedelta(days=40))
    with pytest.raises(ValidationError):
        services.agreement_file(
            actor=staff, case=case, filed_on=today - timedelta(days=41), labour_department="区人社局"
        )
    filed_on = today - timedelta(days=30)
    case = services.agreement_file(actor=staff, case=case, filed_on=filed_on, labour_department="区人社局")
    window = CaseDeadline.objects.get(case=case, kind=DeadlineKind.OBJECTION)
    assert window.due_on == rules.due_date(filed_on, 15, "calendar")
    assert services.agreements_take_effect(today=window.due_on) == 0  # the window's last day: not yet
    assert services.agreements_take_effect(today=window.due_on + timedelta(days=1)) == 1
    assert services.agreements_take_effect(today=today) == 0
    case = BargainingCase.objects.get(pk=case.pk)
    effective = window.due_on + timedelta(days=1)
    assert (case.status, case.in_force_on) == (S.IN_FORCE, effective)
    publish = CaseDeadline.objects.get(case=case, kind=DeadlineKind.PUBLISH)
    assert publish.due_on == rules.due_date(effective, 5, "working")
    renewal = CaseDeadline.objects.get(case=case, kind=DeadlineKind.RENEWAL)
    assert case.ends_on is not None
    assert renewal.starts_on == case.ends_on - timedelta(days=90)
    case = services.agreement_publish(actor=staff, case=case, published_on=effective, how="公开栏")
    assert CaseDeadline.objects.get(pk=publish.pk).met_on == effective
    assert case.status == S.PUBLISHED


def test_an_objection_sends_the_case_back_to_the_talks(world):
    staff = clerk(world)
    case = f.case_at(world.child, S.FILED)
    with pytest.raises(ValidationError):
        services.agreement_objection(actor=staff, case=case, text="")
    case = services.agreement_objection(actor=staff, case=case, text="加班工资条款低于法定标准")
    assert case.status == S.NEGOTIATING
    assert case.filed_on is None


def test_renewal_reminder_once_expiry_and_renewal(world):
    staff = clerk(world)
    today = timezone.localdate()
    ends = today + timedelta(days=60)
    case = f.case_at(world.child, S.PUBLISHED, ends_on=ends)
    CaseDeadline.objects.create(
        case=case, kind=DeadlineKind.RENEWAL, starts_on=today - timedelta(days=30), due_on=ends, amount=90,
        day_unit="calendar", policy_key="bargaining.renewal_notice_days", escalates=False,
    )  # fmt: skip
    assert services.agreements_expire(today=today) == {"reminded": 1, "expired": 0}
    assert services.agreements_expire(today=today) == {"reminded": 0, "expired": 0}
    assert CaseEvent.objects.filter(case=case, action="remind").count() == 1
    assert services.agreements_expire(today=ends + timedelta(days=1)) == {"reminded": 0, "expired": 1}
    case = BargainingCase.objects.get(pk=case.pk)
    assert case.status == S.EXPIRED
    renewal = services.agreement_renew(actor=staff, case=case)
    assert (renewal.status, renewal.renews_id) == (S.REQUESTED, case.pk)
    assert [c.employer_id for c in renewal.covered.all()] == [c.employer_id for c in case.covered.all()]
    with pytest.raises(ValidationError):
        services.agreement_renew(actor=staff, case=case)  # already being renewed
    BargainingCase.objects.filter(pk=renewal.pk).update(status=S.VOTED, voted_on=today)
    case_services.case_sign(actor=staff, case=renewal, signed_on=today, term_months=12)
    assert BargainingCase.objects.get(pk=case.pk).status == S.RENEWED


def test_regional_coverage(world):
    staff = clerk(world, world.target)
    case = f.case_at(world.target, S.NEGOTIATING, level="regional", employer=None)
    shop = f.employer_of(world.child, staff=9)
    services.coverage_add(actor=staff, case=case, employer=shop)
    with pytest.raises(ValidationError):
        services.coverage_add(actor=staff, case=case, employer=shop)
    with pytest.raises(ValidationError):
        services.coverage_add(actor=staff, case=case, employer=f.employer_of(world.sibling))  # not in the subtree
    own = f.case_at(world.child, S.NEGOTIATING)
    with pytest.raises(ValidationError):
        services.coverage_add(actor=clerk(world), case=own, employer=shop)  # an employer's agreement covers itself
    services.coverage_remove(actor=staff, covered=CoveredEmployer.objects.get(case=case, employer=shop))
    assert not case.covered.exists()


def test_portal_shows_published_agreements_of_the_workers_employer(world):
    from gonghui.members.tests.factories import MemberFactory

    employer = f.employer_of(world.child)
    published = f.case_at(world.child, S.PUBLISHED, employer=employer)
    in_force = f.case_at(world.child, S.IN_FORCE, employer=employer)
    other = f.case_at(world.child, S.PUBLISHED)
    MemberFactory.create(unit=world.child, user=world.member, employer=employer)
    client = login(Client(), world.member)
    page = client.get(reverse("bargaining_portal:agreement_mine")).content.decode()
    assert published.title in page
    assert in_force.title not in page  # not yet published to workers
    assert other.title not in page  # another employer's
    detail = client.get(reverse("bargaining_portal:agreement_detail", args=[published.pk]))
    assert "工资增长 5.00%" in detail.content.decode()
    assert client.get(reverse("bargaining_portal:agreement_detail", args=[other.pk])).status_code == 404


def test_matrices(world):
    signed = f.case_at(world.target, S.SIGNED)
    service_matrix(
        world,
        MANAGE_BARGAINING,
        act=lambda actor, w: services.agreement_file(
            actor=actor, case=signed, filed_on=timezone.localdate(), labour_department="区人社局"
        ),
        state=lambda w: BargainingCase.objects.get(pk=signed.pk).status,
        view_perm=VIEW_BARGAINING,
    )
    in_force = f.case_at(world.target, S.IN_FORCE)
    http_matrix(
        world,
        MANAGE_BARGAINING,
        "post",
        reverse("bargaining:agreement_action", args=[in_force.pk]),
        data={"action": "publish", "publish-published_on": timezone.localdate().isoformat()},
        state=lambda w: BargainingCase.objects.get(pk=in_force.pk).status,
    )


def test_list_api_scoped_and_pinned(world, django_assert_max_num_queries):
    for status in (S.SIGNED, S.IN_FORCE, S.PUBLISHED, S.PUBLISHED, S.NEGOTIATING):
        f.case_at(world.child, status)
    client = login(Client(), world.actor("same_with", VIEW_BARGAINING))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("bargaining:agreement_list")).status_code == 200
    page = client.get(reverse("bargaining:agreement_list") + "?state=in_force").content.decode()
    assert page.count("5.00%") == 3
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/bargaining/agreements/").json()
    assert len(data["results"]) == 4  # signed and later
    assert data["results"][0]["wage_increase"] == "5.00"
    assert data["results"][0]["subjects"][0]["wage_increase"] == "5.00"
    assert len(client.get("/api/v1/bargaining/agreements/?state=in_force").json()["results"]) == 3
    assert client.get("/api/v1/bargaining/agreements/?stat=x").status_code == 400
    sibling = login(Client(), world.actor("sibling", VIEW_BARGAINING))
    assert sibling.get("/api/v1/bargaining/agreements/").json()["results"] == []
    assert CANARY not in sibling.get(reverse("bargaining:agreement_list")).content.decode()


def test_portal_selector_without_membership(world):
    assert selectors.my_agreements(actor=world.member) == []
