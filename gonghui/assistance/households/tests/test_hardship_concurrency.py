"""Hardship assistance under concurrent requests (PostgreSQL): two submissions of an application for one member
give one open application; two requests to pay one support item give one payment request; two reviewers approving
the same step give one transition (and one household file); the annual-review job run twice at once opens one
review per file.

Each test starts two threads at a barrier, each with its own connection, and widens the race window where the
code reads before it writes, so that without the row locks and constraints both would pass their checks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.models import User
from gonghui.assistance.applications.tests.factories import household, journey
from gonghui.assistance.models import (
    AnnualReview,
    ApplicationEvent,
    FileEvent,
    HardshipApplication,
    HouseholdFile,
    SupportItem,
    SupportStatus,
)
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books
from gonghui.review.models import CaseStatus, ReviewCase, ReviewEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")


def race(*calls: Callable[[], Any]) -> list[str]:
    """Run ``calls`` at the same moment in threads of their own; each outcome is "ok" or the refusal's code."""
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = f"refused:{exc.code or 'invalid'}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def slow(monkeypatch, module: Any, name: str) -> None:
    real = getattr(module, name)

    def slower(*args, **kwargs):
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slower)


def test_two_submissions_for_one_member_give_one_open_application(world, monkeypatch):
    from gonghui.assistance.applications import services

    j = journey(world)
    slow(monkeypatch, services, "_write_household")  # the second would check before the first wrote its row
    user_pk, member = int(j.member.user_id or 0), j.member
    clerk_pk = j.clerk.pk

    def by(pk: int) -> Callable[[], Any]:
        return lambda: services.application_create(actor=User.objects.get(pk=pk), member=member, household=household())

    outcomes = race(by(user_pk), by(clerk_pk))  # the worker on the phone, the clerk at the desk
    assert outcomes == ["ok", "refused:duplicate"]
    assert HardshipApplication.objects.filter(member=member).count() == 1
    assert ApplicationEvent.objects.filter(action="create").count() == 1


def test_two_requests_to_pay_one_item_give_one_payment_request(world, monkeypatch):
    from gonghui.assistance.households import services
    from gonghui.assistance.households.services import SupportInput

    j = journey(world)
    books(world.child)
    file = HouseholdFile.objects.get(application=j.approved())
    item = services.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00")
    )
    slow(monkeypatch, services, "paying_books")
    clerk_pk, partner_pk = j.clerk.pk, j.partner.pk

    def pay(pk: int) -> Callable[[], Any]:
        return lambda: services.support_pay(actor=User.objects.get(pk=pk), item=SupportItem.objects.get(pk=item.pk))

    outcomes = race(pay(clerk_pk), pay(partner_pk))
    assert outcomes == ["ok", "refused:stale"]
    assert PaymentRequest.objects.filter(source=f"assistance.support:{item.pk}").count() == 1
    item.refresh_from_db()
    assert item.status == SupportStatus.PAYMENT_REQUESTED
    assert FileEvent.objects.filter(file=file, action="support_pay").count() == 1


def test_two_plans_of_one_item_and_period_give_one_item(world, monkeypatch):
    from gonghui.assistance.households import services
    from gonghui.assistance.households.services import SupportInput

    j = journey(world)
    file = HouseholdFile.objects.get(application=j.approved())
    slow(monkeypatch, services, "policy_get")  # the cap is read between the duplicate check and the insert
    clerk_pk, partner_pk = j.clerk.pk, j.partner.pk

    def plan(pk: int) -> Callable[[], Any]:
        return lambda: services.support_plan(
            actor=User.objects.get(pk=pk),
            file=HouseholdFile.objects.get(pk=file.pk),
            item=SupportInput(kind="medical", period="2026-04", amount="600.00"),
        )

    outcomes = race(plan(clerk_pk), plan(partner_pk))
    assert outcomes == ["ok", "refused:duplicate"]
    assert SupportItem.objects.filter(file=file, kind="medical", period="2026-04").count() == 1


def test_two_reviewers_approving_the_same_step_give_one_transition(world):
    from gonghui.assistance.applications.tests.factories import staff
    from gonghui.review.services import case_act, publicity_close

    j = journey(world)
    application = j.in_publicity()
    case = ReviewCase.objects.get(pk=int(application.review_case_id or 0))
    ReviewCase.objects.filter(pk=case.pk).update(publicity_ends_on=date(2000, 1, 3))
    case.refresh_from_db()
    publicity_close(actor=j.reviewer, case=case, expected_version=case.version)
    case.refresh_from_db()
    case_act(actor=j.county, case=case, action="approve", expected_version=case.version)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW  # the city's step: the last one
    second = staff(world.city, name="市审核人二")
    events_before = ReviewEvent.objects.filter(case=case).count()
    version = case.version

    def approve(pk: int) -> Callable[[], Any]:
        return lambda: case_act(
            actor=User.objects.get(pk=pk),
            case=ReviewCase.objects.get(pk=case.pk),
            action="approve",
            expected_version=version,
        )

    outcomes = race(approve(j.city.pk), approve(second.pk))
    assert outcomes[0] == "ok", outcomes
    assert outcomes[1].startswith("refused"), outcomes
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert ReviewEvent.objects.filter(case=case).count() == events_before + 1
    assert ApplicationEvent.objects.filter(application=application, action="approve").count() == 1
    assert HouseholdFile.objects.filter(application=application).count() == 1


def test_the_annual_review_job_run_twice_at_once_opens_one_review_per_file(world, monkeypatch):
    from gonghui.assistance.applications.tests.factories import journey as make_journey
    from gonghui.assistance.households import services

    files = []
    for n in range(3):
        j = make_journey(world, phone=f"1380000010{n}")
        files.append(HouseholdFile.objects.get(application=j.approved()))
    HouseholdFile.objects.filter(pk__in=[f.pk for f in files]).update(opened_on=date(2025, 1, 15))
    slow(monkeypatch, services, "policy_get")  # the review's due date is read before the review is created
    today = date(2026, 3, 2)

    outcomes = race(lambda: services.reviews_open_due(today=today), lambda: services.reviews_open_due(today=today))
    assert outcomes == ["ok", "ok"]
    assert AnnualReview.objects.filter(year=2026).count() == 3
    for file in files:
        assert AnnualReview.objects.filter(file=file, year=2026).count() == 1
        assert FileEvent.objects.filter(file=file, action="review_open").count() == 1
