"""The API keeps its OpenAPI contract (security finding: responses that broke the schema, 500s from odd input).

Schemathesis loads ``/api/schema/`` from the WSGI application in-process and, for every ``GET`` operation (and,
in ``test_api_writes_keep_their_contract``, every ``POST``/``PUT``/``PATCH``/``DELETE``), generates requests from
the schema (valid and odd parameters), signed in as staff holding every role at the province, with one of each
object present (books with a posted voucher and a payment, members, a transfer, a join application, allocation
declarations, dues, a hardship application with its household file and support, a relief claim, a mutual-aid
claim). Each answer must not be a server error, must be one the schema declares (status code, content type, body
shape, headers). The
budget is small (``MAX_EXAMPLES`` per operation), so it runs in both passes of ``make test`` (marker ``contract``
to select it: ``pytest -m contract``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, assume, given
from hypothesis import settings as hypothesis_settings
from schemathesis.core import NotSet
from schemathesis.core.parameters import ParameterLocation

from config.wsgi import application
from gonghui.authz import registry

MAX_EXAMPLES = 10

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
# The test signs in with its own token: no generated credentials (they would only test DRF's 401).
schema.config.generation.update(with_security_parameters=False)
writes = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method=["POST", "PUT", "PATCH", "DELETE"])
writes.config.generation.update(with_security_parameters=False)


@pytest.fixture
def token(world: Any) -> str:
    """Demo-like data, and the API token of a province staff member holding every role."""
    from rest_framework.authtoken.models import Token

    from gonghui.assistance.campaigns.tests.sweep import _campaign as campaign
    from gonghui.assistance.relief.tests.sweep import _claim as relief_claim
    from gonghui.finance.allocation.tests.sweep import _declaration, _statement
    from gonghui.finance.dues.tests.sweep import _receipt
    from gonghui.finance.tests.factories import books, posted
    from gonghui.finance.tests.sweep_api import api_payment, api_voucher
    from gonghui.members.joining.tests.sweep import _application, canary_member
    from gonghui.members.transfers.tests.sweep import _transfer
    from gonghui.mutual_aid.claims.tests.sweep import _claim as mutual_aid_claim

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
    relief_claim(world)
    _hardship(world)
    campaign(world)
    mutual_aid_claim(world)
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


WRITE_EXAMPLES = 4
# Checks left out for writes. ``positive_data_acceptance`` expects every schema-valid body to be accepted, but the
# services' rules go beyond what a JSON schema says (an 18-character credit code with its check digit, a name made
# of letters, a role not granted twice, a voucher that balances): those answers are documented 400s, not
# violations. ``ignored_auth`` re-sends each write without credentials: the URL sweep already asks every URL as
# an anonymous visitor, and it would triple the requests.
WRITE_CHECKS_LEFT_OUT = [schemathesis.checks.positive_data_acceptance, schemathesis.checks.ignored_auth]

# Body fields that name an object: a generated integer is replaced by the id of a real object (``_references``), so
# that the examples reach the service's validation and not only the 404 of an unknown id (GET operations and the
# permission-first tests cover unknown ids).
ReferenceMap = dict[str, int]
FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _references(world: Any) -> ReferenceMap:
    from gonghui.finance.ledger.chart import HARDSHIP_AID
    from gonghui.finance.models import Account
    from gonghui.finance.tests.sweep_api import target_books
    from gonghui.members.joining.tests.sweep import canary_member
    from gonghui.orgs.tests.sweep import _employer

    ledger = target_books(world)
    member = canary_member(world)
    role = world.role(["orgs.view_unit"])
    return {
        "unit": world.target.pk,
        "parent": world.target.pk,
        "to_unit": world.child.pk,
        "new_parent": world.sibling.pk,
        "target": world.sibling.pk,
        "ledger": ledger.pk,
        "expense_account": Account.objects.get(ledger=ledger, code=HARDSHIP_AID).pk,
        "member": member.pk,
        "payee_member": member.pk,
        "employer": _employer(world),
        "user": world.staff("grantee", world.target, ["orgs.view_unit"]).pk,
        "role": role.pk,
    }


def _path_parameters(world: Any, path: str) -> dict[str, Any]:
    """Real values for the path parameters of ``path`` (an OpenAPI template), found by the URL sweep's resolvers:
    the URL is resolved with placeholders to find its name, then built with the sweep's objects."""
    from django.urls import Resolver404, resolve

    from tests.test_url_sweep import _build_url, _collect

    names = re.findall(r"\{(\w+)\}", path)
    if not names:
        return {}
    for filler in ("1", "2026-01-01"):  # ids, and the calendar's days
        try:
            match = resolve(re.sub(r"\{\w+\}", filler, path))
            break
        except Resolver404:
            continue
    url = _build_url(world, match.view_name, _collect()[0])
    kwargs = resolve(url).kwargs
    return {name: kwargs[name] for name in names}


def _negated(case: Any, location: ParameterLocation) -> bool:
    """Whether the example is a deliberately invalid value at ``location`` (kept as generated: it tests the
    refusal, and replacing it would turn the example into a valid one that schemathesis expects refused)."""
    component = case.meta.components.get(location) if case.meta is not None else None
    return component is not None and component.mode.is_negative


def _negation_lost(case: Any) -> bool:
    """An "invalid" body that never reaches the server: none at all, or a form body that is empty or not a mapping
    (a number, a list), which is sent as no body. The request is then a valid one (these bodies are optional)."""
    if not _negated(case, ParameterLocation.BODY):
        return False
    if isinstance(case.body, NotSet):
        return True
    return case.media_type in FORM_MEDIA_TYPES and (not isinstance(case.body, dict) or not case.body)


def _substitute(body: Any, references: ReferenceMap) -> Any:
    if not isinstance(body, dict):
        return body
    return {
        key: references[key] if key in references and isinstance(value, int) and not isinstance(value, bool) else value
        for key, value in body.items()
    }


def _fuzz_write(
    operation: Any, path_parameters: dict[str, Any], references: ReferenceMap, headers: dict[str, str]
) -> set[int]:
    """``WRITE_EXAMPLES`` examples of one write operation, each in a savepoint rolled back after its answer; the
    status codes answered."""
    statuses: set[int] = set()
    from django.core.cache import cache
    from django.db import transaction

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=WRITE_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        if path_parameters and not _negated(case, ParameterLocation.PATH):
            case.path_parameters = dict(path_parameters)
        if not _negated(case, ParameterLocation.BODY):
            case.body = _substitute(case.body, references)
        assume(not _negation_lost(case))
        cache.clear()
        with transaction.atomic():
            try:
                response = case.call_and_validate(headers=headers, excluded_checks=WRITE_CHECKS_LEFT_OUT)
                statuses.add(response.status_code)
            finally:
                transaction.set_rollback(True)

    run()
    return statuses


@pytest.mark.contract
@pytest.mark.django_db
@pytest.mark.usefixtures("in_test_transaction")
def test_api_writes_keep_their_contract(world: Any, token: str) -> None:
    """Every POST / PUT / PATCH / DELETE operation, ``WRITE_EXAMPLES`` generated examples each, against objects
    that exist: path ids are the URL sweep's objects, and ids in the body (unit, ledger, member, ...) are replaced
    by real ones. The token's holder also holds every role at the target union (a union's own books are kept only
    where granted). Each example runs in a savepoint rolled back after its answer, and the cache is cleared, so
    that no example sees another's writes (a dissolved unit, a revoked grant, a throttle count). No server error,
    no answer outside the schema; failures of all operations are reported together."""
    from rest_framework.authtoken.models import Token

    from gonghui.authz.models import RoleGrant

    admin = Token.objects.get(key=token).user
    RoleGrant.objects.create(user=admin, role=world.role([str(p) for p in registry.all_perms()]), unit=world.target)
    references = _references(world)
    headers = {"Authorization": f"Token {token}"}
    failures: dict[str, str] = {}
    operations = [result.ok() for result in writes.get_all_operations()]
    assert len(operations) > 25

    succeeded: list[str] = []
    for operation in operations:
        try:
            statuses = _fuzz_write(operation, _path_parameters(world, operation.path), references, headers)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported below
            failures[operation.label] = str(exc)[:1500]
        else:
            succeeded += [operation.label] if any(200 <= code < 300 for code in statuses) else []
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
    # The examples reach the services, not only the refusals: a good share of the writes are carried out.
    assert len(succeeded) >= 10, succeeded
