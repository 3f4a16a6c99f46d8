"""Console pages of the year end (URL names in the ``finance:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance.closing import views

urlpatterns: list[URLPattern] = [
    path("ledgers/<int:ledger_id>/year-close/<int:year>/", views.year_close, name="year_close"),
    path("ledgers/<int:ledger_id>/final-accounts/<int:year>/", views.final_accounts, name="final_accounts"),
    path(
        "ledgers/<int:ledger_id>/final-accounts/<int:year>.xlsx",
        views.final_accounts_xlsx,
        name="final_accounts_xlsx",
    ),
    path("units/<int:unit_id>/final-accounts/<int:year>/", views.final_accounts_rollup, name="final_accounts_rollup"),
    path(
        "units/<int:unit_id>/final-accounts/<int:year>.xlsx",
        views.final_accounts_rollup_xlsx,
        name="final_accounts_rollup_xlsx",
    ),
]
