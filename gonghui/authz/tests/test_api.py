"""JSON API of roles and grants: the HTTP matrix for each endpoint, errors, and pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.tests.factories import UserFactory
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.permissions import RESTRUCTURE_UNIT, VIEW_UNIT

WITH_SIBLING = (*ALLOWED, "sibling")
ROLES = "/api/v1/roles/"
GRANTS = "/api/v1/grants/"


@pytest.fixture
def viewer_role(db):
    return RoleFactory.create(code="viewer_test", name="只读（测试）", perms=[VIEW_UNIT, VIEW_ROLES])


@pytest.fixture
def colleague_grant(world, viewer_role):
    user = UserFactory.create(username="colleague_zhao", name="赵同事", phone="13900000009")
    return GrantFactory.create(user=user, role=viewer_role, unit=world.target)


def api(world, perm, who="ancestor"):
    return login(Client(), world.actor(who, perm))


# --- roles ------------------------------------------------------------------------------------------------------


def test_role_list_matrix(world, viewer_role):
    responses = http_matrix(world, VIEW_ROLES, "get", ROLES, allowed=WITH_SIBLING)
    codes = [r["code"] for r in responses["ancestor"].json()["results"]]
    assert "viewer_test" in codes


def test_role_retrieve_matrix(world, viewer_role):
    responses = http_matrix(world, VIEW_ROLES, "get", f"{ROLES}{viewer_role.pk}/", allowed=WITH_SIBLING)
    assert responses["ancestor"].json()["permissions"] == sorted([VIEW_UNIT, VIEW_ROLES])


def test_role_create_matrix(world):
    http_matrix(
        world,
        MANAGE_ROLES,
        "post",
        ROLES,
        data={"code": "township", "name": "乡镇工会", "permissions": [VIEW_UNIT]},
        json=True,
        state=lambda w: Role.objects.filter(code="township").exists(),
        allowed=("ancestor",),
        ok_statuses=(201,),
    )


def test_role_update_matrix(world, viewer_role):
    state = lambda w: Role.objects.get(pk=viewer_role.pk).name  # noqa: E731
    url = f"{ROLES}{viewer_role.pk}/"
    http_matrix(
        world,
        MANAGE_ROLES,
        "put",
        url,
        data={"name": "改名", "description": "", "permissions": [VIEW_UNIT]},
        json=True,
        state=state,
        allowed=("ancestor",),
        ok_statuses=(200,),
    )
    http_matrix(
        world,
        MANAGE_ROLES,
        "patch",
        url,
        data={"name": "再改"},
        json=True,
        state=state,
        allowed=("ancestor",),
        ok_statuses=(200,),
    )


def test_role_write_errors(world, viewer_role):
    client = api(world, MANAGE_ROLES)
    response = client.post(ROLES, {"name": "无代码", "permissions": []}, content_type="application/json")
    assert response.status_code == 400
    assert "code" in response.json()
    response = client.post(
        ROLES, {"code": "viewer_test", "name": "重复", "permissions": []}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == ["角色代码已存在。"]
    response = client.patch(f"{ROLES}{viewer_role.pk}/", {"permissions": ["orgs.fly"]}, content_type="application/json")
    assert response.status_code == 400
    assert "未知的权限" in response.json()["non_field_errors"][0]
    response = client.patch(f"{ROLES}{viewer_role.pk}/", {"description": "说明"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["permissions"] == sorted([VIEW_UNIT, VIEW_ROLES]), "PATCH keeps what it does not name"


# --- grants -----------------------------------------------------------------------------------------------------


def test_grant_list_matrix(world, colleague_grant):
    responses = http_matrix(world, VIEW_ROLES, "get", GRANTS, allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert "赵同事" not in responses["sibling"].content.decode()
    rows = responses["ancestor"].json()["results"]
    mine = next(r for r in rows if r["user"]["username"] == "colleague_zhao")
    assert mine["user"]["phone"] == "139****0009"
    assert mine["unit"]["id"] == world.target.pk
    assert mine["is_active"]


def test_grant_retrieve_matrix(world, colleague_grant):
    http_matrix(world, VIEW_ROLES, "get", f"{GRANTS}{colleague_grant.pk}/")


def _opened_at(unit, username=None):
    """A staff account opened at ``unit`` (``staff_create`` leaves its first grant there; here already revoked)."""
    user = UserFactory.create(**({"username": username} if username else {}))
    grant = GrantFactory.create(user=user, role=RoleFactory.create(perms=[VIEW_UNIT]), unit=unit)
    RoleGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    return user


def test_grant_create_matrix(world, viewer_role):
    # Setup changed for security finding 1: an account is grantable only where it was opened or holds a grant
    # (it used to be any account at all).
    user = _opened_at(world.child, "new_colleague")
    http_matrix(
        world,
        GRANT_ROLES,
        "post",
        GRANTS,
        data=lambda w: {"user": user.pk, "role": viewer_role.pk, "unit": w.target.pk},
        json=True,
        state=lambda w: RoleGrant.objects.filter(user=user, revoked_at__isnull=True).count(),
        ok_statuses=(201,),
    )


def test_grant_revoke_matrix(world, colleague_grant):
    http_matrix(
        world,
        GRANT_ROLES,
        "post",
        f"{GRANTS}{colleague_grant.pk}/revoke/",
        state=lambda w: RoleGrant.objects.get(pk=colleague_grant.pk).revoked_at,
        ok_statuses=(200,),
    )


def test_grant_errors(world, viewer_role, colleague_grant):
    client = api(world, RESTRUCTURE_UNIT, who="same_without")
    powerful = RoleFactory.create(perms=[RESTRUCTURE_UNIT])
    user = _opened_at(world.target)  # was any account: see test_grant_create_matrix
    response = client.post(
        GRANTS, {"user": user.pk, "role": powerful.pk, "unit": world.target.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "超出自身权限" in response.json()["non_field_errors"][0]
    response = client.post(
        GRANTS,
        {"user": world.member.pk, "role": viewer_role.pk, "unit": world.target.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "user" in response.json()
    response = client.post(
        GRANTS, {"user": user.pk, "role": viewer_role.pk, "unit": world.sibling.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    client.post(f"{GRANTS}{colleague_grant.pk}/revoke/")
    response = client.post(f"{GRANTS}{colleague_grant.pk}/revoke/")
    assert response.status_code == 400
    assert "已被收回" in response.json()["non_field_errors"][0]
    revoked = client.get(f"{GRANTS}{colleague_grant.pk}/").json()
    assert revoked["revoked_at"]
    assert not revoked["is_active"]


def test_grant_list_filters(world, viewer_role, colleague_grant):
    GrantFactory.create(user=UserFactory.create(username="far_away"), role=viewer_role, unit=world.sibling)
    client = api(world, VIEW_ROLES)
    users = lambda query: {r["user"]["username"] for r in client.get(GRANTS + query).json()["results"]}  # noqa: E731
    assert {"colleague_zhao", "far_away"} <= users("")
    assert "far_away" not in users(f"?unit={world.target.pk}")
    assert users("?q=far") == {"far_away"}
    assert users(f"?user={colleague_grant.user_id}") == {"colleague_zhao"}
    assert {"colleague_zhao", "far_away"} == users(f"?role={viewer_role.pk}")
    client.post(f"{GRANTS}{colleague_grant.pk}/revoke/")
    assert "colleague_zhao" not in users("")
    assert "colleague_zhao" in users("?include_revoked=true")


def test_grant_list_query_count(world, viewer_role, django_assert_max_num_queries):
    for i in range(30):
        GrantFactory.create(user=UserFactory.create(phone=f"1390001{i:04d}"), role=viewer_role, unit=world.child)
    client = api(world, VIEW_ROLES)
    with django_assert_max_num_queries(7):
        response = client.get(GRANTS)
    assert response.json()["count"] >= 30


def test_role_list_query_count(world, django_assert_max_num_queries):
    for _i in range(30):
        RoleFactory.create(perms=[VIEW_UNIT, VIEW_ROLES])
    client = api(world, VIEW_ROLES)
    with django_assert_max_num_queries(8):
        response = client.get(ROLES)
    assert response.json()["count"] >= 30


# --- security finding 1: granting only to accounts the granter may see ------------------------------------------


def test_grant_to_another_citys_staff_answers_like_an_unknown_account(world, viewer_role):
    elsewhere = _opened_at(world.sibling, "other_city_staff")
    client = api(world, GRANT_ROLES, who="same_with")  # may grant at target, not at sibling
    answers = []
    for user_id in (elsewhere.pk, 987654321, world.member.pk):
        response = client.post(
            GRANTS, {"user": user_id, "role": viewer_role.pk, "unit": world.target.pk}, content_type="application/json"
        )
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1] == answers[2] == (400, {"user": ["没有这个工作人员账户。"]})
    assert not RoleGrant.objects.filter(user=elsewhere, revoked_at__isnull=True).exists()


def test_a_siblings_unit_answers_404_before_the_body_is_validated(world):
    client = api(world, GRANT_ROLES, who="same_with")
    for body in ({"unit": world.sibling.pk}, {"unit": world.sibling.pk, "user": "x", "role": -1}):
        response = client.post(GRANTS, body, content_type="application/json")
        assert response.status_code == 404, body
    response = api(world, GRANT_ROLES, who="same_without").post(
        GRANTS, {"unit": world.target.pk, "role": "bad"}, content_type="application/json"
    )
    assert response.status_code == 403, "no right to grant: refused before the body is read"
    viewer = login(Client(), world.staff("viewer", world.target, [VIEW_UNIT, VIEW_ROLES]))
    response = viewer.post(GRANTS, {"unit": world.target.pk}, content_type="application/json")
    assert response.status_code == 403
