"""Roster services: the authorization matrix of each, then behaviour (one membership, transitions, inactivity)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, service_matrix
from gonghui.members.models import (
    IdType,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberNameGram,
    MemberSource,
    MemberStatus,
)
from gonghui.members.permissions import MANAGE_MEMBER, REVEAL_ID_NUMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.services import (
    MEMBER,
    member_create,
    member_reveal_id,
    member_set_status,
    member_unflag,
    member_update,
    members_flag_inactive,
    months_before,
)
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.orgs.models import UnitKind
from gonghui.orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def create_kwargs(unit, **overrides):
    data = {
        "unit": unit,
        "name": "王兰芳",  # issue 11: letters only (the CANARY marker has a digit); factories' members keep it
        "id_type": IdType.RESIDENT,
        "id_number": resident_id(4242, female=True),
        "phone": "138 0000 4242",
        "joined_on": dt.date(2021, 5, 1),
    }
    data.update(overrides)
    return data


def flagged_member(world):
    return MemberFactory.create(unit=world.child, name=f"李{CANARY}", inactive_flagged_on=dt.date(2026, 1, 1))


# --- matrices ---------------------------------------------------------------------------------------------------


def test_member_create_matrix(world):
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: member_create(actor=actor, **create_kwargs(w.child)),
        state=lambda w: Member.objects.count(),
        view_perm=VIEW_MEMBER,
    )


def test_member_update_matrix(world):
    member = MemberFactory.create(unit=world.child, name=f"张三{CANARY}")
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: member_update(actor=actor, member=member, name="张四", education="本科"),
        state=lambda w: Member.objects.values_list("name", "education").get(pk=member.pk),
        view_perm=VIEW_MEMBER,
    )


def test_member_set_status_matrix(world):
    member = MemberFactory.create(unit=world.child, name=f"赵{CANARY}")
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: member_set_status(
            actor=actor, member=member, status=MemberStatus.RETIRED, on=TODAY, reason="到龄退休"
        ),
        state=lambda w: Member.objects.get(pk=member.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_member_reveal_id_matrix(world):
    member = MemberFactory.create(unit=world.child, name=f"钱{CANARY}")
    service_matrix(
        world,
        REVEAL_ID_NUMBER,
        act=lambda actor, w: member_reveal_id(actor=actor, member=member),
        state=lambda w: AuditEvent.objects.filter(action="members.id_reveal").count(),
        view_perm=VIEW_MEMBER,
    )


def test_member_unflag_matrix(world):
    member = flagged_member(world)
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: member_unflag(actor=actor, member=member, note="已电话联系"),
        state=lambda w: Member.objects.get(pk=member.pk).inactive_flagged_on,
        view_perm=VIEW_MEMBER,
    )


# --- create -----------------------------------------------------------------------------------------------------


def test_create_normalises_derives_and_records(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    raw = resident_id(77, birth=dt.date(1990, 5, 17), female=True)
    messy = " ".join(raw[i : i + 6] for i in range(0, 18, 6)).replace("1", "１")
    member = member_create(actor=actor, **create_kwargs(world.child, id_number=messy, phone="+86 138-0000-4242"))
    assert member.member_no.startswith("HY")
    assert len(member.member_no) == 12
    assert member.birth_date == dt.date(1990, 5, 17)
    assert member.gender == "F"
    assert member.phone == "13800004242"
    assert member.phone_rev == "24240000831"
    assert member.id_bidx == keys.id_keys(raw).bidx
    assert member.id_masked == raw[:3] + "*" * 11 + raw[-4:]
    assert keys.id_decrypt(member.id_cipher) == raw
    assert member.name_pinyin.startswith("wanglanfang")
    assert member.name_initials.startswith("wlf")
    assert set(MemberNameGram.objects.filter(member=member).values_list("gram", flat=True)) >= {"王兰", "兰芳"}
    assert MemberEvent.objects.filter(member=member, kind=MemberEventKind.JOINED).count() == 1
    event = AuditEvent.objects.filter(action="members.member_create").latest("id")
    assert raw not in str(event.changes)
    assert "13800004242" not in str(event.changes)


def test_create_rejects_bad_input(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    bad = resident_id(5)[:-1] + ("0" if resident_id(5)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        member_create(actor=actor, **create_kwargs(world.child, id_number=bad))
    assert "校验位" in str(info.value)
    with pytest.raises(ValidationError, match="手机"):
        member_create(actor=actor, **create_kwargs(world.child, phone="12345"))
    with pytest.raises(ValidationError, match="入会时间"):
        member_create(actor=actor, **create_kwargs(world.child, joined_on=TODAY + dt.timedelta(days=2)))
    with pytest.raises(ValidationError, match="不能直接加入"):
        member_create(actor=actor, **create_kwargs(world.target))
    with pytest.raises(ValidationError, match="性别"):
        member_create(actor=actor, **create_kwargs(world.child, id_type=IdType.PASSPORT, id_number="E12345678"))
    assert Member.objects.count() == 0


def test_other_document_types_need_gender(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    member = member_create(
        actor=actor, **create_kwargs(world.child, id_type=IdType.PASSPORT, id_number="e 1234 5678", gender="M")
    )
    assert member.birth_date is None
    assert member.gender == "M"
    assert keys.id_decrypt(member.id_cipher) == "E12345678"


def test_one_person_one_membership_names_union_only_when_visible(world):
    number = resident_id(99)
    holder = MemberFactory.create(unit=world.child, id_number=number, name=f"孙{CANARY}")
    other_union = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.GRASSROOTS, name="兄弟基层工会")
    sibling = world.actor("sibling", MANAGE_MEMBER)
    with pytest.raises(ValidationError) as info:
        member_create(actor=sibling, **create_kwargs(other_union, id_number=number))
    text = " ".join(info.value.messages)
    assert "其他工会" in text
    assert "接转" in text
    assert CANARY not in text
    assert holder.member_no not in text
    ancestor = world.actor("ancestor", MANAGE_MEMBER)
    with pytest.raises(ValidationError) as info:
        member_create(actor=ancestor, **create_kwargs(other_union, id_number=number))
    text = " ".join(info.value.messages)
    assert world.child.name in text
    assert holder.member_no in text
    assert info.value.error_dict["id_number"][0].code == "member_elsewhere"


def test_rejoin_after_leaving_reactivates_the_same_row(world):
    actor = world.actor("ancestor", MANAGE_MEMBER)
    number = resident_id(123)
    member = MemberFactory.create(unit=world.child, id_number=number, status=MemberStatus.LEFT, name="周旧名")
    new_union = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.GRASSROOTS, name="新单位工会")
    again = member_create(actor=actor, **create_kwargs(new_union, id_number=number, name="周新名"))
    assert again.pk == member.pk
    again.refresh_from_db()
    assert again.unit_id == new_union.pk
    assert again.status == MemberStatus.ACTIVE
    assert again.name == "周新名"
    event = MemberEvent.objects.filter(member=member, kind=MemberEventKind.JOINED).latest("id")
    assert event.other_unit_id == world.child.pk
    assert AuditEvent.objects.filter(action="members.member_rejoin").count() == 1
    grams = MemberNameGram.objects.filter(member=member)
    assert set(grams.filter(rk__lt=3).values_list("gram", flat=True)) == {"周新", "新名"}
    assert set(grams.filter(rk=3).values_list("gram", flat=True)) == {"xinming"}  # the given name (issue 12)


def test_deceased_person_cannot_join(world):
    number = resident_id(321)
    MemberFactory.create(unit=world.child, id_number=number, status=MemberStatus.DECEASED)
    with pytest.raises(ValidationError, match="已故"):
        member_create(actor=world.actor("ancestor", MANAGE_MEMBER), **create_kwargs(world.child, id_number=number))


def test_create_links_portal_user_once(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    member_create(actor=actor, **create_kwargs(world.child, user=world.member, source=MemberSource.ONLINE))
    with pytest.raises(ValidationError, match="门户账户"):
        member_create(actor=actor, **create_kwargs(world.child, id_number=resident_id(8), user=world.member))


# --- update -----------------------------------------------------------------------------------------------------


def test_update_recomputes_keys_and_masks_audit(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    member = MemberFactory.create(unit=world.child, name="王兰芳")
    member_update(actor=actor, member=member, name="单雪梅", phone="13900001111", education="硕士")
    member.refresh_from_db()
    assert member.name_pinyin == "shanxuemei"
    assert member.name_initials == "sxm"
    assert member.phone_rev == "11110000931"
    grams = MemberNameGram.objects.filter(member=member)
    assert set(grams.filter(rk__lt=3).values_list("gram", flat=True)) == {"单雪", "雪梅"}
    # the alternate keys (issue 12): 单's other readings, with initials, and the given name alone
    assert set(grams.filter(rk=3).values_list("gram", flat=True)) == {"danxuemei", "dxm", "chanxuemei", "cxm", "xuemei"}
    event = AuditEvent.objects.filter(action="members.member_update").latest("id")
    assert event.changes["phone"] == ["***", "***"]
    assert "13900001111" not in str(event.changes)
    assert MemberEvent.objects.filter(member=member, kind=MemberEventKind.UPDATED).count() == 1


def test_id_change_needs_reveal_permission_and_stays_unique(world):
    member = MemberFactory.create(unit=world.child)
    other = MemberFactory.create(unit=world.child)
    without = world.actor("same_without", REVEAL_ID_NUMBER)
    with pytest.raises(PermissionDenied):
        member_update(actor=without, member=member, id_number=resident_id(555))
    actor = world.actor("same_with", MANAGE_MEMBER)
    with pytest.raises(ValidationError, match="会员"):
        member_update(actor=actor, member=member, id_number=keys.id_decrypt(other.id_cipher))
    new = resident_id(556, birth=dt.date(1988, 8, 8))
    member_update(actor=actor, member=member, id_number=new)
    member.refresh_from_db()
    assert keys.id_decrypt(member.id_cipher) == new
    assert member.birth_date == dt.date(1988, 8, 8)
    event = AuditEvent.objects.filter(action="members.member_update").latest("id")
    assert event.changes["id_number"] == ["***", "***"]
    assert new not in str(event.changes)


def test_update_refuses_unknown_fields(world):
    member = MemberFactory.create(unit=world.child)
    with pytest.raises(ValidationError):
        member_update(actor=world.actor("same_with", MANAGE_MEMBER), member=member, status="left")


# --- status -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", MemberStatus.values)
@pytest.mark.parametrize("target", MemberStatus.values)
def test_status_transition_table(world, start, target):
    member = MemberFactory.create(unit=world.child, status=start)
    actor = world.actor("same_with", MANAGE_MEMBER)
    allowed = MEMBER.allows(start, target)
    if allowed:
        member_set_status(actor=actor, member=member, status=target, on=TODAY, reason="核实")
        member.refresh_from_db()
        assert member.status == target
        assert member.status_changed_on == TODAY
        event = MemberEvent.objects.get(member=member, kind=MemberEventKind.STATUS)
        assert event.changes == {"status": [start, target]}
        assert event.note == "核实"
    else:
        with pytest.raises(ValidationError) as info:
            member_set_status(actor=actor, member=member, status=target, on=TODAY, reason="核实")
        if start == MemberStatus.LEFT and target == MemberStatus.ACTIVE:
            assert "重新入会" in " ".join(info.value.messages)
        assert Member.objects.get(pk=member.pk).status == start


def test_status_needs_reason_and_sane_date(world):
    member = MemberFactory.create(unit=world.child)
    actor = world.actor("same_with", MANAGE_MEMBER)
    with pytest.raises(ValidationError, match="原因"):
        member_set_status(actor=actor, member=member, status="left", on=TODAY, reason=" ")
    with pytest.raises(ValidationError, match="晚于今天"):
        member_set_status(actor=actor, member=member, status="left", on=TODAY + dt.timedelta(days=1), reason="x")
    with pytest.raises(ValidationError, match="早于入会"):
        member_set_status(actor=actor, member=member, status="left", on=dt.date(2000, 1, 1), reason="x")


# --- reveal -----------------------------------------------------------------------------------------------------


def test_reveal_returns_number_and_audits(world):
    number = resident_id(808)
    member = MemberFactory.create(unit=world.child, id_number=number)
    assert member_reveal_id(actor=world.actor("same_with", REVEAL_ID_NUMBER), member=member) == number
    event = AuditEvent.objects.filter(action="members.id_reveal").latest("id")
    assert event.target_id == str(member.pk)
    assert number not in str(event.data)


# --- inactivity -------------------------------------------------------------------------------------------------


def test_months_before():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 15) == dt.date(2024, 12, 15)


def test_flag_inactive_flags_only_quiet_active_members(world):
    on = TODAY + dt.timedelta(days=400)  # rows written "now" are older than the period by then
    quiet = MemberFactory.create(unit=world.child, joined_on=dt.date(2020, 1, 1))
    recent_join = MemberFactory.create(unit=world.child, joined_on=on - dt.timedelta(days=30))
    active_event = MemberFactory.create(unit=world.child, joined_on=dt.date(2020, 1, 1))
    MemberEvent.objects.create(member=active_event, kind="updated", unit=world.child, on=on - dt.timedelta(days=10))
    retired = MemberFactory.create(unit=world.child, joined_on=dt.date(2020, 1, 1), status=MemberStatus.RETIRED)
    assert members_flag_inactive(on=on) == 1
    assert Member.objects.get(pk=quiet.pk).inactive_flagged_on == on
    assert Member.objects.get(pk=quiet.pk).status == MemberStatus.ACTIVE
    for other in (recent_join, active_event, retired):
        assert Member.objects.get(pk=other.pk).inactive_flagged_on is None
    assert MemberEvent.objects.filter(member=quiet, kind=MemberEventKind.FLAGGED).count() == 1
    assert AuditEvent.objects.filter(action="members.flag_inactive").count() == 1
    assert members_flag_inactive(on=on) == 0  # idempotent


def test_flag_inactive_reads_policy_per_union(world, django_assert_max_num_queries):
    from gonghui.policy.models import PolicyRecord

    on = TODAY + dt.timedelta(days=400)
    # 48 months at the child: nobody there is quiet for that long yet; the sibling's union keeps the default 6.
    PolicyRecord.objects.create(
        key="members.inactive_months", unit=world.child, value=48, effective_from=dt.date(2000, 1, 1), note="测试"
    )
    at_child = MemberFactory.create(unit=world.child, joined_on=TODAY - dt.timedelta(days=400))
    other = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.GRASSROOTS)
    for _i in range(5):
        MemberFactory.create(unit=other, joined_on=dt.date(2020, 1, 1))
    with django_assert_max_num_queries(30):
        members_flag_inactive(on=on)
    assert Member.objects.filter(unit=other, inactive_flagged_on=on).count() == 5
    assert Member.objects.get(pk=at_child.pk).inactive_flagged_on is None


def test_unflag_requires_a_flag_and_a_note(world):
    actor = world.actor("same_with", MANAGE_MEMBER)
    member = MemberFactory.create(unit=world.child)
    with pytest.raises(ValidationError, match="没有疑似失联"):
        member_unflag(actor=actor, member=member, note="x")
    flagged = flagged_member(world)
    with pytest.raises(ValidationError, match="核实"):
        member_unflag(actor=actor, member=flagged, note="")
    member_unflag(actor=actor, member=flagged, note="仍在职")
    assert Member.objects.get(pk=flagged.pk).inactive_flagged_on is None
    assert MemberEvent.objects.filter(member=flagged, kind=MemberEventKind.UNFLAGGED).count() == 1


def test_task_and_command_run_the_job(world):
    from django.core.management import call_command

    from gonghui.members.roster.tasks import flag_inactive_members

    MemberFactory.create(unit=world.child, joined_on=dt.date(2020, 1, 1))
    on = (TODAY + dt.timedelta(days=400)).isoformat()
    result = flag_inactive_members.enqueue(on=on)
    assert result.return_value == 1
    call_command("flag_inactive_members", "--on", on)
