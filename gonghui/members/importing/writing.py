"""Bulk writes of new members for the import, per database vendor, inside the caller's batch transaction.

PostgreSQL: the batch's ids are reserved from the table's sequence (``nextval`` over ``generate_series``), then
members, name bigrams and ``joined`` events go in with ``COPY ... FROM STDIN`` (psycopg 3 ``write_row``).
SQLite (and any other vendor): one prepared ``INSERT`` per table through ``executemany``; the ids follow the
table's highest id (SQLite imports run with ``transaction_mode=IMMEDIATE``: the batch holds the write lock from
its first statement, so nobody takes those ids in between).

Columns are taken from the models, so a column added later is written with its model default.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from gonghui.members.models import Member, MemberEvent, MemberNameGram
from gonghui.members.services import member_number

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
)
EVENT_VARYING = ("member_id", "on")
GRAM_VARYING = ("member_id", "gram")


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
        self.pk = model._meta.pk.column  # type: ignore[union-attr]

    def columns(self, *, with_pk: bool) -> str:
        quote = connection.ops.quote_name
        names = [f.column for f in self.varying] + [f.column for f in self.constant]
        return ", ".join(quote(n) for n in ([self.pk] if with_pk else []) + names)


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
        self.grams = _Table(MemberNameGram, GRAM_VARYING, {})
        self.events = _Table(
            MemberEvent,
            EVENT_VARYING,
            {"kind": kind, "unit_id": unit_id, "other_unit_id": None, "actor_id": actor_id, "note": note,
             "changes": {}, "at": now},
        )  # fmt: skip

    def write(self, members: list[tuple[Any, ...]], grams: list[list[str]], joined: list[str]) -> list[int]:
        """``members``: value tuples in ``MEMBER_VARYING`` order (the leading ``member_no`` is ignored: it is derived
        from the reserved id, as for every member); ``grams``/``joined``: per member, same order."""
        ids = self._reserve(len(members))
        m_const, g_const, e_const = self.members.values, self.grams.values, self.events.values
        member_rows = [(pk, member_number(pk), *row[1:], *m_const) for pk, row in zip(ids, members, strict=True)]
        gram_rows = [(pk, gram, *g_const) for pk, names in zip(ids, grams, strict=True) for gram in names]
        event_rows = [(pk, on, *e_const) for pk, on in zip(ids, joined, strict=True)]
        self._put(self.members, member_rows, with_pk=True)
        self._put(self.grams, gram_rows, with_pk=False)
        self._put(self.events, event_rows, with_pk=False)
        return ids

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

    def _put(self, table: _Table, rows: list[tuple[Any, ...]], *, with_pk: bool) -> None:
        if not rows:
            return
        quoted = connection.ops.quote_name(table.table)
        columns = table.columns(with_pk=with_pk)
        with connection.cursor() as cur:
            if self.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                    write = copy.write_row
                    for row in rows:
                        write(row)
                return
            marks = ", ".join(["%s"] * len(rows[0]))
            cur.executemany(f"INSERT INTO {quoted} ({columns}) VALUES ({marks})", rows)  # noqa: S608
