"""Finance test data, built through the services (so books are always consistent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from gonghui.accounts.models import User
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.finance import permissions as p
from gonghui.finance.ledger.services import (
    LineInput,
    ledger_open,
    voucher_approve,
    voucher_create,
    voucher_post,
    voucher_submit,
)
from gonghui.finance.models import Account, Ledger, Voucher
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT

BOOKKEEPER_PERMS = (
    p.VIEW_BOOKS,
    p.MANAGE_ACCOUNTS,
    p.PREPARE_VOUCHER,
    p.REVIEW_VOUCHER,
    p.POST_VOUCHER,
    p.CLOSE_PERIOD,
    p.REQUEST_PAYMENT,
    p.APPROVE_PAYMENT,
    p.PAY,
    p.REVEAL_BANK_ACCOUNT,
    VIEW_UNIT,
)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"cw{n}")
    name = factory.Sequence(lambda n: f"财务{n}")


def staff(unit: OrgUnit, perms: tuple[str, ...] = BOOKKEEPER_PERMS, **kwargs: Any) -> User:
    """A staff account holding ``perms`` at ``unit`` (one role per permission set)."""
    user = UserFactory.create(**kwargs)
    code = "fin-" + str(abs(hash(tuple(sorted(perms)))) % 10**8)
    role, created = Role.objects.get_or_create(code=code, defaults={"name": code})
    if created:
        RolePermission.objects.bulk_create([RolePermission(role=role, permission=x) for x in set(perms)])
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


def books(unit: OrgUnit, *, opened_on: date = date(2026, 1, 1)) -> tuple[Ledger, User, User]:
    """Open ``unit``'s books; returns the ledger and two bookkeepers (a preparer and a reviewer)."""
    preparer, reviewer = staff(unit), staff(unit)
    return ledger_open(actor=preparer, unit=unit, opened_on=opened_on), preparer, reviewer


def account(ledger: Ledger, code: str) -> Account:
    return Account.objects.get(ledger=ledger, code=code)


def lines(ledger: Ledger, *pairs: tuple[str, str, str]) -> list[LineInput]:
    """``("1002", "100.00", "")`` = debit 100 to 1002; ``("4001", "", "100.00")`` = credit."""
    return [
        LineInput(account=account(ledger, code), debit=Decimal(d or "0"), credit=Decimal(c or "0"))
        for code, d, c in pairs
    ]


def posted(
    ledger: Ledger,
    preparer: User,
    reviewer: User,
    day: date,
    amount: str = "100.00",
    debit: str = "1002",
    credit: str = "4001",
    summary: str = "收到会费",
) -> Voucher:
    voucher = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=day,
        summary=summary,
        lines=lines(ledger, (debit, amount, ""), (credit, "", amount)),
    )
    voucher_submit(actor=preparer, voucher=voucher)
    voucher_approve(actor=reviewer, voucher=voucher)
    return voucher_post(actor=preparer, voucher=voucher)
