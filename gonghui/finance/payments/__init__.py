"""Payments through the books (资金支付): requests, approval, recording and the portal's 我的款项."""
