"""Funds audit (经审): audit plans, working papers, findings and rectification orders."""
