"""Member portal pages of union funds (my payments, my dues): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.finance.dues import portal_urls as dues
from gonghui.finance.payments import portal_urls as payments

app_name = "finance_portal"
urlpatterns: list[URLPattern | URLResolver] = [*payments.urlpatterns, *dues.urlpatterns]
