"""Nobody can strip the system roles or lock every administrator out of role management (security finding 1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.roles import SYSADMIN
from gonghui.authz.services import grant_revoke, role_save, roles_sync
from gonghui.authz.testing import login
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

ROLES = "/api/v1/roles/"


@pytest.fixture
def admin(world):
    """The only administrator: the default sysadmin role at the province (a tree root)."""
    roles_sync()
    from gonghui.accounts.models import User
    from gonghui.authz.testing import STAFF_PASSWORD

    user = User.objects.create_user(username="only_admin", password=STAFF_PASSWORD, name="唯一管理员")
    RoleGrant.objects.create(user=user, role=Role.objects.get(code=SYSADMIN), unit=world.province)
    return user


def test_system_roles_cannot_be_stripped_through_the_api(admin):
    client = login(Client(), admin)
    sysadmin = Role.objects.get(code=SYSADMIN)
    chair = Role.objects.get(code="chair")
    response = client.put(f"{ROLES}{chair.pk}/", {"name": "", "permissions": []}, content_type="application/json")
    assert response.status_code == 400
    response = client.put(f"{ROLES}{chair.pk}/", {"name": "主席", "permissions": []}, content_type="application/json")
    assert response.status_code == 400
    assert "至少保留一项权限" in response.json()["permissions"][0]
    response = client.patch(f"{ROLES}{sysadmin.pk}/", {"permissions": [VIEW_UNIT]}, content_type="application/json")
    assert response.status_code == 400
    assert "系统管理员角色必须保留" in response.json()["permissions"][0]
    assert MANAGE_ROLES in Role.objects.get(pk=sysadmin.pk).permission_names()
    response = client.patch(f"{ROLES}{chair.pk}/", {"name": "工会主席"}, content_type="application/json")
    assert response.status_code == 200, "renaming within the limits is allowed"
    response = client.patch(f"{ROLES}{chair.pk}/", {"name": "   "}, content_type="application/json")
    assert response.status_code == 400


def test_the_last_role_manager_keeps_role_management(world, admin):
    grant = RoleGrant.objects.get(user=admin)
    with pytest.raises(ValidationError) as info:
        grant_revoke(actor=admin, grant=grant)
    assert "最后一位" in info.value.messages[0]
    assert RoleGrant.objects.get(pk=grant.pk).revoked_at is None
    # through a custom role carrying manage_roles: removing the permission is refused the same way
    custom = Role.objects.create(code="custom_admin", name="自定义管理员")
    role_save(
        actor=admin,
        role=custom,
        code=custom.code,
        name=custom.name,
        description="",
        permissions=[MANAGE_ROLES, GRANT_ROLES, VIEW_ROLES, VIEW_UNIT],
    )
    second = world.staff("second_admin", world.province, [VIEW_UNIT])
    backup = RoleGrant.objects.create(user=second, role=custom, unit=world.province)
    grant_revoke(actor=admin, grant=grant)  # another manager exists: allowed
    with pytest.raises(ValidationError) as info:
        role_save(
            actor=second, role=custom, code=custom.code, name=custom.name, description="", permissions=[VIEW_UNIT]
        )
    assert "最后一位" in info.value.messages[0]
    with pytest.raises(ValidationError):
        grant_revoke(actor=second, grant=backup)


def test_api_revoke_of_the_last_manager_answers_400_with_the_message(admin):
    client = login(Client(), admin)
    grant = RoleGrant.objects.get(user=admin)
    response = client.post(f"/api/v1/grants/{grant.pk}/revoke/")
    assert response.status_code == 400
    assert "最后一位" in response.json()["non_field_errors"][0]
