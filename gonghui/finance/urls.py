"""Console pages of union funds (``/console/finance/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.finance.allocation import urls as allocation
from gonghui.finance.audits import urls as audits
from gonghui.finance.budgets import urls as budgets
from gonghui.finance.closing import urls as closing
from gonghui.finance.dues import urls as dues
from gonghui.finance.ledger import urls as ledger
from gonghui.finance.payments import urls as payments

app_name = "finance"
urlpatterns: list[URLPattern | URLResolver] = [
    *ledger.urlpatterns,
    *closing.urlpatterns,
    *payments.urlpatterns,
    *allocation.urlpatterns,
    *dues.urlpatterns,
    *budgets.urlpatterns,
    *audits.urlpatterns,
]
