"""Members' dues (会费): wages, payments, payroll batches, collections to confirm and the portal's 我的会费."""
