"""The books of a union: ledgers, the chart of accounts, vouchers, periods and the reports read from them."""
