"""``manage.py ledger_verify``: quiet and zero on balanced books, loud and non-zero on a corrupted ledger."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gonghui.finance.models import Entry
from gonghui.finance.tests.factories import books, posted

pytestmark = pytest.mark.django_db


def test_balanced_books_pass(world):
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 3, 5), "99.90")
    out = StringIO()
    call_command("ledger_verify", stdout=out)
    assert "1 ledger(s) balanced" in out.getvalue()


def test_a_corrupted_ledger_fails(world):
    ledger, preparer, reviewer = books(world.target)
    voucher = posted(ledger, preparer, reviewer, date(2026, 3, 5), "99.90")
    posted(ledger, preparer, reviewer, date(2026, 4, 1), "10.00")
    entry = Entry.objects.get(voucher=voucher, position=1)
    # Entries are append-only in the ORM; a tampered row can only come from outside it.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Entry._meta.db_table} SET debit = %s WHERE id = %s", ["100.00", entry.pk])  # noqa: S608
    err = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("ledger_verify", stdout=StringIO(), stderr=err)
    text = err.getvalue()
    assert f"voucher {voucher.pk}: 100.00 != 99.90" in text
    assert "2026-03: off by 0.10" in text
    assert "2026-04: off by 0.10" in text
    assert world.target.name in text
