"""The user's own account page: masked phone, two-factor status, password change (audited)."""

import pytest
from django.test import Client

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import STAFF_PASSWORD, login
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

URL = "/console/account/"


@pytest.fixture
def staff(world):
    user = world.staff("acct", world.target, [VIEW_UNIT])
    user.phone = "13700001234"
    user.save()
    return user


def test_account_page_shows_masked_phone(staff):
    response = login(Client(), staff).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "137****1234" in body
    assert "13700001234" not in body
    assert staff.name in body


def test_password_change(staff):
    client = login(Client(), staff)
    new = "a-much-better-secret-42"
    response = client.post(URL, {"old_password": STAFF_PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new)
    assert client.get(URL).status_code == 200  # the session survives the change
    event = AuditEvent.objects.get(action="accounts.password_change")
    assert event.actor_id == staff.pk
    assert new not in str(event.changes) + str(event.data)


def test_password_change_checks_old_password_and_strength(staff):
    client = login(Client(), staff)
    response = client.post(URL, {"old_password": "nope", "new_password1": "x" * 12, "new_password2": "x" * 12})
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    response = client.post(URL, {"old_password": STAFF_PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    staff.refresh_from_db()
    assert staff.check_password(STAFF_PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.password_change").exists()


def test_account_page_requires_staff(world, client):
    assert client.get(URL).status_code == 302
    assert login(Client(), world.member).get(URL).status_code == 403
