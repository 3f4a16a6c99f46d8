"""The finance forms that choose a union (opening books, planning an audit, importing dues, uploading a bank
statement) search it by name with the kernel picker: the page renders the search box, the text alone picks the one
union it names, a union outside the actor's scope is a 404 (nothing written), a malformed id is ignored, and each
form's search endpoint lists only the unions of its permission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.authz import access
from gonghui.authz.testing import CANARY, World, login
from gonghui.finance.dues.services import dues_wage_set
from gonghui.finance.models import BankStatement, DuesReceipt, FundsAudit, Ledger
from gonghui.finance.permissions import MANAGE_ACCOUNTS, MANAGE_ALLOCATION, MANAGE_AUDIT, MANAGE_DUES
from gonghui.finance.tests.allocation_kit import employer, open_books
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    page: str  # the URL name the form is shown on
    post: str  # the URL name it posts to
    search: str  # the picker's search endpoint
    perm: str
    field: str
    data: Callable[[World], dict[str, Any]]  # the rest of a valid submission
    created: Callable[[], Any]  # the union of what the submission wrote (or None)
    q: str  # a search text naming exactly one union in the actor's scope
    picked: Callable[[World], Any]


def _dues_data(world: World) -> dict[str, Any]:
    open_books(world.child)
    member = MemberFactory.create(unit=world.child, name="王兰芳", employer=employer(world.child))
    dues_wage_set(
        actor=access.require_user(world.actor("same_with", MANAGE_DUES)),
        member=member,
        wage="5000.00",
        declared_on=date(2026, 1, 1),
    )
    body = f"会员编号,月份,金额\n{member.member_no},2026-05,25.00\n".encode()
    return {"received_on": "2026-06-01", "file": SimpleUploadedFile("d.csv", body, content_type="text/csv")}


def _statement_data(world: World) -> dict[str, Any]:
    open_books(world.child)
    body = "交易日期,对方户名,统一社会信用代码,贷方金额,交易流水号\n2026-03-12,丙公司,91330000000000000X,10.00,R3\n"
    return {"file": SimpleUploadedFile("流水.csv", body.encode("gb18030"), content_type="text/csv")}


def _audit_data(world: World) -> dict[str, Any]:
    return {
        "planning_unit": world.target.pk,
        "kind": "assets",
        "year": "2025",
        "title": "资产审计",
        "planned_start": "2026-04-01",
        "planned_end": "2026-04-10",
    }


def _last(model: Any) -> Callable[[], Any]:
    def unit() -> Any:
        row = model.objects.order_by("-pk").first()
        return None if row is None else getattr(row, "audited_unit" if model is FundsAudit else "unit")

    return unit


CASES = {
    "ledger_open": Case(
        page="finance:ledger_home",
        post="finance:ledger_open",
        search="finance:ledger_unit_search",
        perm=MANAGE_ACCOUNTS,
        field="unit",
        data=lambda w: {"opened_on": "2026-02-01"},
        created=_last(Ledger),
        q="矩阵区",
        picked=lambda w: w.target,
    ),
    "audit_new": Case(
        page="finance:audit_new",
        post="finance:audit_new",
        search="finance:audited_unit_search",
        perm=MANAGE_AUDIT,
        field="audited_unit",
        data=_audit_data,
        created=_last(FundsAudit),
        q="矩阵基层",
        picked=lambda w: w.child,
    ),
    "dues_import": Case(
        page="finance:dues_import",
        post="finance:dues_import",
        search="finance:dues_import_unit_search",
        perm=MANAGE_DUES,
        field="unit",
        data=_dues_data,
        created=_last(DuesReceipt),
        q="矩阵基层",
        picked=lambda w: w.child,
    ),
    "statement_upload": Case(
        page="finance:allocation_statements",
        post="finance:allocation_statements",
        search="finance:allocation_manage_unit_search",
        perm=MANAGE_ALLOCATION,
        field="unit",
        data=_statement_data,
        created=_last(BankStatement),
        q="矩阵基层",
        picked=lambda w: w.child,
    ),
}


def _client(world: World, case: Case) -> Client:
    return login(Client(), world.actor("same_with", case.perm))


@pytest.mark.parametrize("name", CASES)
def test_the_page_renders_the_picker(world, name):
    case = CASES[name]
    body = _client(world, case).get(reverse(case.page)).content.decode()
    assert f'name="{case.field}_q"' in body
    assert f'hx-get="{reverse(case.search)}?field={case.field}"' in body
    assert f'<select name="{case.field}"' not in body


@pytest.mark.parametrize("name", CASES)
def test_the_union_is_picked_by_its_name(world, name):
    case = CASES[name]
    data = {**case.data(world), f"{case.field}_q": case.q}
    response = _client(world, case).post(reverse(case.post), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.created() == case.picked(world)


@pytest.mark.parametrize("name", CASES)
def test_a_union_outside_the_scope_is_a_404(world, name):
    case = CASES[name]
    data = {**case.data(world), case.field: world.sibling.pk}
    response = _client(world, case).post(reverse(case.post), data)
    assert response.status_code == 404
    assert case.created() is None


@pytest.mark.parametrize("name", CASES)
def test_a_malformed_id_is_ignored_and_the_union_asked_for(world, name):
    case = CASES[name]
    data = {**case.data(world), case.field: "²"}
    response = _client(world, case).post(reverse(case.post), data)
    assert response.status_code == 200
    assert "请搜索并选择一个组织。" in response.content.decode()
    assert case.created() is None


@pytest.mark.parametrize("name", CASES)
def test_the_search_endpoint_keeps_to_the_permission(world, name):
    case = CASES[name]
    client = _client(world, case)
    body = client.get(reverse(case.search), {"field": case.field, f"{case.field}_q": case.q}).content.decode()
    assert f'name="{case.field}" value="{case.picked(world).pk}"' in body
    assert f"{case.picked(world).name} · " in body  # shown with its parent
    assert "兄弟" not in client.get(reverse(case.search), {"field": case.field, "q": "矩阵"}).content.decode()
    outsider = login(Client(), world.staff("outsider", world.sibling, [case.perm]))
    found = outsider.get(reverse(case.search), {"field": case.field, "q": "矩阵"}).content.decode()
    assert CANARY not in found


def test_audit_planning_unit_is_the_committees_own_union_and_searchable(world):
    auditor = world.staff("auditor", world.target, [MANAGE_AUDIT, VIEW_UNIT])
    client = login(Client(), auditor)
    body = client.get(reverse("finance:audit_new")).content.decode()
    assert f'name="planning_unit" value="{world.target.pk}" checked' in body  # chosen already
    data = {**_audit_data(world), "planning_unit": "", "planning_unit_q": "矩阵区", "audited_unit_q": "矩阵基层"}
    assert client.post(reverse("finance:audit_new"), data).status_code == 302
    audit = FundsAudit.objects.get()
    assert (audit.planning_unit, audit.audited_unit) == (world.target, world.child)
