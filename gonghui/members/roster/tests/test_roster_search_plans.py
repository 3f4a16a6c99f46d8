"""Every kind of search-box query is answered from indexes on PostgreSQL (target P2), never by reading the roster.

The roster holds a few thousand members (bulk-inserted with their real keys) and the planner is told that
sequential scans are prohibitively expensive (``enable_seqscan = off``), so that a test table gives the plan of a
large one: a query that an index can serve then never reads ``members_member`` or
``members_membernamegram`` sequentially, nor walks a whole index without a condition. A query no index can serve
(the unindexed ``icontains`` scan) still does, which the last test checks, so that the check itself can fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection, transaction

from gonghui.members.models import Member, MemberNameGram
from gonghui.members.permissions import VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.selectors import member_list
from gonghui.members.roster.services import name_gram_rows
from gonghui.members.tests.factories import MemberFactory, name_for, resident_id, store_id, store_name

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"),
]

SEARCHED = {"members_member", "members_membernamegram"}
ROWS = 1500
NUMBER = resident_id(31, female=True)


def unindexed_reads(qs: Any) -> list[str]:
    """Plan nodes that read a searched table without an index condition."""
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = raw if isinstance(raw, list) else json.loads(raw)
    bad: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        kind = node["Node Type"]
        if node.get("Relation Name") in SEARCHED:
            if kind == "Seq Scan" or (kind in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node):
                bad.append(f"{kind} on {node['Relation Name']}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return bad


@pytest.fixture
def searched(world):
    wang = MemberFactory.create(unit=world.child, name="王兰芳", phone="13800000001", id_number=NUMBER)
    rows = []
    for n in range(ROWS):
        member = Member(unit=world.child, member_no=f"HY8{n:09d}", phone=f"137{n:08d}", joined_on=wang.joined_on)
        member.gender = "M"
        member.phone_rev = keys.phone_rev(member.phone)
        store_name(member, name_for(n * 7919 + 11))
        store_id(member, resident_id(100 + n))
        rows.append(member)
    Member.objects.bulk_create(rows, batch_size=1000)
    MemberNameGram.objects.bulk_create([g for m in rows for g in name_gram_rows(m)], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
        cursor.execute("ANALYZE members_membernamegram")
    return world.actor("ancestor", VIEW_MEMBER)


QUERIES = {
    "name2": "兰芳",
    "name3": "王兰芳",
    "pinyin": "wanglanfang",
    "initials": "wlf",
    "phone4": "0001",
    "phone8": "00000001",
    "id4": NUMBER[-4:],
    "id5": NUMBER[-5:],
    "id6": NUMBER[-6:],
    "id18": NUMBER,
}


def test_each_search_kind_uses_an_index(searched):
    # One roster for every kind (building it is the slow part); the failure names the kind.
    for kind, q in QUERIES.items():
        qs = member_list(actor=searched, q=q)
        assert qs.exists(), kind
        assert unindexed_reads(qs[:50]) == [], kind  # the first page, ranked
        assert unindexed_reads(qs.order_by()) == [], kind  # the paginator's count
    # The check itself can fail: the unindexed scan is caught.
    assert unindexed_reads(Member.objects.filter(name__icontains="兰芳")) == ["Seq Scan on members_member"]
