"""Org services: the authorization matrix for each, then their behaviour and their audit events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.audit.verify import verify_chain
from gonghui.authz import access
from gonghui.authz.testing import CANARY, service_matrix
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT
from gonghui.orgs.services import (
    employer_create,
    employer_update,
    register_dissolve_check,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_update,
)
from gonghui.orgs.tests.factories import EmployerFactory, OrgUnitFactory

VALID_USCC = "91110000600037341L"


def fresh(unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get(pk=unit.pk)


def new_events(since_id: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=since_id).order_by("id").values_list("action", flat=True))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def admin(world):
    return world.actor("ancestor", RESTRUCTURE_UNIT)


def tree_ok() -> bool:
    return all(not problems for problems in OrgUnit.objects.find_problems())


# --- authorization matrix -----------------------------------------------------------------------------------


def test_unit_create_matrix(world):
    service_matrix(
        world,
        MANAGE_UNIT,
        act=lambda actor, w: unit_create(actor=actor, parent=w.target, name=f"新建工会{CANARY}", kind="grassroots"),
        state=lambda w: OrgUnit.objects.filter(path__startswith=w.target.path).count(),
        view_perm=VIEW_UNIT,
    )


def test_unit_update_matrix(world):
    service_matrix(
        world,
        MANAGE_UNIT,
        act=lambda actor, w: unit_update(actor=actor, unit=w.target, name="新名称"),
        state=lambda w: OrgUnit.objects.get(pk=w.target.pk).name,
        view_perm=VIEW_UNIT,
    )


def test_unit_move_matrix(world):
    joint = OrgUnitFactory.create(parent=world.target, kind=UnitKind.JOINT, name=f"联合工会{CANARY}")
    service_matrix(
        world,
        RESTRUCTURE_UNIT,
        act=lambda actor, w: unit_move(actor=actor, unit=w.child, new_parent=joint),
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).path,
        view_perm=VIEW_UNIT,
    )


def test_unit_merge_matrix(world):
    source = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name=f"并出工会{CANARY}")
    service_matrix(
        world,
        RESTRUCTURE_UNIT,
        act=lambda actor, w: unit_merge(actor=actor, source=source, target=w.child),
        state=lambda w: OrgUnit.objects.filter(pk=source.pk).values_list("status", "merged_into").get(),
        view_perm=VIEW_UNIT,
    )


def test_unit_dissolve_matrix(world):
    service_matrix(
        world,
        RESTRUCTURE_UNIT,
        act=lambda actor, w: unit_dissolve(actor=actor, unit=w.child, reason="企业关闭"),
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).status,
        view_perm=VIEW_UNIT,
    )


def test_employer_create_matrix(world):
    service_matrix(
        world,
        MANAGE_EMPLOYER,
        act=lambda actor, w: employer_create(actor=actor, unit=w.child, name=f"新单位{CANARY}有限公司"),
        state=lambda w: Employer.objects.filter(unit=w.child).count(),
        view_perm=VIEW_UNIT,
    )


def test_employer_update_matrix(world):
    employer = EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    service_matrix(
        world,
        MANAGE_EMPLOYER,
        act=lambda actor, w: employer_update(actor=actor, employer=employer, staff_count=7),
        state=lambda w: Employer.objects.get(pk=employer.pk).staff_count,
        view_perm=VIEW_UNIT,
    )


# --- audit events -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ("create", ["orgs.unit_create"]),
        ("rename", ["orgs.unit_rename"]),
        ("update", ["orgs.unit_update"]),
        ("move", ["orgs.unit_move"]),
        ("merge", ["orgs.unit_merge", "orgs.unit_absorb"]),
        ("dissolve", ["orgs.unit_dissolve"]),
        ("employer_create", ["orgs.employer_create"]),
        ("employer_update", ["orgs.employer_update"]),
    ],
)
def test_each_service_writes_exactly_its_audit_events(world, operation, expected):
    actor = admin(world)
    joint = OrgUnitFactory.create(parent=world.target, kind=UnitKind.JOINT)
    source = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS)
    employer = EmployerFactory.create(unit=world.child)
    since = last_event_id()
    operations = {
        "create": lambda: unit_create(actor=actor, parent=world.target, name="新基层工会", kind="grassroots"),
        "rename": lambda: unit_update(actor=actor, unit=world.target, name="更名后的区总工会"),
        "update": lambda: unit_update(actor=actor, unit=world.target, region_code="330105"),
        "move": lambda: unit_move(actor=actor, unit=world.child, new_parent=joint),
        "merge": lambda: unit_merge(actor=actor, source=source, target=world.child),
        "dissolve": lambda: unit_dissolve(actor=actor, unit=world.child, reason="企业关闭"),
        "employer_create": lambda: employer_create(actor=actor, unit=world.child, name="新单位有限公司"),
        "employer_update": lambda: employer_update(actor=actor, employer=employer, staff_count=3),
    }
    operations[operation]()
    assert new_events(since) == expected
    assert verify_chain().ok


def test_audit_event_records_actor_unit_and_changes(world):
    actor = admin(world)
    unit_update(actor=actor, unit=world.target, short_name="西湖区总", region_code="330106")
    event = AuditEvent.objects.latest("id")
    assert event.actor_id == actor.pk
    assert event.unit_id == world.target.pk
    assert event.target_type == "orgs.orgunit"
    assert event.target_id == str(world.target.pk)
    assert event.changes == {"short_name": ["", "西湖区总"]}


# --- move -----------------------------------------------------------------------------------------------------


def test_move_takes_the_whole_subtree_and_keeps_paths_consistent(world):
    actor = admin(world)
    group = OrgUnitFactory.create(parent=world.child, kind=UnitKind.SUB_UNION, name="分工会")
    employer = EmployerFactory.create(unit=group)
    unit_move(actor=actor, unit=world.target, new_parent=world.sibling)
    target, child, group = fresh(world.target), fresh(world.child), fresh(group)
    sibling = fresh(world.sibling)
    assert target.path.startswith(sibling.path)
    assert target.depth == sibling.depth + 1
    assert child.path.startswith(target.path)
    assert child.depth == target.depth + 1
    assert group.path.startswith(child.path)
    assert group.depth == child.depth + 1
    assert Employer.objects.get(pk=employer.pk).unit_id == group.pk
    assert tree_ok()
    assert OrgUnit.objects.get_parent(target).pk == sibling.pk


def test_grants_follow_the_moved_subtree(world):
    actor = admin(world)
    viewer_role = RoleFactory.create(perms=[VIEW_UNIT])
    at_target = GrantFactory.create(role=viewer_role, unit=world.target).user
    at_city = GrantFactory.create(role=viewer_role, unit=world.city).user
    at_sibling = GrantFactory.create(role=viewer_role, unit=world.sibling).user
    joint = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.JOINT)
    at_joint = GrantFactory.create(role=viewer_role, unit=joint).user

    assert access.check(at_target, VIEW_UNIT, world.child)
    assert not access.check(at_sibling, VIEW_UNIT, world.child)
    assert not access.check(at_joint, VIEW_UNIT, world.child)

    unit_move(actor=actor, unit=world.child, new_parent=joint)
    child = fresh(world.child)
    for user in (at_target, at_city, at_sibling, at_joint):
        access.forget(user)
    assert not access.check(at_target, VIEW_UNIT, child), "the old parent's grant no longer covers it"
    assert access.check(at_sibling, VIEW_UNIT, child), "the new ancestor's grant covers it"
    assert access.check(at_joint, VIEW_UNIT, child)
    assert access.check(at_city, VIEW_UNIT, child), "a grant above both places still covers it"
    assert set(access.units(at_joint, VIEW_UNIT)) == {fresh(joint), child}


def test_a_grant_on_a_moved_unit_covers_it_at_its_new_place(world):
    actor = admin(world)
    viewer_role = RoleFactory.create(perms=[VIEW_UNIT])
    holder = GrantFactory.create(role=viewer_role, unit=world.target).user
    unit_move(actor=actor, unit=world.target, new_parent=world.sibling)
    access.forget(holder)
    assert set(access.units(holder, VIEW_UNIT)) == {fresh(world.target), fresh(world.child)}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("root", "顶级组织不能迁移"),
        ("into_itself", "不能把组织迁移到它自己或它的下级组织之下"),
        ("into_own_child", "不能把组织迁移到它自己或它的下级组织之下"),
        ("same_parent", "新的上级组织与原上级组织相同"),
        ("kind", "下不能设立"),
    ],
)
def test_invalid_moves_are_refused(world, case, message):
    actor = admin(world)
    cases = {
        "root": (world.province, world.city),
        "into_itself": (world.target, world.target),
        "into_own_child": (world.target, world.child),
        "same_parent": (world.child, world.target),
        "kind": (world.target, world.child),  # a federation under a grassroots union
    }
    unit, new_parent = cases[case]
    if case == "kind":
        unit = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.FEDERATION)
    since = last_event_id()
    with pytest.raises(ValidationError) as info:
        unit_move(actor=actor, unit=unit, new_parent=new_parent)
    assert message in " ".join(info.value.messages)
    assert new_events(since) == []
    assert tree_ok()


def test_cannot_move_under_a_dissolved_unit(world):
    actor = admin(world)
    joint = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.JOINT, status=UnitStatus.DISSOLVED)
    with pytest.raises(ValidationError, match="已撤销"):
        unit_move(actor=actor, unit=world.child, new_parent=joint)


def test_move_needs_the_right_at_the_new_place_too(world):
    actor = world.actor("same_with", RESTRUCTURE_UNIT)  # everything at target, nothing at sibling
    with pytest.raises(access.NotVisible):
        unit_move(actor=actor, unit=world.child, new_parent=world.sibling)
    assert fresh(world.child).path.startswith(world.target.path)


# --- merge ----------------------------------------------------------------------------------------------------


def test_merge_moves_children_and_employers_and_marks_the_source(world):
    actor = admin(world)
    source = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.FEDERATION, name="被合并的区总工会")
    grassroots = OrgUnitFactory.create(parent=source, kind=UnitKind.GRASSROOTS)
    dissolved = OrgUnitFactory.create(parent=source, kind=UnitKind.GRASSROOTS, status=UnitStatus.DISSOLVED)
    employer = EmployerFactory.create(unit=source)
    since = last_event_id()
    result = unit_merge(actor=actor, source=source, target=world.target, on=dt.date(2026, 1, 1))
    assert result.pk == world.target.pk
    source = fresh(source)
    assert source.status == UnitStatus.DISSOLVED
    assert source.merged_into_id == world.target.pk
    assert source.dissolved_on == dt.date(2026, 1, 1)
    assert OrgUnit.objects.get_parent(fresh(grassroots)).pk == world.target.pk
    assert OrgUnit.objects.get_parent(fresh(dissolved)).pk == world.target.pk
    assert Employer.objects.get(pk=employer.pk).unit_id == world.target.pk
    assert fresh(source).numchild == 0
    assert tree_ok()
    merge_event = AuditEvent.objects.get(id__gt=since, action="orgs.unit_merge")
    assert sorted(merge_event.data["children"]) == sorted([grassroots.pk, dissolved.pk])
    assert merge_event.data["employers"] == [employer.pk]
    assert merge_event.changes["status"] == ["active", "dissolved"]
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "不能把组织并入它自己"),
        ("descendant", "不能把组织并入它自己的下级组织"),
        ("root", "顶级组织不能被合并"),
        ("dissolved", "只能合并两个正常状态的组织"),
        ("kind", "下不能设立"),
    ],
)
def test_invalid_merges_are_refused(world, case, message):
    actor = admin(world)
    source, target = world.target, world.target
    if case == "descendant":
        target = world.child
    elif case == "root":
        other_root = OrgUnitFactory.create(name="另一省总工会")
        GrantFactory.create(user=actor, role=RoleFactory.create(perms=[VIEW_UNIT, RESTRUCTURE_UNIT]), unit=other_root)
        access.forget(actor)
        source, target = world.province, other_root
    elif case == "dissolved":
        source = OrgUnitFactory.create(parent=world.city, kind=UnitKind.FEDERATION, status=UnitStatus.DISSOLVED)
    elif case == "kind":
        target = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.JOINT)  # cannot hold a grassroots' sub-union
        source = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.GRASSROOTS)
        OrgUnitFactory.create(parent=source, kind=UnitKind.SUB_UNION)
    since = last_event_id()
    with pytest.raises(ValidationError) as info:
        unit_merge(actor=actor, source=source, target=target)
    assert message in " ".join(info.value.messages)
    assert new_events(since) == []
    assert tree_ok()


# --- dissolve -------------------------------------------------------------------------------------------------


def test_dissolve_is_refused_while_active_children_remain(world):
    actor = admin(world)
    with pytest.raises(ValidationError, match="正常状态的下级组织"):
        unit_dissolve(actor=actor, unit=world.target, reason="撤并")
    unit_dissolve(actor=actor, unit=world.child, reason="企业关闭")
    unit = unit_dissolve(actor=actor, unit=world.target, reason="撤并", on=dt.date(2026, 3, 1))
    assert unit.status == UnitStatus.DISSOLVED
    assert unit.dissolved_on == dt.date(2026, 3, 1)
    event = AuditEvent.objects.latest("id")
    assert event.data == {"reason": "撤并"}


def test_dissolve_needs_a_reason(world):
    with pytest.raises(ValidationError) as info:
        unit_dissolve(actor=admin(world), unit=world.child, reason="  ")
    assert info.value.message_dict == {"reason": ["请填写撤销原因。"]}


def test_dissolve_twice_and_roots_are_refused(world):
    actor = admin(world)
    unit_dissolve(actor=actor, unit=world.child, reason="企业关闭")
    with pytest.raises(ValidationError, match="已撤销"):
        unit_dissolve(actor=actor, unit=world.child, reason="再次")
    with pytest.raises(ValidationError, match="顶级组织不能撤销"):
        unit_dissolve(actor=actor, unit=world.province, reason="x")


def test_dissolve_checks_registered_by_other_modules_can_refuse(world, monkeypatch):
    from gonghui.orgs import services

    monkeypatch.setattr(services, "_dissolve_checks", [])
    register_dissolve_check(lambda unit: "该工会还有会员。" if unit.pk == world.child.pk else None)
    with pytest.raises(ValidationError, match="该工会还有会员"):
        unit_dissolve(actor=admin(world), unit=world.child, reason="企业关闭")


def test_no_new_children_or_employers_under_a_dissolved_unit(world):
    actor = admin(world)
    unit_dissolve(actor=actor, unit=world.child, reason="企业关闭")
    with pytest.raises(ValidationError, match="已撤销"):
        unit_create(actor=actor, parent=world.child, name="小组", kind=UnitKind.GROUP)
    with pytest.raises(ValidationError, match="已撤销"):
        employer_create(actor=actor, unit=world.child, name="某公司")


# --- kinds and codes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent_kind", "kind", "ok"),
    [
        (UnitKind.FEDERATION, UnitKind.FEDERATION, True),
        (UnitKind.FEDERATION, UnitKind.GRASSROOTS, True),
        (UnitKind.FEDERATION, UnitKind.GROUP, False),
        (UnitKind.INDUSTRY, UnitKind.FEDERATION, False),
        (UnitKind.JOINT, UnitKind.GRASSROOTS, True),
        (UnitKind.JOINT, UnitKind.JOINT, False),
        (UnitKind.GRASSROOTS, UnitKind.SUB_UNION, True),
        (UnitKind.GRASSROOTS, UnitKind.GRASSROOTS, False),
        (UnitKind.SUB_UNION, UnitKind.GROUP, True),
        (UnitKind.GROUP, UnitKind.GROUP, False),
    ],
)
def test_kind_rules_on_create(world, parent_kind, kind, ok):
    actor = admin(world)
    parent = world.sibling
    if parent_kind != UnitKind.FEDERATION:
        parent = OrgUnitFactory.create(parent=world.sibling, kind=parent_kind)
    if ok:
        assert unit_create(actor=actor, parent=parent, name="下级", kind=kind).kind == kind
    else:
        with pytest.raises(ValidationError) as info:
            unit_create(actor=actor, parent=parent, name="下级", kind=kind)
        assert "kind" in info.value.message_dict
        assert "下不能设立" in info.value.message_dict["kind"][0]


def test_kind_change_must_fit_parent_and_children(world):
    actor = admin(world)
    OrgUnitFactory.create(parent=world.child, kind=UnitKind.SUB_UNION)
    with pytest.raises(ValidationError) as info:
        unit_update(actor=actor, unit=world.child, kind=UnitKind.GROUP)  # a group under a federation
    assert "下不能设立" in info.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as info:
        unit_update(actor=actor, unit=world.child, kind=UnitKind.FEDERATION)  # cannot hold its sub-union
    assert "不能隶属于" in info.value.message_dict["kind"][0]
    assert fresh(world.child).kind == UnitKind.GRASSROOTS
    # a joint union under the city federation may hold the target's grassroots union
    assert unit_update(actor=actor, unit=world.target, kind=UnitKind.JOINT).kind == UnitKind.JOINT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region_code", "123456", "不是有效的行政区划代码"),
        ("industry_code", "ZZ", "不是有效的国民经济行业代码"),
        ("credit_code", "91110000600037341X", "统一社会信用代码校验位错误"),
        ("credit_code", "9111000060003734", "统一社会信用代码应为18位"),
    ],
)
def test_code_validation_messages(world, field, value, message):
    actor = admin(world)
    with pytest.raises(ValidationError) as info:
        unit_create(actor=actor, parent=world.target, name="新工会", kind="grassroots", **{field: value})
    assert message in " ".join(info.value.message_dict[field])
    with pytest.raises(ValidationError) as info:
        employer_create(actor=actor, unit=world.child, name="某公司", **{field: value})
    assert message in " ".join(info.value.message_dict[field])


@pytest.mark.parametrize("raw", ["91110000600037341l", "9111 0000 6000 37341L", "91110000-600037341-L"])
def test_credit_codes_are_normalised(world, raw):
    actor = admin(world)
    unit = unit_create(actor=actor, parent=world.target, name="新工会", kind="grassroots", credit_code=raw)
    assert unit.credit_code == VALID_USCC
    unit = unit_update(actor=actor, unit=unit, credit_code=raw.lower())
    assert fresh(unit).credit_code == VALID_USCC
    employer = employer_create(actor=actor, unit=world.child, name="某公司", credit_code=raw)
    assert employer.credit_code == VALID_USCC
    employer = employer_update(actor=actor, employer=employer, credit_code=raw.lower())
    assert Employer.objects.get(pk=employer.pk).credit_code == VALID_USCC


def test_two_active_employers_cannot_share_a_credit_code(world):
    actor = admin(world)
    employer_create(actor=actor, unit=world.child, name="甲公司", credit_code=VALID_USCC)
    with pytest.raises(ValidationError):
        employer_create(actor=actor, unit=world.child, name="乙公司", credit_code=VALID_USCC.lower())


def test_term_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as info:
        unit_update(actor=admin(world), unit=world.target, term_start=dt.date(2026, 1, 1), term_end=dt.date(2025, 1, 1))
    assert "term_end" in info.value.message_dict


def test_only_editable_fields_are_accepted(world):
    with pytest.raises(ValueError, match="not editable"):
        unit_update(actor=admin(world), unit=world.target, status=UnitStatus.DISSOLVED)
    with pytest.raises(ValueError, match="not editable"):
        unit_create(actor=admin(world), parent=world.target, name="x", kind="grassroots", path="0001")
