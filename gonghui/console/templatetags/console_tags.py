"""Template helpers of the console shell: links that keep the current filters of a list page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.http import QueryDict
from django.template.base import NodeList
from django.template.loader_tags import BlockNode

from gonghui.common.listing import Listing

register = template.Library()


def _params(listing: Listing) -> QueryDict:
    return QueryDict(listing.querystring, mutable=True)


@register.simple_tag
def page_url(listing: Listing, number: int) -> str:
    """``?<filters>&page=<number>`` for a pagination link."""
    params = _params(listing)
    params["page"] = str(number)
    return f"?{params.urlencode()}"


@register.simple_tag
def sort_url(listing: Listing, key: str) -> str:
    """``?<filters>&sort=key`` (or ``-key`` when the list is already sorted by ``key``), back on page 1."""
    params = _params(listing)
    params["sort"] = f"-{key}" if listing.sort == key else key
    return f"?{params.urlencode()}"


@register.simple_tag
def sort_state(listing: Listing, key: str) -> str:
    """``ascending`` / ``descending`` when the list is sorted by ``key``, else ``none`` (for ``aria-sort``)."""
    if listing.sort == key:
        return "ascending"
    if listing.sort == f"-{key}":
        return "descending"
    return "none"


@register.filter
def widget_kind(bound_field: forms.BoundField) -> str:
    """``checkbox``, ``choices`` (radio / checkbox lists) or ``input``, for the form layout."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    return "input"


@register.simple_tag(takes_context=True)
def repeat_block(context: template.Context, name: str) -> str:
    """Render the child-most ``{% block name %}`` a second time (the page title in ``<title>`` and ``<h1>``)."""
    return BlockNode(name, NodeList()).render(context)


@register.simple_tag
def page_numbers(page: Page[Any]) -> list[int | str]:
    """Page numbers around the current one with ``…`` gaps (never a loop over every page of a long list)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (``15`` for the 15-minute lock)."""
    if value is None:
        return 0
    return max(0, -(-int(value.total_seconds()) // 60))


@register.filter
def region_name(code: object) -> str:
    """A GB/T 2260 code shown by its name ("330106" → "杭州市西湖区"); an unknown code stays as it is."""
    from gonghui.orgs.codes import region_get

    text = str(code or "")
    region = region_get(text) if text else None
    if region is None:
        return text
    if region.city and region.city != region.name:
        return f"{region.city}{region.name}"
    return region.name
