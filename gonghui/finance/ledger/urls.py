"""Console pages of the books (``/console/finance/``, URL names in the ``finance:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance.ledger import views
from gonghui.finance.ledger.forms import BOOKKEEPING_UNIT_KINDS
from gonghui.finance.permissions import MANAGE_ACCOUNTS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("", views.ledger_home, name="ledger_home"),
    path("ledgers/open/", views.ledger_open, name="ledger_open"),
    path("ledgers/units/", unit_search_view(MANAGE_ACCOUNTS, kinds=BOOKKEEPING_UNIT_KINDS), name="ledger_unit_search"),
    path("ledgers/<int:ledger_id>/", views.ledger_detail, name="ledger_detail"),
    path("periods/<int:period_id>/close/", views.period_close, name="period_close"),
    # chart of accounts
    path("ledgers/<int:ledger_id>/accounts/", views.account_list, name="account_list"),
    path("ledgers/<int:ledger_id>/accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:account_id>/edit/", views.account_edit, name="account_edit"),
    # vouchers
    path("ledgers/<int:ledger_id>/vouchers/", views.voucher_list, name="voucher_list"),
    path("ledgers/<int:ledger_id>/vouchers/new/", views.voucher_create, name="voucher_create"),
    path("ledgers/<int:ledger_id>/vouchers/line/", views.voucher_line_row, name="voucher_line_row"),
    path("ledgers/<int:ledger_id>/vouchers/totals/", views.voucher_totals, name="voucher_totals"),
    path("vouchers/<int:voucher_id>/", views.voucher_detail, name="voucher_detail"),
    path("vouchers/<int:voucher_id>/edit/", views.voucher_edit, name="voucher_edit"),
    path("vouchers/<int:voucher_id>/submit/", views.voucher_submit, name="voucher_submit"),
    path("vouchers/<int:voucher_id>/return/", views.voucher_return, name="voucher_return"),
    path("vouchers/<int:voucher_id>/approve/", views.voucher_approve, name="voucher_approve"),
    path("vouchers/<int:voucher_id>/post/", views.voucher_post, name="voucher_post"),
    path("vouchers/<int:voucher_id>/void/", views.voucher_void, name="voucher_void"),
    path("vouchers/<int:voucher_id>/reverse/", views.voucher_reverse, name="voucher_reverse"),
    path("vouchers/<int:voucher_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    # reports
    path("ledgers/<int:ledger_id>/reports/trial-balance/", views.report_trial_balance, name="report_trial_balance"),
    path(
        "ledgers/<int:ledger_id>/reports/trial-balance.xlsx",
        views.report_trial_balance_xlsx,
        name="report_trial_balance_xlsx",
    ),
    path("ledgers/<int:ledger_id>/reports/account-ledger/", views.report_account_ledger, name="report_account_ledger"),
    path(
        "ledgers/<int:ledger_id>/reports/account-ledger.xlsx",
        views.report_account_ledger_xlsx,
        name="report_account_ledger_xlsx",
    ),
    path(
        "ledgers/<int:ledger_id>/reports/income-statement/",
        views.report_income_statement,
        name="report_income_statement",
    ),
    path(
        "ledgers/<int:ledger_id>/reports/income-statement.xlsx",
        views.report_income_statement_xlsx,
        name="report_income_statement_xlsx",
    ),
    path("units/<int:unit_id>/reports/rollup/", views.report_rollup, name="report_rollup"),
    path("units/<int:unit_id>/reports/rollup.xlsx", views.report_rollup_xlsx, name="report_rollup_xlsx"),
]
