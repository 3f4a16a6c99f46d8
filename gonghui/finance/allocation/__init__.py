"""Union funds allocation (拨缴经费): employers' declarations, receipts, bank statements and arrears."""
