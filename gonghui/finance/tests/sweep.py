"""URL sweep resolvers of union funds: each part's ``tests/sweep.py`` and the API's ``sweep_api``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.finance.allocation.tests import sweep as allocation
from gonghui.finance.audits.tests import sweep as audits
from gonghui.finance.budgets.tests import sweep as budgets
from gonghui.finance.closing.tests import sweep as closing
from gonghui.finance.dues.tests import sweep as dues
from gonghui.finance.ledger.tests import sweep as ledger
from gonghui.finance.payments.tests import sweep as payments
from gonghui.finance.tests import sweep_api as api

RESOLVERS: dict[str, Any] = {
    **ledger.RESOLVERS,
    **closing.RESOLVERS,
    **payments.RESOLVERS,
    **allocation.RESOLVERS,
    **dues.RESOLVERS,
    **budgets.RESOLVERS,
    **audits.RESOLVERS,
    **api.RESOLVERS,
}
PUBLIC: set[str] = {*allocation.PUBLIC, *dues.PUBLIC, *api.PUBLIC}
SIGNED_IN: set[str] = {*payments.SIGNED_IN, *allocation.SIGNED_IN, *dues.SIGNED_IN, *api.SIGNED_IN}
LOCAL_ONLY: set[str] = {
    *ledger.LOCAL_ONLY,
    *payments.LOCAL_ONLY,
    *allocation.LOCAL_ONLY,
    *dues.LOCAL_ONLY,
    *budgets.LOCAL_ONLY,
    *api.LOCAL_ONLY,
}
