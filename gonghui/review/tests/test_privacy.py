"""A worker who submits a case is named by a masked phone, never the full number (security finding 1)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import login
from gonghui.common.masking import person_label
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.tests.factories import make_process, submit

pytestmark = pytest.mark.django_db

PHONE = "13900005555"


@pytest.fixture
def worker_case(world):
    worker = User.objects.create_user(username=PHONE, phone=PHONE)  # a worker who never gave a name
    process = make_process("privacy.review", [("县级审核", "county")])
    return submit(worker, process, world.child)


def test_display_name_never_falls_back_to_the_full_phone():
    worker = User(username=PHONE, phone=PHONE)
    assert worker.display_name == "139****5555"
    assert str(worker) == "139****5555"
    assert str(User(username=PHONE)) == "139****5555", "a worker's username is the phone"
    assert person_label(name="", username="33010619900101123X") == "330***********123X"
    assert person_label(name="", username="") == "用户"
    assert User(username="zhang_admin").display_name == "zhang_admin"
    assert User(username=PHONE, phone=PHONE, name="王兰芳").display_name == "王兰芳"


def test_case_page_and_api_mask_the_submitting_worker(world, worker_case):
    reader = world.staff("readonly", world.target, [VIEW_CASE])  # read-only staff
    client = login(Client(), reader)
    page = client.get(reverse("review:case_detail", args=[worker_case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert PHONE not in html
    assert "139****5555" in html
    response = client.get(reverse("v1:review-case-detail", args=[worker_case.pk]))
    assert response.status_code == 200
    assert PHONE not in response.content.decode()
    assert [e["actor"] for e in response.json()["events"]] == ["139****5555"]
    assert response.json()["events"][0]["from_status"] is None, "no status before submission: null, not ''"
    assert not AuditEvent.objects.filter(actor_repr__contains=PHONE).exists()
