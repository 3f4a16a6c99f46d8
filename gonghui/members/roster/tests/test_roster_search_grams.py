"""The 2-character search reads the gram rows (target P2): same members, same order as the old definition, and
the rows' copies of rank, pinyin and union stay in step with the member through every writer."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from gonghui.authz import registry
from gonghui.members.imports.writing import BatchWriter
from gonghui.members.joining.tests.sweep import other_unit
from gonghui.members.models import Member, MemberNameGram
from gonghui.members.permissions import MANAGE_MEMBER, TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.selectors import member_list
from gonghui.members.roster.services import member_update, name_gram_rows
from gonghui.members.tests.factories import MemberFactory, check_digit, name_for
from gonghui.members.transfers.services import transfer_accept, transfer_release, transfer_request
from gonghui.orgs.models import UnitKind
from gonghui.orgs.services import unit_create, unit_merge

pytestmark = pytest.mark.django_db

# Exact (兰芳, twice: a tie on pinyin broken by id), prefix (兰芳华), inside (王兰芳, 李兰芳华), a name holding the
# gram twice (兰芳兰芳), a name with a space (兰 芳: the gram, not the name), compound surname, other readings.
NAMES = ["王兰芳", "兰芳", "李兰芳华", "兰芳华", "兰芳", "兰芳兰芳", "兰 芳", "欧阳兰芳", "单兰芳", "蓝芳", "王兰"]


def old_order(q: str, members: list[Member]) -> list[int]:
    """The definition before the gram index: members with the bigram, by (rank, name_pinyin, pk)."""
    hits = [m for m in members if q in keys.name_grams(m.name)]
    return [m.pk for m in sorted(hits, key=lambda m: (keys.gram_rank(m.name, q), m.name_pinyin, m.pk))]


def assert_grams_in_step() -> None:
    stored = sorted(MemberNameGram.objects.values_list("member_id", "gram", "rk", "name_pinyin", "unit_id"))
    expected = sorted(
        (g.member_id, g.gram, g.rk, g.name_pinyin, g.unit_id) for m in Member.objects.all() for g in name_gram_rows(m)
    )
    assert stored == expected


def found(actor: Any, q: str, **kw: Any) -> list[int]:
    return [m.pk for m in member_list(actor=actor, q=q, **kw)]


@pytest.fixture
def named(world: Any) -> list[Member]:
    members = [MemberFactory.create(unit=world.child, name=name) for name in NAMES]
    members.append(MemberFactory.create(unit=world.sibling, name="兰芳"))  # out of the target's scope
    return members


@pytest.mark.parametrize("q", ["兰芳", "王兰", "芳华", "芳兰", "欧阳", "阳兰", "单兰", "蓝芳", "芳王"])
def test_order_and_membership_match_the_old_definition(world: Any, named: list[Member], q: str) -> None:
    actor = world.actor("same_with", VIEW_MEMBER)  # the target district: not the sibling's 兰芳
    visible = [m for m in named if m.unit_id == world.child.pk]
    qs = member_list(actor=actor, q=q)
    assert [m.pk for m in qs] == old_order(q, visible)
    assert [m.search_rank for m in qs] == [keys.gram_rank(m.name, q) for m in qs]  # type: ignore[attr-defined]
    assert qs.count() == len(old_order(q, visible))
    assert found(actor, q)[:2] == old_order(q, visible)[:2]  # a page is the same prefix
    assert_grams_in_step()


def test_other_sorts_and_filters_keep_working(world: Any, named: list[Member]) -> None:
    actor = world.actor("same_with", VIEW_MEMBER)
    visible = [m for m in named if m.unit_id == world.child.pk and "兰芳" in keys.name_grams(m.name)]
    by_name = [m.pk for m in sorted(visible, key=lambda m: (m.name_pinyin, m.pk))]
    assert found(actor, "兰芳", sort="name") == by_name
    assert found(actor, "兰芳", sort="-member_no") == sorted((m.pk for m in visible), reverse=True)
    assert found(actor, "兰芳", unit_id=world.child.pk) == old_order("兰芳", visible)
    assert found(actor, "兰芳", unit_id=world.sibling.pk) == []
    assert found(actor, "兰芳", gender=visible[0].gender) == [
        pk for pk in old_order("兰芳", visible) if Member.objects.get(pk=pk).gender == visible[0].gender
    ]


def test_sibling_clerk_never_finds_our_members(world: Any, named: list[Member]) -> None:
    sibling = world.actor("sibling", VIEW_MEMBER)
    (theirs,) = [m for m in named if m.unit_id == world.sibling.pk]
    assert found(sibling, "兰芳") == [theirs.pk]
    assert member_list(actor=sibling, q="王兰").count() == 0
    assert found(world.actor("same_without", VIEW_MEMBER), "兰芳") == []


def test_rename_rewrites_rank_and_pinyin(world: Any, named: list[Member]) -> None:
    actor = world.actor("ancestor", MANAGE_MEMBER)
    viewer = world.actor("same_with", VIEW_MEMBER)
    member = named[0]  # 王兰芳: rank 2 for 兰芳
    member_update(actor=actor, member=member, name="兰芳")
    assert_grams_in_step()
    visible = list(Member.objects.filter(unit=world.child))
    assert found(viewer, "兰芳") == old_order("兰芳", visible)
    assert member.pk in found(viewer, "兰芳")[:3]
    assert member.pk not in found(viewer, "王兰")


def test_transferred_member_is_found_by_the_new_union_only(world: Any, named: list[Member]) -> None:
    member = named[1]
    old_clerk = world.staff("gold", world.child, [VIEW_MEMBER, TRANSFER_MEMBER])
    to_unit = other_unit(world)
    new_clerk = world.staff("gnew", to_unit, [VIEW_MEMBER, TRANSFER_MEMBER])
    assert member.pk in found(old_clerk, "兰芳")
    transfer = transfer_request(actor=old_clerk, member=member, to_unit=to_unit, reason="调动")
    transfer_release(actor=old_clerk, transfer=transfer)
    transfer_accept(actor=new_clerk, transfer=transfer)
    assert_grams_in_step()
    assert member.pk not in found(old_clerk, "兰芳")
    assert found(new_clerk, "兰芳") == [member.pk]


def test_merged_union_members_follow_in_the_gram_rows(world: Any, named: list[Member]) -> None:
    admin = world.staff("gadmin", world.province, [str(p) for p in registry.all_perms()])
    other = unit_create(actor=admin, parent=world.target, name="另一基层工会", kind=UnitKind.GRASSROOTS)
    unit_merge(actor=admin, source=world.child, target=other)
    assert_grams_in_step()
    clerk = world.staff("gmerged", other, [VIEW_MEMBER])
    moved = [m for m in named if m.unit_id == world.child.pk]
    assert found(clerk, "兰芳") == old_order("兰芳", moved)


def test_import_writer_stores_rank_pinyin_and_union(world: Any) -> None:
    writer = BatchWriter(unit_id=world.child.pk, actor_id=None, note="导入", now=timezone.now(), kind="joined")
    rows, grams = [], []
    for i, name in enumerate(["兰芳", "兰芳华", "王兰芳"]):
        name_keys = keys.name_keys(name)
        rows.append(
            ("", name, name_keys.pinyin, name_keys.initials, "F", "汉族", "1980-01-01", "resident", "k1$x",
             f"{i:032d}", "330***", "t4", "t5", "t6", "", "", "", None, "", "", "", "2020-01-02", name_keys.sort)
        )  # fmt: skip
        grams.append(keys.name_grams(name))
    writer.write(rows, grams, ["2020-01-02"] * 3)
    assert_grams_in_step()
    actor = world.actor("ancestor", VIEW_MEMBER)
    assert [m.name for m in member_list(actor=actor, q="兰芳")] == ["兰芳", "兰芳华", "王兰芳"]


# --- pinyin / initials: a slice read tier by tier equals ranking every match ------------------------------------


@pytest.fixture
def lettered(world: Any) -> list[Member]:
    names = [name_for(n) for n in range(0, 900, 3)]
    names += [
        "王兰芳",
        "王兰芳",
        "王兰",
        "王兰芳华",
        "吴丽芬",
        "魏丽芳",
        "王立飞",
        "万岚",
        "王岚",
        "汪蓝方",
        "王兰芳菲",
    ]
    names += ["欧阳兰", "单立", "曾立", "王"]  # compound surname, surname readings, one character
    members = [MemberFactory.create(unit=world.child, name=name) for name in names]
    members += [MemberFactory.create(unit=world.sibling, name=name) for name in ("王兰芳", "吴丽芬")]
    return members


LATIN = ["wanglanfang", "wlf", "wl", "wang", "wanglan", "lf", "zh", "oyl", "ouyanglan", "shanli", "zengli", "xyz"]


@pytest.mark.parametrize("who", ["same_with", "ancestor"])
def test_pinyin_slices_equal_ranking_every_match(world: Any, lettered: list[Member], who: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = world.actor(who, VIEW_MEMBER)
    for q in LATIN:
        qs = member_list(actor=actor, q=q)
        every = [m.pk for m in qs]  # iterating: the plain QuerySet, every match ranked
        ranked = sorted(
            (m for m in Member.objects.filter(pk__in=every)),
            key=lambda m: (
                0 if q in (m.name_pinyin, m.name_initials) else 1 if m.name_pinyin.startswith(q) else 2,
                m.name_pinyin,
                m.pk,
            ),
        )
        assert every == [m.pk for m in ranked], q
        for start, stop in [(0, 1), (0, 5), (0, 26), (3, 9), (10, 60), (0, 1000), (40, 51)]:
            with CaptureQueriesContext(connection) as ctx:
                page = [m.pk for m in member_list(actor=actor, q=q)[start:stop]]
            assert page == every[start:stop], (q, start, stop)
            # The alternate keys' ids (one indexed read), then the page in one query.
            assert len(ctx.captured_queries) == 2
            assert "members_membernamegram" in ctx.captured_queries[0]["sql"]
            tiered = "UNION ALL" in ctx.captured_queries[1]["sql"]
            assert tiered == connection.features.supports_slicing_ordering_in_compound, q
        ranks = [getattr(m, "search_rank", None) for m in member_list(actor=actor, q=q)[:20]]
        assert ranks == [
            0 if q in (m.name_pinyin, m.name_initials) else 1 if m.name_pinyin.startswith(q) else 2 for m in ranked[:20]
        ]


def test_pinyin_slices_with_filters_or_sorts_rank_every_match(world: Any, lettered: list[Member]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = world.actor("same_with", VIEW_MEMBER)
    for kw in ({"sort": "name"}, {"status": "active"}, {"unit_id": world.child.pk}):
        every = [m.pk for m in member_list(actor=actor, q="wl", **kw)]
        assert every
        with CaptureQueriesContext(connection) as ctx:
            assert [m.pk for m in member_list(actor=actor, q="wl", **kw)[2:7]] == every[2:7]
        tiered = "UNION ALL" in ctx.captured_queries[-1]["sql"]
        # Tiers are read in pinyin order: the name sort (surname first, ``name_sort``) ranks every match instead.
        expected = "status" not in kw and "sort" not in kw and connection.features.supports_slicing_ordering_in_compound
        assert tiered == expected, kw
    every = [m.pk for m in member_list(actor=actor, q="wl", sort="-name")]
    assert [m.pk for m in member_list(actor=actor, q="wl", sort="-name")[1:4]] == every[1:4]
    qs = member_list(actor=actor, q="wl").filter(gender="F")
    assert [m.pk for m in qs[:5]] == [m.pk for m in qs][:5]


@pytest.fixture
def phoned(world: Any) -> list[Member]:
    members = []
    for n in range(60):
        first17 = f"330106198{n % 10}0101{n:03d}"[:17]
        number = first17 + check_digit(first17)
        phone = f"13{n % 7}{n:04d}{'1234' if n % 3 else '5678'}"[:11]
        members.append(MemberFactory.create(unit=world.child, name=name_for(n * 11), phone=phone, id_number=number))
    members.append(MemberFactory.create(unit=world.child, name="甲", phone="13800001234"))
    members.append(MemberFactory.create(unit=world.sibling, name="乙", phone="13800001234"))
    return members


@pytest.mark.parametrize("q", ["1234", "01234", "001234", "13800001234", "5678", "0005"])
def test_phone_and_tail_slices_equal_ranking_every_match(world: Any, phoned: list[Member], q: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = world.actor("same_with", VIEW_MEMBER)
    every = [m.pk for m in member_list(actor=actor, q=q)]
    ranked = sorted(Member.objects.filter(pk__in=every), key=lambda m: (0 if m.phone == q else 2, m.name_pinyin, m.pk))
    assert every == [m.pk for m in ranked]
    assert every or q == "0005"
    for start, stop in [(0, 1), (0, 5), (2, 9), (0, 100)]:
        with CaptureQueriesContext(connection) as ctx:
            assert [m.pk for m in member_list(actor=actor, q=q)[start:stop]] == every[start:stop]
        assert (
            "UNION ALL" in ctx.captured_queries[-1]["sql"]
        ) == connection.features.supports_slicing_ordering_in_compound


def test_a_gram_row_left_in_the_old_union_hides_its_member_instead_of_leaking_it(
    world: Any, named: list[Member]
) -> None:
    """Defence in depth: a write that moved a member without ``name_grams_follow_unit`` (a bug) must not let the old
    union's clerk find the member through the gram row's stale union."""
    (theirs,) = [m for m in named if m.unit_id == world.sibling.pk]
    Member.objects.filter(pk=theirs.pk).update(unit=world.child)  # moved behind the gram rows' back
    sibling = world.actor("sibling", VIEW_MEMBER)
    assert found(sibling, "兰芳") == []
    assert member_list(actor=sibling, q="兰芳").count() == 0
