"""The API keeps its OpenAPI contract (security finding: responses that broke the schema, 500s from odd input).

Schemathesis loads ``/api/schema/`` from the WSGI application in-process and, for every ``GET`` operation, generates
requests from the schema (valid and odd parameters), signed in as staff holding every role at the province, with one
of each object present (books with a posted voucher and a payment, members, a transfer, a join application,
allocation declarations, dues, a hardship application with its household file and support). Each answer must not be
a server error, must be one the schema declares (status code, content type, body shape, headers). The budget is
small (``MAX_EXAMPLES`` per operation): the whole test takes about 20-40 s, so it runs in both passes of ``make
test`` (marker ``contract`` to select it: ``pytest -m contract``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from config.wsgi import application
from gonghui.authz import registry

MAX_EXAMPLES = 10

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
# The test signs in with its own token: no generated credentials (they would only test DRF's 401).
schema.config.generation.update(with_security_parameters=False)


@pytest.fixture
def token(world: Any) -> str:
    """Demo-like data, and the API token of a province staff member holding every role."""
    from rest_framework.authtoken.models import Token

    from gonghui.finance.allocation.tests.sweep import _declaration, _statement
    from gonghui.finance.dues.tests.sweep import _receipt
    from gonghui.finance.tests.factories import books, posted
    from gonghui.finance.tests.sweep_api import api_payment, api_voucher
    from gonghui.members.joining.tests.sweep import _application, canary_member
    from gonghui.members.transfers.tests.sweep import _transfer

    ledger, preparer, reviewer = books(world.province)
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "1200.00", summary="拨缴经费")
    api_voucher(world)
    api_payment(world)
    canary_member(world)
    _transfer(world)
    _application(world)
    _declaration(world)
    _statement(world)
    _receipt(world)
    _hardship(world)
    admin = world.staff("contract", world.province, [str(p) for p in registry.all_perms()])
    return str(Token.objects.create(user=admin).key)


def _hardship(world: Any) -> None:
    """A hardship application approved with its household file and a support item asked to be paid, and a draft."""
    from gonghui.assistance.applications.tests.factories import journey
    from gonghui.assistance.households.services import SupportInput, support_pay, support_plan
    from gonghui.assistance.models import HouseholdFile
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books

    j = journey(world, phone="13800000061")
    application = j.approved()
    if not Ledger.objects.filter(unit=world.child).exists():
        books(world.child)
    file = HouseholdFile.objects.get(application=application)
    item = support_plan(actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00"))
    support_pay(actor=j.clerk, item=item, bank_account="6222021202004567891")
    journey(world, phone="13800000062").draft()


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests through the raw WSGI application keep the test's connection (and its transaction), as Django's
    test client does: ``close_old_connections`` would close it at the end of each request on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.contract
@pytest.mark.django_db
@pytest.mark.usefixtures("in_test_transaction")
def test_api_keeps_its_contract(token: str) -> None:
    """Every GET operation: no server error, no answer outside the schema. Failures of all operations are
    collected and reported together."""
    headers = {"Authorization": f"Token {token}"}
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported below
            failures[operation.label] = str(exc)[:1500]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
