"""Test helpers of accounts, shared by every module's test kit."""

from __future__ import annotations

from itertools import count

from gonghui.accounts.models import User

_numbers = count(1)


def next_phone(prefix: str = "135") -> str:
    """A mainland mobile number that no account holds: the kits of several modules make portal accounts in the same
    test (the URL sweep and the form fuzz resolve every module's records in one world), so they draw from one
    counter, and skip a number a fixture already used."""
    while True:
        phone = f"{prefix}{next(_numbers):08d}"
        if not User.objects.filter(username=phone).exists():
            return phone
