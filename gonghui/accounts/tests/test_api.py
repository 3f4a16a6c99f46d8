"""``GET /api/v1/me/``: any signed-in account, own data only, phone masked."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from gonghui.authz.testing import login
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"


def test_url_name():
    assert reverse("v1:me") == URL


def test_anonymous_is_refused(client):
    assert client.get(URL).status_code in (401, 403)


def test_worker_sees_own_account_without_roles(world):
    client = login(Client(), world.member)
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "id": world.member.pk,
        "username": "139****5678",  # a worker's username is the phone number: masked too
        "name": world.member.name,
        "phone": "139****5678",
        "roles": [],
    }
    assert "13912345678" not in response.content.decode()


def test_staff_sees_roles_with_unit_ids(world):
    staff = world.staff("me", world.target, [VIEW_UNIT])
    staff.phone = "13700001111"
    staff.save()
    response = login(Client(), staff).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["phone"] == "137****1111"
    assert len(data["roles"]) == 1
    role = data["roles"][0]
    assert role["unit_id"] == world.target.pk
    assert role["unit_name"] == world.target.name
    assert role["role"].startswith("matrix")


def test_revoked_grants_are_not_listed(world):
    from django.utils import timezone

    staff = world.staff("rev", world.target, [VIEW_UNIT])
    staff.role_grants.update(revoked_at=timezone.now())
    data = login(Client(), staff).get(URL).json()
    assert data["roles"] == []


def test_token_authentication(world):
    token = Token.objects.create(user=world.member)
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["id"] == world.member.pk


def test_query_count(world, django_assert_max_num_queries):
    staff = world.staff("qc", world.target, [VIEW_UNIT])
    client = login(Client(), staff)
    with django_assert_max_num_queries(4):
        assert client.get(URL).status_code == 200
