"""Names the platform writes into database rows (default roles, review processes and steps, the default chart of
accounts) are stored in zh-hans and shown in the reader's language; a name typed by staff is shown as typed."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gonghui.authz.models import Role
from gonghui.authz.services import roles_sync
from gonghui.authz.testing import login
from gonghui.common.datanames import dataname
from gonghui.finance.budgets.services import ensure_budget_process
from gonghui.finance.models import Account
from gonghui.finance.tests.factories import books
from gonghui.members.joining.services import ensure_join_process
from gonghui.review.demo import ensure_demo_processes
from gonghui.review.models import ProcessStep, ProcessType
from gonghui.review.permissions import MANAGE_PROCESS

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]")


def _platform_rows(world):
    with translation.override("en"):  # written in zh-hans whatever the language of the moment
        roles_sync()
        ensure_join_process()
        ensure_budget_process()
        ensure_demo_processes()
        books(world.city)
    return [
        *Role.objects.filter(is_system=True),
        *ProcessType.objects.all(),
        *ProcessStep.objects.all(),
        *Account.objects.filter(ledger__unit=world.city),
    ]


def test_every_name_the_platform_writes_is_stored_in_chinese_and_shown_in_english(world):
    rows = _platform_rows(world)
    assert len(rows) > 40
    for row in rows:
        assert HAN.search(row.name), f"{row!r} stored as {row.name!r}"
        with translation.override("en"):
            shown = row.display_name
        assert not HAN.search(shown), f"no English for {row.name!r}"
        with translation.override("zh-hans"):
            assert row.display_name == row.name
    for row in [*Role.objects.filter(is_system=True), *ProcessType.objects.all()]:
        with translation.override("en"):
            assert not HAN.search(row.display_description), f"no English for {row.description!r}"


def test_a_name_typed_by_staff_is_shown_as_typed():
    with translation.override("en"):
        assert dataname("西湖区快递员专项审核") == "西湖区快递员专项审核"
        assert dataname("") == ""
        assert dataname("工会审核") == "Union review"


def test_the_process_pages_and_api_show_the_names_in_english(world):
    _platform_rows(world)
    client = login(Client(), world.actor("ancestor", MANAGE_PROCESS))
    client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    html = client.get(reverse("review:process_list")).content.decode()
    assert "Annual budget approval" in html
    assert "Approval by the union above" in html
    assert "上级工会审批" not in html
    assert "年度预算审批" not in html
    process = ProcessType.objects.get(code="finance.budget")
    html = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "Approval by the union above" in html
