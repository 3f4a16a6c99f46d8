"""URL sweep resolvers of the year end: the year of ``world.target``'s books (see ``ledger.tests.sweep``: their
posted voucher names ``CANARY``, so a final-accounts page leaking it to a sibling is caught)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.finance.ledger.tests.sweep import target_books


def _year(world: World) -> int:
    return target_books(world).posted.date.year


RESOLVERS: dict[str, Any] = {
    "finance:year_close:year": _year,
    "finance:final_accounts:year": _year,
    "finance:final_accounts_xlsx:year": _year,
    "finance:final_accounts_rollup:year": _year,
    "finance:final_accounts_rollup_xlsx:year": _year,
}
