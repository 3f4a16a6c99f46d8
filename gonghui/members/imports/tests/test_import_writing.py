"""The import's COPY text rendering: escapes, NULLs and constants, and a round trip through the real writer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.members.imports.writing import BatchWriter, copy_text, copy_value, larger_page_cache
from gonghui.members.models import Member, MemberEvent, MemberEventKind, MemberNameGram


def test_copy_text_escapes_only_what_copy_needs() -> None:
    rows = [(1, "王兰芳", None, "2020-01-02"), (2, "a\tb\\c\nd\re", 7, None)]
    assert (
        copy_text(rows, "import\\tx")
        == ("1\t王兰芳\t\\N\t2020-01-02\timport\\tx\n2\ta\\tb\\\\c\\nd\\re\t7\t\\N\timport\\tx\n").encode()
    )
    assert copy_text([(1,)], "") == b"1\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"),
        (True, "t"),
        (False, "f"),
        (12, "12"),
        (date(2020, 1, 2), "2020-01-02"),
        (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "2026-01-02T03:04:05+00:00"),
        ({"a": "x\ty"}, '{"a": "x\\\\ty"}'),
        ([], "[]"),
    ],
)
def test_copy_value(value: object, text: str) -> None:
    assert copy_value(value) == text


def test_copy_value_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        copy_value(object())


@pytest.mark.django_db
def test_writer_round_trip_with_awkward_text(world: Any) -> None:
    """Backslashes and tabs in a row reach the database unchanged (COPY on PostgreSQL, executemany on SQLite)."""
    unit = world.child
    writer = BatchWriter(unit_id=unit.pk, actor_id=None, note="备注\\含反斜杠", now=timezone.now(), kind="joined")
    values = (
        "", "王\\兰芳", "wanglanfang", "wlf", "F", "汉族", "1980-01-01", "resident", "k1$x", "b" * 32, "330***",
        "t4", "t5", "t6", "13800000001", "10000000831", "本科", None, "公司\t甲", "岗位\\n", "", "2020-01-02",
        "wang0lanfang",
    )  # fmt: skip
    (pk,) = writer.write([values], [["王\\", "\\兰"]], ["2020-01-02"])
    member = Member.objects.get(pk=pk)
    assert (member.name, member.employer_name, member.job) == ("王\\兰芳", "公司\t甲", "岗位\\n")
    assert member.member_no
    assert member.name_sort == "wang0lanfang"  # the roster's order by name (``keys.name_sort_key``)
    assert member.unit_id == unit.pk
    assert sorted(MemberNameGram.objects.filter(member=member).values_list("gram", flat=True)) == ["\\兰", "王\\"]
    event = MemberEvent.objects.get(member=member)
    assert (event.kind, event.note, event.changes, str(event.on)) == (
        MemberEventKind.JOINED, "备注\\含反斜杠", {}, "2020-01-02"
    )  # fmt: skip


@pytest.mark.django_db
def test_sqlite_page_cache_is_restored() -> None:
    from gonghui.members.imports.writing import restore_page_cache

    previous = larger_page_cache()
    if connection.vendor != "sqlite":
        assert previous is None
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        assert cur.fetchone()[0] < 0
    restore_page_cache(previous)
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        assert cur.fetchone()[0] == previous
