"""Paginated, filterable, sortable lists for console and portal pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from gonghui.common.params import int_param

M = TypeVar("M", bound=Model)

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


@dataclass
class Listing:
    page: Page[Any]
    sort: str
    querystring: str  # the current filters without ``page``, for pagination links

    @property
    def object_list(self) -> Any:
        return self.page.object_list


def sort_param(request: HttpRequest, allowed: Mapping[str, str], default: str) -> tuple[str, str]:
    """``(key, order_by)`` from ``?sort=``; unknown keys fall back to ``default``."""
    key = request.GET.get("sort", default)
    if key not in allowed:
        key = default
    return key, allowed[key]


def paginate(
    request: HttpRequest,
    qs: QuerySet[M],
    *,
    sorts: Mapping[str, str] | None = None,
    default_sort: str = "",
    per_page: int = DEFAULT_PER_PAGE,
) -> Listing:
    sort = ""
    if sorts:
        sort, order_by = sort_param(request, sorts, default_sort or next(iter(sorts)))
        qs = qs.order_by(order_by, "pk")
    asked = int_param(request.GET.get("per_page", ""), min_value=1)
    size = min(asked, MAX_PER_PAGE) if asked is not None else per_page
    paginator = Paginator(qs, size)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return Listing(page=page, sort=sort, querystring=params.urlencode())
