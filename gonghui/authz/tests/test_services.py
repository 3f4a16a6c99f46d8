"""Role and grant services, and the accounts services that hand out access (``staff_create``, ``phone_reveal``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.models import User
from gonghui.accounts.permissions import REVEAL_PHONE
from gonghui.accounts.services import phone_reveal, staff_create
from gonghui.accounts.tests.factories import UserFactory
from gonghui.audit.models import AuditEvent
from gonghui.audit.verify import verify_chain
from gonghui.authz import access
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.services import grant_create, grant_revoke, role_save, roles_sync
from gonghui.authz.testing import service_matrix
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.permissions import MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT

PASSWORD = "Xihu-union-2026!"


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(since_id: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=since_id).order_by("id").values_list("action", flat=True))


@pytest.fixture
def viewer_role(db):
    return RoleFactory.create(code="viewer_test", name="只读（测试）", perms=[VIEW_UNIT, VIEW_ROLES])


@pytest.fixture
def staff_user(db):
    return UserFactory.create(username="clerk_li", name="李经办", phone="13800000001")


# --- authorization matrix -----------------------------------------------------------------------------------


def test_role_save_create_matrix(world):
    service_matrix(
        world,
        MANAGE_ROLES,
        act=lambda actor, w: role_save(
            actor=actor, role=None, code="township_clerk", name="乡镇经办", description="", permissions=[VIEW_UNIT]
        ),
        state=lambda w: Role.objects.filter(code="township_clerk").exists(),
        allowed=("ancestor",),
    )


def test_role_save_edit_matrix(world, viewer_role):
    service_matrix(
        world,
        MANAGE_ROLES,
        act=lambda actor, w: role_save(
            actor=actor, role=viewer_role, code=viewer_role.code, name="改名", description="", permissions=[VIEW_UNIT]
        ),
        state=lambda w: (
            Role.objects.get(pk=viewer_role.pk).name,
            Role.objects.get(pk=viewer_role.pk).permission_names(),
        ),
        allowed=("ancestor",),
    )


def test_grant_create_matrix(world, viewer_role, staff_user):
    service_matrix(
        world,
        GRANT_ROLES,
        act=lambda actor, w: grant_create(actor=actor, user=staff_user, role=viewer_role, unit=w.target),
        state=lambda w: RoleGrant.objects.filter(user=staff_user).count(),
        view_perm=VIEW_UNIT,
    )


def test_grant_revoke_matrix(world, viewer_role, staff_user):
    grant = GrantFactory.create(user=staff_user, role=viewer_role, unit=world.target)
    service_matrix(
        world,
        GRANT_ROLES,
        act=lambda actor, w: grant_revoke(actor=actor, grant=grant),
        state=lambda w: RoleGrant.objects.get(pk=grant.pk).revoked_at,
        view_perm=VIEW_ROLES,
    )


def test_staff_create_matrix(world, viewer_role):
    service_matrix(
        world,
        GRANT_ROLES,
        act=lambda actor, w: staff_create(
            actor=actor,
            username="new_clerk",
            name="新经办",
            password=PASSWORD,
            phone="13800000002",
            unit=w.target,
            role=viewer_role,
        ),
        state=lambda w: User.objects.filter(username="new_clerk").exists(),
        view_perm=VIEW_UNIT,
    )


def test_phone_reveal_matrix(world, staff_user, viewer_role):
    GrantFactory.create(user=staff_user, role=viewer_role, unit=world.target)
    service_matrix(
        world,
        REVEAL_PHONE,
        act=lambda actor, w: phone_reveal(actor=actor, user=staff_user, unit=w.target),
        view_perm=VIEW_UNIT,
    )


# --- behaviour ----------------------------------------------------------------------------------------------


def test_role_save_needs_the_right_at_a_root_not_just_somewhere(world):
    same_with = world.actor("same_with", MANAGE_ROLES)
    with pytest.raises(access.Forbidden):
        role_save(actor=same_with, role=None, code="x", name="x", description="", permissions=[])


def test_role_save_creates_edits_and_audits(world):
    actor = world.actor("ancestor", MANAGE_ROLES)
    since = last_event_id()
    role = role_save(
        actor=actor,
        role=None,
        code="township",
        name="乡镇工会",
        description="乡镇",
        permissions=[VIEW_UNIT, MANAGE_UNIT],
    )
    assert role.permission_names() == sorted([VIEW_UNIT, MANAGE_UNIT])
    role = role_save(
        actor=actor, role=role, code="ignored", name="乡镇工会干部", description="", permissions=[VIEW_UNIT]
    )
    role = Role.objects.get(pk=role.pk)
    assert (role.code, role.name, role.permission_names()) == ("township", "乡镇工会干部", [VIEW_UNIT])
    assert new_events(since) == ["authz.role_save", "authz.role_save"]
    edit = AuditEvent.objects.latest("id")
    assert edit.changes["permissions"] == [sorted([VIEW_UNIT, MANAGE_UNIT]), [VIEW_UNIT]]
    assert verify_chain().ok


def test_role_save_refuses_unknown_permissions_and_duplicate_codes(world, viewer_role):
    actor = world.actor("ancestor", MANAGE_ROLES)
    with pytest.raises(ValidationError, match="未知的权限"):
        role_save(actor=actor, role=None, code="bad", name="坏", description="", permissions=["orgs.fly"])
    with pytest.raises(ValidationError) as info:
        role_save(actor=actor, role=None, code=viewer_role.code, name="重复", description="", permissions=[])
    assert "code" in info.value.message_dict


def test_grant_create_refuses_escalation(world, staff_user):
    # Staff at the target holding everything but restructuring cannot hand out a role that restructures.
    actor = world.actor("same_without", RESTRUCTURE_UNIT)
    powerful = RoleFactory.create(perms=[VIEW_UNIT, RESTRUCTURE_UNIT])
    since = last_event_id()
    with pytest.raises(ValidationError) as info:
        grant_create(actor=actor, user=staff_user, role=powerful, unit=world.target)
    assert "超出自身权限" in info.value.messages[0]
    assert "orgs.restructure_unit" in info.value.messages[0]
    assert not RoleGrant.objects.filter(user=staff_user).exists()
    assert new_events(since) == []


def test_grant_create_refuses_duplicates_dissolved_units_and_inactive_users(world, viewer_role, staff_user):
    actor = world.actor("ancestor", GRANT_ROLES)
    grant_create(actor=actor, user=staff_user, role=viewer_role, unit=world.target)
    with pytest.raises(ValidationError, match="已在此组织拥有这个角色"):
        grant_create(actor=actor, user=staff_user, role=viewer_role, unit=world.target)
    world.child.status = UnitStatus.DISSOLVED
    world.child.save()
    with pytest.raises(ValidationError, match="已撤销"):
        grant_create(actor=actor, user=staff_user, role=viewer_role, unit=world.child)
    gone = UserFactory.create(is_active=False)
    with pytest.raises(ValidationError, match="已停用"):
        grant_create(actor=actor, user=gone, role=viewer_role, unit=world.target)


def test_a_grant_takes_effect_at_once_and_revoke_keeps_the_row(world, viewer_role, staff_user):
    actor = world.actor("ancestor", GRANT_ROLES)
    since = last_event_id()
    grant = grant_create(actor=actor, user=staff_user, role=viewer_role, unit=world.target)
    assert access.check(staff_user, VIEW_UNIT, world.child)
    assert not access.check(staff_user, VIEW_UNIT, world.sibling)
    revoked = grant_revoke(actor=actor, grant=grant)
    assert revoked.revoked_at is not None
    assert revoked.revoked_by_id == actor.pk
    row = RoleGrant.objects.get(pk=grant.pk)
    assert row.revoked_at is not None
    assert not row.is_active
    access.forget(staff_user)  # the user's next request reads their grants afresh
    assert not access.check(staff_user, VIEW_UNIT, world.child)
    with pytest.raises(ValidationError, match="已被收回"):
        grant_revoke(actor=actor, grant=grant)
    assert new_events(since) == ["authz.grant_create", "authz.grant_revoke"]
    # The same role may be granted again after a revoke: the old row stays as history.
    grant_create(actor=actor, user=staff_user, role=viewer_role, unit=world.target)
    assert RoleGrant.objects.filter(user=staff_user, role=viewer_role, unit=world.target).count() == 2
    assert verify_chain().ok


def test_staff_create_opens_the_account_and_grants_in_one_go(world, viewer_role):
    actor = world.actor("ancestor", GRANT_ROLES)
    since = last_event_id()
    user = staff_create(
        actor=actor,
        username="wang_clerk",
        name="王经办",
        password=PASSWORD,
        phone="138 0000 0003",
        unit=world.target,
        role=viewer_role,
    )
    assert user.check_password(PASSWORD)
    assert user.phone == "13800000003"
    assert RoleGrant.objects.filter(user=user, role=viewer_role, unit=world.target, revoked_at__isnull=True).exists()
    assert new_events(since) == ["accounts.staff_create", "authz.grant_create"]
    event = AuditEvent.objects.get(id__gt=since, action="accounts.staff_create")
    assert "13800000003" not in str(event.changes), "the phone number is masked in the audit record"
    assert verify_chain().ok


def test_staff_create_rolls_back_when_the_grant_is_refused(world):
    actor = world.actor("same_without", RESTRUCTURE_UNIT)
    powerful = RoleFactory.create(perms=[RESTRUCTURE_UNIT])
    with pytest.raises(ValidationError, match="超出自身权限"):
        staff_create(actor=actor, username="too_much", name="越权", password=PASSWORD, unit=world.target, role=powerful)
    assert not User.objects.filter(username="too_much").exists()


def test_staff_create_validates_username_phone_and_password(world, viewer_role, staff_user):
    actor = world.actor("ancestor", GRANT_ROLES)
    common = {"actor": actor, "name": "某人", "unit": world.target, "role": viewer_role}
    with pytest.raises(ValidationError) as info:
        staff_create(username=staff_user.username, password=PASSWORD, **common)
    assert "username" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        staff_create(username="new_one", password=PASSWORD, phone=staff_user.phone, **common)
    assert "phone" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        staff_create(username="new_two", password="12345", **common)
    assert "password" in info.value.message_dict, "the password validators' refusal names the password field"
    assert not User.objects.filter(username__in=["new_one", "new_two"]).exists()


def test_phone_reveal_returns_the_number_and_is_audited(world, staff_user, viewer_role):
    GrantFactory.create(user=staff_user, role=viewer_role, unit=world.target)
    actor = world.actor("same_with", REVEAL_PHONE)
    since = last_event_id()
    assert phone_reveal(actor=actor, user=staff_user, unit=world.target) == "13800000001"
    assert new_events(since) == ["accounts.phone_reveal"]
    event = AuditEvent.objects.latest("id")
    assert event.actor_id == actor.pk
    assert event.unit_id == world.target.pk
    assert "13800000001" not in str(event.data) + str(event.changes)
    assert verify_chain().ok


def test_roles_sync_is_idempotent_and_audited(db):
    since = last_event_id()
    roles = roles_sync()
    assert {r.code for r in roles} >= {"chair", "clerk", "sysadmin"}
    first = new_events(since)
    assert first
    assert set(first) == {"authz.role_sync"}
    since = last_event_id()
    roles_sync()
    assert new_events(since) == []


def test_phone_reveal_refuses_a_person_outside_the_unit(world, staff_user, viewer_role):
    from django.http import Http404

    GrantFactory.create(user=staff_user, role=viewer_role, unit=world.sibling)
    actor = world.actor("same_with", REVEAL_PHONE)
    since = last_event_id()
    with pytest.raises(Http404):
        phone_reveal(actor=actor, user=staff_user, unit=world.target)
    assert new_events(since) == []


def test_nobody_revokes_a_role_above_their_own_permissions(world, staff_user):
    admin_role = RoleFactory.create(code="admin_like", perms=[VIEW_UNIT, VIEW_ROLES, GRANT_ROLES, MANAGE_UNIT])
    chair_role = RoleFactory.create(code="chair_like", perms=[VIEW_UNIT, VIEW_ROLES, GRANT_ROLES])
    grant = GrantFactory.create(user=staff_user, role=admin_role, unit=world.target)
    chair = UserFactory.create(username="chair_wang")
    GrantFactory.create(user=chair, role=chair_role, unit=world.target)
    with pytest.raises(ValidationError, match="收回超出自身权限"):
        grant_revoke(actor=chair, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at is None
