"""Console pages of roles and grants: the HTTP matrix for each page, behaviour, and pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import REVEAL_PHONE
from gonghui.accounts.tests.factories import UserFactory
from gonghui.audit.models import AuditEvent
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.permissions import RESTRUCTURE_UNIT, VIEW_UNIT

WITH_SIBLING = (*ALLOWED, "sibling")
PASSWORD = "Xihu-union-2026!"


@pytest.fixture
def viewer_role(db):
    return RoleFactory.create(code="viewer_test", name="只读（测试）", perms=[VIEW_UNIT, VIEW_ROLES])


@pytest.fixture
def colleague(world, viewer_role):
    """A staff member granted on the target, with a phone number."""
    user = UserFactory.create(username="colleague_zhao", name="赵同事", phone="13900000009")
    GrantFactory.create(user=user, role=viewer_role, unit=world.target)
    return user


def opened_at(unit, username):
    """A staff account opened at ``unit`` (its first grant there, since revoked). Granting reaches only accounts
    holding or having held a grant in the granter's subtree; these tests used to grant to any account at all."""
    user = UserFactory.create(username=username)
    grant = GrantFactory.create(user=user, role=RoleFactory.create(perms=[VIEW_UNIT]), unit=unit)
    RoleGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    return user


def client_for(world, perm, who="ancestor"):
    return login(Client(), world.actor(who, perm))


def role_form(**overrides):
    data = {"code": "township", "name": "乡镇工会", "description": "", "permissions": [VIEW_UNIT]}
    data.update(overrides)
    return data


# --- matrix ---------------------------------------------------------------------------------------------------


def test_role_list_matrix(world, viewer_role):
    responses = http_matrix(world, VIEW_ROLES, "get", reverse("authz:role_list"), allowed=WITH_SIBLING)
    assert "只读（测试）" in responses["sibling"].content.decode()


def test_role_create_matrix(world):
    url = reverse("authz:role_create")
    http_matrix(world, MANAGE_ROLES, "get", url, allowed=("ancestor",))
    http_matrix(
        world,
        MANAGE_ROLES,
        "post",
        url,
        data=role_form(),
        state=lambda w: Role.objects.filter(code="township").exists(),
        allowed=("ancestor",),
        ok_statuses=(302,),
    )


def test_role_edit_matrix(world, viewer_role):
    url = reverse("authz:role_edit", args=[viewer_role.pk])
    http_matrix(world, MANAGE_ROLES, "get", url, allowed=("ancestor",))
    http_matrix(
        world,
        MANAGE_ROLES,
        "post",
        url,
        data=role_form(name="改名", permissions=[VIEW_UNIT]),
        state=lambda w: (
            Role.objects.get(pk=viewer_role.pk).name,
            Role.objects.get(pk=viewer_role.pk).permission_names(),
        ),
        allowed=("ancestor",),
        ok_statuses=(302,),
    )


def test_grant_list_matrix(world, colleague):
    responses = http_matrix(world, VIEW_ROLES, "get", reverse("authz:grant_list"), allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert "赵同事" not in responses["sibling"].content.decode()
    assert "赵同事" in responses["same_with"].content.decode()
    http_matrix(world, VIEW_ROLES, "get", lambda w: reverse("authz:grant_list") + f"?unit={w.target.pk}")


def test_grant_create_existing_account_matrix(world, viewer_role):
    user = opened_at(world.child, "new_colleague")  # setup changed for security finding 1: see opened_at
    url = lambda w: reverse("authz:grant_create", args=[w.target.pk])  # noqa: E731
    http_matrix(world, GRANT_ROLES, "get", url)
    http_matrix(
        world,
        GRANT_ROLES,
        "post",
        url,
        data={"mode": "existing", "username": "new_colleague", "role": viewer_role.pk},
        state=lambda w: RoleGrant.objects.filter(user=user, revoked_at__isnull=True).count(),
        ok_statuses=(302,),
    )


def test_grant_create_new_account_matrix(world, viewer_role):
    http_matrix(
        world,
        GRANT_ROLES,
        "post",
        lambda w: reverse("authz:grant_create", args=[w.target.pk]),
        data={
            "mode": "new",
            "username": "brand_new",
            "name": "新同事",
            "phone": "13900000010",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": viewer_role.pk,
        },
        state=lambda w: User.objects.filter(username="brand_new").exists(),
        ok_statuses=(302,),
    )


def test_grant_revoke_matrix(world, colleague):
    grant = RoleGrant.objects.get(user=colleague)
    url = reverse("authz:grant_revoke", args=[grant.pk])
    http_matrix(world, GRANT_ROLES, "get", url)
    http_matrix(
        world,
        GRANT_ROLES,
        "post",
        url,
        state=lambda w: RoleGrant.objects.get(pk=grant.pk).revoked_at,
        ok_statuses=(302,),
    )


def test_reveal_phone_matrix(world, colleague):
    url = lambda w: reverse("authz:reveal_phone", args=[colleague.pk]) + f"?unit={w.target.pk}"  # noqa: E731
    responses = http_matrix(world, REVEAL_PHONE, "post", url, ok_statuses=(200,))
    assert "13900000009" in responses["ancestor"].content.decode()
    for name in ("anonymous", "member", "sibling", "same_without"):
        assert "13900000009" not in responses[name].content.decode()
    # GET never reveals: 405 for those who may see the user, 404/403 for the others.
    responses = http_matrix(
        world, REVEAL_PHONE, "get", reverse("authz:reveal_phone", args=[colleague.pk]), ok_statuses=(405,)
    )
    assert "13900000009" not in responses["ancestor"].content.decode()


def test_user_search_matrix(world, colleague):
    responses = http_matrix(
        world, GRANT_ROLES, "get", reverse("authz:user_search") + "?q=colleague", allowed=WITH_SIBLING
    )
    assert "赵同事" in responses["ancestor"].content.decode()
    assert "赵同事" not in responses["sibling"].content.decode()


# --- behaviour --------------------------------------------------------------------------------------------------


def test_role_list_groups_permissions_with_labels(world, viewer_role):
    page = client_for(world, VIEW_ROLES).get(reverse("authz:role_list")).content.decode()
    assert "查看组织" in page
    assert "组织" in page
    sensitive = RoleFactory.create(name="可查看手机号", perms=[REVEAL_PHONE])
    page = client_for(world, VIEW_ROLES).get(reverse("authz:role_list")).content.decode()
    assert sensitive.name in page
    assert "需双因素认证" in page


def test_role_form_marks_sensitive_permissions_and_saves(world):
    client = client_for(world, MANAGE_ROLES)
    page = client.get(reverse("authz:role_create")).content.decode()
    assert "需双因素认证" in page
    assert 'value="accounts.reveal_phone"' in page
    response = client.post(reverse("authz:role_create"), role_form(permissions=[VIEW_UNIT, REVEAL_PHONE]))
    assert response.status_code == 302
    role = Role.objects.get(code="township")
    assert role.permission_names() == sorted([VIEW_UNIT, REVEAL_PHONE])
    response = client.post(reverse("authz:role_create"), role_form(name="重复"))
    assert response.status_code == 200
    assert "角色代码已存在" in response.content.decode()
    # Editing keeps the code and replaces the permissions.
    response = client.post(
        reverse("authz:role_edit", args=[role.pk]), role_form(code="changed", name="乡镇", permissions=[VIEW_UNIT])
    )
    role.refresh_from_db()
    assert (role.code, role.name, role.permission_names()) == ("township", "乡镇", [VIEW_UNIT])


def test_grant_list_masks_phones_and_filters(world, colleague, viewer_role):
    other = UserFactory.create(username="far_away", name="远方同事", phone="13900000008")
    GrantFactory.create(user=other, role=viewer_role, unit=world.sibling)
    client = client_for(world, VIEW_ROLES)
    page = client.get(reverse("authz:grant_list")).content.decode()
    assert "139****0009" in page
    assert "13900000009" not in page
    assert "远方同事" in page
    page = client.get(reverse("authz:grant_list") + f"?unit={world.target.pk}").content.decode()
    assert "赵同事" in page
    assert "远方同事" not in page
    page = client.get(reverse("authz:grant_list") + "?q=far").content.decode()
    assert "远方同事" in page
    assert "赵同事" not in page
    page = client.get(reverse("authz:grant_list") + f"?role={viewer_role.pk}").content.decode()
    assert "赵同事" in page


def test_reveal_phone_is_audited(world, colleague):
    client = client_for(world, REVEAL_PHONE, who="same_with")
    before = AuditEvent.objects.count()
    response = client.post(reverse("authz:reveal_phone", args=[colleague.pk]) + f"?unit={world.target.pk}")
    assert response.status_code == 200
    assert "13900000009" in response.content.decode()
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.target_id, event.unit_id) == (
        "accounts.phone_reveal",
        str(colleague.pk),
        world.target.pk,
    )


def test_reveal_phone_refuses_users_outside_the_named_unit(world, colleague, viewer_role):
    outsider = UserFactory.create(username="outsider", phone="13900000007")
    GrantFactory.create(user=outsider, role=viewer_role, unit=world.sibling)
    client = client_for(world, REVEAL_PHONE, who="same_with")
    # Permission at the target does not reach a user who has no grant there.
    response = client.post(reverse("authz:reveal_phone", args=[outsider.pk]) + f"?unit={world.target.pk}")
    assert response.status_code == 404
    response = client.post(reverse("authz:reveal_phone", args=[outsider.pk]))
    assert response.status_code == 404


def test_grant_create_page_existing_and_new_accounts(world, viewer_role):
    client = client_for(world, GRANT_ROLES)
    url = reverse("authz:grant_create", args=[world.target.pk])
    opened_at(world.child, "existing_staff")  # setup changed for security finding 1
    response = client.post(url, {"mode": "existing", "username": "existing_staff", "role": viewer_role.pk})
    assert response["Location"] == reverse("orgs:unit_detail", args=[world.target.pk])
    assert RoleGrant.objects.filter(user__username="existing_staff", unit=world.target).exists()
    response = client.post(url, {"mode": "existing", "username": "nobody_here", "role": viewer_role.pk})
    assert "没有这个工作人员账户" in response.content.decode()
    worker = world.member  # signed up by SMS: no password
    response = client.post(url, {"mode": "existing", "username": worker.username, "role": viewer_role.pk})
    assert "没有这个工作人员账户" in response.content.decode(), "worker (SMS) accounts are not staff accounts"
    response = client.post(
        url,
        {
            "mode": "new",
            "username": "fresh_staff",
            "name": "新人",
            "phone": "139 0000 0011",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": viewer_role.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="fresh_staff")
    assert user.phone == "13900000011"
    assert user.check_password(PASSWORD)


def test_grant_create_page_shows_escalation_and_password_errors(world):
    client = client_for(world, RESTRUCTURE_UNIT, who="same_without")
    powerful = RoleFactory.create(name="迁移专员", perms=[RESTRUCTURE_UNIT])
    opened_at(world.child, "existing_staff")  # setup changed for security finding 1
    url = reverse("authz:grant_create", args=[world.target.pk])
    response = client.post(url, {"mode": "existing", "username": "existing_staff", "role": powerful.pk})
    assert response.status_code == 200
    assert "超出自身权限" in response.content.decode()
    response = client.post(
        url,
        {
            "mode": "new",
            "username": "weak",
            "name": "弱密码",
            "password1": "123",
            "password2": "123",
            "role": powerful.pk,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert "errorlist" in response.content.decode()


def test_grant_revoke_page_confirms_then_revokes(world, colleague):
    grant = RoleGrant.objects.get(user=colleague)
    client = client_for(world, GRANT_ROLES)
    url = reverse("authz:grant_revoke", args=[grant.pk])
    page = client.get(url).content.decode()
    assert "确认收回" in page
    assert "139****0009" in page
    back = reverse("orgs:unit_detail", args=[world.target.pk])
    response = client.post(url, {"next": back})
    assert response["Location"] == back
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    response = client.post(url, {"next": "https://evil.example/"})
    assert "该授权已被收回" in response.content.decode()


def test_grant_list_query_count(world, viewer_role, django_assert_max_num_queries):
    for i in range(30):
        GrantFactory.create(user=UserFactory.create(phone=f"1390001{i:04d}"), role=viewer_role, unit=world.child)
    client = client_for(world, VIEW_ROLES)
    client.get(reverse("authz:grant_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("authz:grant_list") + "?per_page=50")
    assert response.content.decode().count("139****") >= 30
