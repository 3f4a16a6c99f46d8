"""Members API answers keep their schema: the transfers' unit search is a bare array (as declared), invalid list
filters answer 400, and the actions that answer 409 (a transfer or application moved meanwhile) say so."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.authz import registry
from gonghui.authz.testing import login
from gonghui.members.transfers.services import transfer_cancel, transfer_release
from gonghui.members.transfers.tests.sweep import _transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return login(Client(), world.staff("c", world.province, [str(p) for p in registry.all_perms()]))


def test_transfer_unit_search_is_the_declared_bare_array(admin, world):
    response = admin.get("/api/v1/transfers/units/", {"q": "矩阵"})
    assert response.status_code == 200, response.content.decode()
    assert isinstance(response.json(), list)
    schema = admin.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    declared = schema["paths"]["/api/v1/transfers/units/"]["get"]["responses"]["200"]["content"]
    assert declared["application/json"]["schema"]["type"] == "array"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/transfers/", {"direction": "sideways"}),
        ("/api/v1/transfers/", {"status": "lost"}),
        ("/api/v1/join-applications/", {"status": "lost"}),
    ],
)
def test_invalid_filter_values_answer_400(admin, url, params):
    response = admin.get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_a_transfer_moved_meanwhile_answers_409(admin, world):
    from gonghui.members.models import Transfer

    transfer = Transfer.objects.get(pk=_transfer(world))
    clerk = world.staff("t", world.province, [str(p) for p in registry.all_perms()])
    transfer_cancel(actor=clerk, transfer=transfer, comment="")
    response = admin.post(f"/api/v1/transfers/{transfer.pk}/release/", {}, content_type="application/json")
    assert response.status_code == 409
    with pytest.raises(ValidationError) as refused:
        transfer_release(actor=clerk, transfer=Transfer.objects.get(pk=transfer.pk))
    assert refused.value.code == "stale"
    schema = admin.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "409" in schema["paths"]["/api/v1/transfers/{transfer_id}/release/"]["post"]["responses"]
    assert "409" in schema["paths"]["/api/v1/join-applications/{application_id}/assign-approve/"]["post"]["responses"]
