"""Yearly budgets (年度预算): preparation, approval through review, and the spending check against them."""
