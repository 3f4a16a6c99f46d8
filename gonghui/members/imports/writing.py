"""Bulk writes of new members for the import, per database vendor, inside the caller's batch transaction.

PostgreSQL: the batch's ids are reserved from the table's sequence (``nextval`` over ``generate_series``), then
members, name bigrams (with their rank, the member's pinyin and union) and ``joined`` events go in with
``COPY ... FROM STDIN``, the text rendered here in one piece per table and batch (``copy_text``: a join per row
instead of psycopg's per-value ``write_row``).
SQLite (and any other vendor): one prepared ``INSERT`` per table through ``executemany``; the ids follow the
table's highest id (SQLite imports run with ``transaction_mode=IMMEDIATE``: the batch holds the write lock from
its first statement, so nobody takes those ids in between).

Columns are taken from the models, so a column added later is written with its model default.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Model

from gonghui.members.models import Member, MemberEvent, MemberNameGram
from gonghui.members.roster import keys
from gonghui.members.roster.services import member_number

# Member columns the import computes per row, in the order of the value tuples the pipeline builds.
MEMBER_VARYING = (
    "member_no",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "ethnicity",
    "birth_date",
    "id_type",
    "id_cipher",
    "id_bidx",
    "id_masked",
    "id_tail4",
    "id_tail5",
    "id_tail6",
    "phone",
    "phone_rev",
    "education",
    "employer_id",
    "employer_name",
    "job",
    "gig_type",
    "joined_on",
    "name_sort",
)
EVENT_VARYING = ("member_id", "on")
GRAM_VARYING = ("member_id", "gram", "rk", "name_pinyin")  # + the batch's unit_id (constant)


SQLITE_IMPORT_CACHE_KIB = 96 * 1024


def larger_page_cache() -> int | None:
    """SQLite: a 96 MiB page cache on this connection for the import (the default 2 MiB cannot hold the pages of
    the roster's indexes that a batch touches, and each miss is a read); returns the previous setting."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        previous = int(cur.fetchone()[0])
        cur.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    return previous


def restore_page_cache(previous: int | None) -> None:
    if previous is not None and connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {int(previous)}")


class _Table:
    def __init__(self, model: type[Model], varying: Sequence[str], fixed: dict[str, Any]) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_attname = {f.attname: f for f in fields}
        self.table = model._meta.db_table
        self.varying = [by_attname[name] for name in varying]
        self.constant = [f for f in fields if f.attname not in varying]
        self.values = tuple(
            f.get_db_prep_save(fixed[f.attname] if f.attname in fixed else f.get_default(), connection)
            for f in self.constant
        )
        self.copy_constant = "\t".join(copy_value(v) for v in self.values)
        self.pk = model._meta.pk.column  # type: ignore[union-attr]

    def columns(self, *, with_pk: bool) -> str:
        quote = connection.ops.quote_name
        names = [f.column for f in self.varying] + [f.column for f in self.constant]
        return ", ".join(quote(n) for n in ([self.pk] if with_pk else []) + names)


@dataclass
class Rendered:
    """A batch ready to write: its reserved member ids and, per table, the ``COPY`` text (PostgreSQL) or the rows."""

    ids: list[int]
    parts: list[tuple[_Table, bytes | list[tuple[Any, ...]], bool]]


class BatchWriter:
    """Writes one batch of new members with their bigrams and events; returns nothing, raises on failure."""

    def __init__(self, *, unit_id: int, actor_id: int | None, note: str, now: datetime, kind: str) -> None:
        from gonghui.members.models import MemberSource, MemberStatus

        self.vendor = connection.vendor
        self.members = _Table(
            Member,
            MEMBER_VARYING,
            {
                "unit_id": unit_id,
                "user_id": None,
                "status": MemberStatus.ACTIVE,
                "source": MemberSource.IMPORT,
                "created_at": now,
                "updated_at": now,
            },
        )
        self.grams = _Table(MemberNameGram, GRAM_VARYING, {"unit_id": unit_id})
        self.events = _Table(
            MemberEvent,
            EVENT_VARYING,
            {"kind": kind, "unit_id": unit_id, "other_unit_id": None, "actor_id": actor_id, "note": note,
             "changes": {}, "at": now},
        )  # fmt: skip

    def write(self, members: list[tuple[Any, ...]], grams: list[list[str]], joined: list[str]) -> list[int]:
        """``members``: value tuples in ``MEMBER_VARYING`` order (the leading ``member_no`` is ignored: it is derived
        from the reserved id, as for every member); ``grams``/``joined``: per member, same order."""
        rendered = self.render(members, grams, joined)
        self.put(rendered)
        return rendered.ids

    def render(self, members: list[tuple[Any, ...]], grams: list[list[str]], joined: list[str]) -> Rendered:
        """Reserve the ids and build the rows (PostgreSQL: their ``COPY`` text) — everything but the writes, so that
        a pipelined import can do it while the previous batch is written. Ids are reserved outside the batch's
        transaction too (sequences are not transactional): a batch that fails leaves a gap, never a duplicate."""
        ids = self._reserve(len(members))
        member_rows = [(pk, member_number(pk), *row[1:]) for pk, row in zip(ids, members, strict=True)]
        rank = keys.gram_rank
        gram_rows = [
            (pk, gram, rank(row[1], gram), row[2])  # row[1]: name, row[2]: name_pinyin (``MEMBER_VARYING``)
            for pk, row, names in zip(ids, members, grams, strict=True)
            for gram in names
        ]
        event_rows = list(zip(ids, joined, strict=True))
        tables = ((self.members, member_rows, True), (self.grams, gram_rows, False), (self.events, event_rows, False))
        parts = [
            (table, copy_text(rows, table.copy_constant) if self.vendor == "postgresql" else rows, with_pk)
            for table, rows, with_pk in tables
            if rows
        ]
        return Rendered(ids=ids, parts=parts)

    def put(self, rendered: Rendered) -> None:
        """Write what :meth:`render` built, on this thread's connection, in the caller's transaction."""
        for table, data, with_pk in rendered.parts:
            self._put(table, data, with_pk=with_pk)

    def _reserve(self, n: int) -> list[int]:
        table = self.members.table
        with connection.cursor() as cur:
            if self.vendor == "postgresql":
                cur.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, self.members.pk, n],
                )
                return [r[0] for r in cur.fetchall()]
            quoted = connection.ops.quote_name(table)
            pk = connection.ops.quote_name(self.members.pk)
            cur.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quoted}")  # noqa: S608 - model table names
            top = cur.fetchone()[0]
            if self.vendor == "sqlite":
                cur.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
                top = max(top, cur.fetchone()[0])
        return list(range(top + 1, top + 1 + n))

    def _put(self, table: _Table, data: bytes | list[tuple[Any, ...]], *, with_pk: bool) -> None:
        """``data``: PostgreSQL: the ``COPY`` text; else the rows (the varying values; the table's constant columns
        follow them)."""
        quoted = connection.ops.quote_name(table.table)
        columns = table.columns(with_pk=with_pk)
        with connection.cursor() as cur:
            if isinstance(data, bytes):
                with cur.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
                return
            const = table.values
            marks = ", ".join(["%s"] * (len(data[0]) + len(const)))
            sql = f"INSERT INTO {quoted} ({columns}) VALUES ({marks})"  # noqa: S608 - model table and column names
            cur.executemany(sql, [(*row, *const) for row in data])


_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPE = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(value: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPE[m.group()], value)


def copy_value(value: Any) -> str:
    """One value in ``COPY ... FROM STDIN`` text format (``\\N`` for NULL, backslash escapes)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | Decimal | date | time):  # datetime is a date
        return _escape(value.isoformat() if isinstance(value, date | time) else str(value))
    if isinstance(value, dict | list):
        return _escape(json.dumps(value, cls=DjangoJSONEncoder))
    obj = getattr(value, "obj", _MISSING)  # psycopg's Json/Jsonb wrapper from JSONField.get_db_prep_save
    if obj is not _MISSING:
        return _escape(json.dumps(obj, cls=DjangoJSONEncoder))
    raise TypeError(f"no COPY text form for {type(value).__name__}")


_MISSING = object()


def copy_text(rows: list[tuple[Any, ...]], constant: str) -> bytes:
    """Rows (varying values) in ``COPY`` text format, each followed by the pre-rendered ``constant`` columns.

    A row whose texts hold no tab, newline or backslash is joined as it is (the common case); any other row is
    escaped value by value."""
    lines = []
    suffix = "\t" + constant + "\n" if constant else "\n"
    special, value = _SPECIAL.search, copy_value
    for row in rows:
        if special("".join([v for v in row if type(v) is str])) is None:
            line = "\t".join(
                [
                    v if type(v) is str else ("\\N" if v is None else (str(v) if type(v) is int else value(v)))
                    for v in row
                ]
            )
        else:
            line = "\t".join([value(v) for v in row])
        lines.append(line)
    return (suffix.join(lines) + suffix).encode()
