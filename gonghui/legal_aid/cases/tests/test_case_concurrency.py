"""Legal aid under concurrent requests (PostgreSQL): two handlers deciding one request give one decision; the fee
asked twice at once gives one payment request; the escalation job run twice at once stamps each missed deadline
once; two clerks recording one employer's reply give one reply.

Each test starts two threads at a barrier, each with its own connection, and widens the race window where the code
reads before it writes, so that without the row locks both would pass their checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from gonghui.accounts.models import User
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books
from gonghui.legal_aid.cases import eligibility, services
from gonghui.legal_aid.cases.tests import kit
from gonghui.legal_aid.cases.tests.kit import race, slow
from gonghui.legal_aid.models import CaseEvent, LegalAidCase, NoticeEvent, SupervisionNotice
from gonghui.legal_aid.supervision import services as notices
from gonghui.legal_aid.supervision.tests.test_notice_services import DATA, clerk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")


def test_two_decisions_give_one(world, monkeypatch):
    case = kit.case_at(world, "applied")
    one, two = kit.handler(world).pk, kit.handler(world).pk
    slow(monkeypatch, eligibility, "check")  # read inside the lock, before the write

    def decide(pk: int, accept: bool):
        return lambda: services.case_decide(
            actor=User.objects.get(pk=pk), case=LegalAidCase.objects.get(pk=case.pk), accept=accept, reason="无理由"
        )

    assert race(decide(one, True), decide(two, False)) == ["ok", "refused:stale"]
    assert CaseEvent.objects.filter(case=case, action__in=("accept", "reject")).count() == 1


def test_a_fee_asked_twice_at_once_is_one_payment(world, monkeypatch):
    books(world.child)
    case = kit.case_at(world, "assigned")
    one, two = kit.handler(world).pk, kit.handler(world).pk
    slow(monkeypatch, services, "receiving_ledger")

    def ask(pk: int):
        return lambda: services.case_fee_request(
            actor=User.objects.get(pk=pk), case=LegalAidCase.objects.get(pk=case.pk), kind="agency", amount="2000"
        )

    assert race(ask(one), ask(two)) == ["ok", "ok"]  # the second answers the same request
    assert PaymentRequest.objects.filter(source=case.source).count() == 1
    assert CaseEvent.objects.filter(case=case, action="fee").count() == 1


def test_the_job_twice_at_once_escalates_once(world):
    case = kit.case_at(world, "applied")
    late = case.decision_due_on + timedelta(days=1)
    outcomes = race(lambda: services.cases_escalate(today=late), lambda: services.cases_escalate(today=late))
    assert outcomes == ["ok", "ok"]
    assert CaseEvent.objects.filter(case=case, action="escalate_decision").count() == 1
    notice = notices.notice_issue(actor=clerk(world), unit=world.child, data=DATA)
    after = notice.reply_due_on + timedelta(days=1)
    race(lambda: notices.notices_escalate(today=after), lambda: notices.notices_escalate(today=after))
    assert NoticeEvent.objects.filter(notice=notice, action="overdue").count() == 1


def test_two_replies_give_one(world):
    notice = notices.notice_issue(actor=clerk(world), unit=world.child, data=DATA)
    one, two = clerk(world).pk, clerk(world).pk

    def reply(pk: int):
        return lambda: notices.notice_reply(
            actor=User.objects.get(pk=pk), notice=SupervisionNotice.objects.get(pk=notice.pk), reply="已整改"
        )

    assert race(reply(one), reply(two)) == ["ok", "refused:stale"]
    assert NoticeEvent.objects.filter(notice=notice, action="reply").count() == 1
