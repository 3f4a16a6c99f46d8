"""The one search box, scoped: every kind of query, ranking, siblings never find; ID normalising; no plaintext."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.authz import access
from gonghui.authz.testing import CANARY
from gonghui.common.identity import normalize_id
from gonghui.members.models import IdType, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster.selectors import member_get, member_history, member_list, my_membership
from gonghui.members.roster.services import member_create
from gonghui.members.tests.factories import MemberFactory, check_digit, resident_id

pytestmark = pytest.mark.django_db


def names(qs):
    return [m.name for m in qs]


@pytest.fixture
def roster(world):
    """Members of ``world.child`` (target subtree) with telling names, IDs and phones."""
    out = {
        "wang": MemberFactory.create(
            unit=world.child, name="王兰芳", phone="13800000001", id_number=resident_id(1, female=True)
        ),
        "lanfang": MemberFactory.create(unit=world.child, name="兰芳"),
        "li": MemberFactory.create(unit=world.child, name="李兰芳华"),
        "wangx": MemberFactory.create(unit=world.child, name="王兰"),
        "other": MemberFactory.create(unit=world.child, name="陈建国", phone="13912345678"),
    }
    for surname, _py in (("单", "shan"), ("曾", "zeng"), ("仇", "qiu"), ("解", "xie"), ("区", "ou"), ("查", "zha")):
        out[surname] = MemberFactory.create(unit=world.child, name=f"{surname}明{CANARY}")
    return out


def search(world, q, who="ancestor", **kw):
    return list(member_list(actor=world.actor(who, VIEW_MEMBER), q=q, **kw))


def test_two_character_substring_uses_grams(world, roster):
    found = names(search(world, "兰芳"))
    assert set(found) == {"王兰芳", "兰芳", "李兰芳华"}
    assert found[0] == "兰芳"  # exact first
    assert names(search(world, "兰芳华")) == ["李兰芳华"]
    assert names(search(world, "芳王")) == []


def test_single_character_asks_for_a_second_and_ranking(world, roster):
    from gonghui.members.roster.selectors import search_hint

    # One character would match a tenth of a province: it finds nothing and the page says why.
    for q in ("王", "w", "1", " 王 "):
        assert names(search(world, q)) == [], q
        assert search_hint(q), q
    assert search_hint("139") != search_hint("王")  # a tail needs 4 digits
    for q in ("", "王兰", "wl", "0001", "HY0000000001"):
        assert search_hint(q) == "", q
    found = names(search(world, "王兰"))
    assert found[0] == "王兰"
    assert set(found) == {"王兰", "王兰芳"}


def test_pinyin_and_initials(world, roster):
    assert names(search(world, "wanglanfang")) == ["王兰芳"]
    assert "王兰芳" in names(search(world, "wlf"))
    assert names(search(world, "WangLan"))[0] == "王兰"  # exact pinyin first


@pytest.mark.parametrize(
    ("surname", "pinyin"), [("单", "shan"), ("曾", "zeng"), ("仇", "qiu"), ("解", "xie"), ("区", "ou"), ("查", "zha")]
)
def test_surnames_read_as_surnames(world, roster, surname, pinyin):
    assert f"{surname}明{CANARY}" in names(search(world, pinyin + "ming"))
    assert f"{surname}明{CANARY}" in names(search(world, pinyin[0] + "m"))


def test_phone_suffix_and_id_tail(world, roster):
    assert "王兰芳" in names(search(world, "0001"))
    assert names(search(world, "2345678")) == ["陈建国"]
    number = resident_id(1, female=True)
    for n in (4, 5, 6):
        assert "王兰芳" in names(search(world, number[-n:].lower()))
    assert names(search(world, number)) == ["王兰芳"]  # the full number through the blind index
    assert "王兰芳" in names(search(world, "００００１"))  # full-width digits


def test_four_digits_match_phone_or_id_tail(world):
    first17 = "33010619900101987"
    number = first17 + check_digit(first17)
    by_id = MemberFactory.create(unit=world.child, name="乙", id_number=number)
    tail = number[-4:]
    MemberFactory.create(unit=world.child, name="丙", phone=f"1380000{tail}")
    MemberFactory.create(unit=world.child, name="丁", phone="13800001111")
    found = set(names(search(world, tail)))
    assert {"乙", "丙"} <= found
    assert by_id.pk
    assert "丁" not in found


def test_filters(world, roster):
    today = dt.date.today()
    young = MemberFactory.create(
        unit=world.child,
        name="青年",
        id_number=resident_id(2, birth=today.replace(year=today.year - 20) - dt.timedelta(days=3)),
        gig_type="rider",
    )
    MemberFactory.create(unit=world.child, name="离会", status=MemberStatus.LEFT)
    assert names(search(world, "", age_band="18-25")) == ["青年"]
    assert names(search(world, "", gig_type="rider")) == ["青年"]
    assert names(search(world, "", gig_type="any")) == ["青年"]
    assert names(search(world, "", status="left")) == ["离会"]
    assert young.pk in [m.pk for m in search(world, "", unit_id=world.child.pk)]
    assert search(world, "", unit_id=world.child.pk, who="sibling") == []
    assert names(search(world, "", joined_from=dt.date(2030, 1, 1))) == []


def test_sibling_never_sees_finds_or_counts(world, roster):
    number = resident_id(1, female=True)
    actor = world.actor("sibling", VIEW_MEMBER)
    for q in ("", "王兰芳", "兰芳", "wanglanfang", "wlf", "0001", number[-4:], number[-6:], number, "shanming"):
        qs = member_list(actor=actor, q=q)
        assert qs.count() == 0, q
    with pytest.raises(access.NotVisible):
        member_get(actor=actor, member_id=roster["wang"].pk)
    with pytest.raises(access.NotVisible):
        member_history(actor=actor, member=roster["wang"])


def test_my_membership(world):
    member = MemberFactory.create(unit=world.child, user=world.member)
    assert my_membership(actor=world.member) == member
    assert my_membership(actor=world.actor("ancestor", VIEW_MEMBER)) is None


# --- normalize_id properties -----------------------------------------------------------------------------------

FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def _valid_ids():
    return st.builds(
        lambda days, seq: (lambda first17: first17 + check_digit(first17))(
            f"330106{dt.date(1940, 1, 1) + dt.timedelta(days=days):%Y%m%d}{seq:03d}"
        ),
        st.integers(min_value=0, max_value=30000),
        st.integers(min_value=0, max_value=999),
    )


@settings(max_examples=150, deadline=None)
@given(number=_valid_ids(), data=st.data())
def test_normalize_round_trips_any_mix_of_widths_and_spaces(number, data):
    chars = []
    for ch in number:
        if ch.isdigit() and data.draw(st.booleans()):
            ch = FULLWIDTH[ch]
        if ch == "X" and data.draw(st.booleans()):
            ch = "x"
        chars.append(ch + data.draw(st.sampled_from(["", "", " ", "\u3000"])))
    raw = data.draw(st.sampled_from(["", " "])) + "".join(chars)
    assert normalize_id(raw, IdType.RESIDENT).number == number


@settings(max_examples=150, deadline=None)
@given(
    number=_valid_ids(), position=st.integers(min_value=0, max_value=17), delta=st.integers(min_value=1, max_value=9)
)
def test_any_single_digit_change_is_rejected(number, position, delta):
    ch = number[position]
    if ch == "X":
        new = str(delta)
    else:
        new = str((int(ch) + delta) % 10)
    changed = number[:position] + new + number[position + 1 :]
    with pytest.raises(ValidationError) as info:
        normalize_id(changed, IdType.RESIDENT)
    assert info.value.code == "checksum"


def test_future_birth_date_rejected():
    future = dt.date.today() + dt.timedelta(days=30)
    first17 = f"330106{future:%Y%m%d}001"
    with pytest.raises(ValidationError) as info:
        normalize_id(first17 + check_digit(first17), IdType.RESIDENT)
    assert info.value.code == "birth_future"


# --- no plaintext in the database ------------------------------------------------------------------------------


def test_database_holds_no_plaintext_id_number(world):
    number = resident_id(4711)
    actor = world.actor("same_with", MANAGE_MEMBER)
    member_create(
        actor=actor,
        unit=world.child,
        name="明文检查",
        id_type=IdType.RESIDENT,
        id_number=number,
        phone="13800004711",
        joined_on=dt.date(2020, 1, 1),
    )
    with connection.cursor() as cursor:
        columns = [col.name for col in connection.introspection.get_table_description(cursor, "members_member")]
        cursor.execute(f"SELECT {', '.join(columns)} FROM members_member")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute("SELECT changes, data FROM audit_auditevent")
        audit_rows = cursor.fetchall()
    assert rows
    for row in [*rows, *audit_rows]:
        for value in row:
            assert number not in str(value)
            assert number[:17] not in str(value)
