"""The one parser of ids and counts taken from a request (query string, posted form, JSON body, URL).

``str.isdigit()`` accepts ``²`` and ``٣`` (``int("²")`` fails, ``int("٣")`` is 3), and ``int()`` accepts any
size, which the database refuses (``OverflowError`` on SQLite, an error on PostgreSQL): both used to end in a
500. :func:`int_param` accepts only ASCII digits and values within the database's ``bigint`` range, and answers
``None`` for anything else, so that

- an API answers 400 with :data:`INVALID_ID_MESSAGE` (:class:`IntParamField` in serializers),
- a console filter ignores the bad value (:class:`IntParamFormField` in forms, or ``int_param`` directly),
- a lookup by id answers 404, as for an id that does not exist (selectors).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

#: The largest value of a PostgreSQL ``bigint`` (and a SQLite ``INTEGER``): every primary key fits in it.
BIGINT_MAX = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")

INVALID_ID_MESSAGE = _("请输入有效的编号（不超过19位的阿拉伯数字）。")


def int_param(raw: object, *, min_value: int = 0, max_value: int = BIGINT_MAX) -> int | None:
    """``raw`` as an int when it is a string of ASCII digits (no sign, no spaces) or an int (not a bool), within
    ``min_value`` … ``max_value`` (at most the bigint range); else ``None``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        return None
    if not max(0, min_value) <= value <= min(max_value, BIGINT_MAX):
        return None
    return value


class IntParamField(serializers.IntegerField):
    """A DRF integer (an id, a filter, a version) parsed by :func:`int_param`: 400 with a clear message for
    ``²``, ``+1``, ``1e3``, `` 7`` or a number beyond the bigint range. ``min_value`` defaults to 1 (an id)."""

    default_error_messages = {"invalid": INVALID_ID_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        value = int_param(data, min_value=self.min_value or 0, max_value=self.max_value or BIGINT_MAX)
        if value is None:
            self.fail("invalid")
        return value  # type: ignore[return-value]  # fail() raises


class IntParamFormField(forms.IntegerField):
    """A form integer parsed by :func:`int_param` (an invalid value makes the field invalid: a filter form then
    ignores it). ``min_value`` defaults to 1 (an id)."""

    default_error_messages = {"invalid": INVALID_ID_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = value.strip() if isinstance(value, str) else value
        parsed = int_param(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})(?:-[0-9]{2})?")


def month_param(raw: object) -> date | None:
    """The first day of the month in ``2026-03`` (or a date ``2026-03-15``), or ``None`` for anything else (an
    empty value, ``2026-13``, ``0000-01``, a superscript digit)."""
    found = _MONTH.fullmatch(str(raw or "").strip())
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def body_id(data: object, field: str) -> int:
    """The id a request body (JSON object or form) names in ``field``, read *before* the body is validated, so
    that an endpoint checks the permission on the object it names (404 / 403) before it answers 400 for the rest
    of the body. Missing or not an id: 400 for this field alone."""
    raw = data.get(field) if hasattr(data, "get") else None
    if raw is None or raw == "":
        raise serializers.ValidationError({field: [serializers.Field.default_error_messages["required"]]})
    value = int_param(raw, min_value=1)
    if value is None:
        raise serializers.ValidationError({field: [INVALID_ID_MESSAGE]})
    return value


#: The OpenAPI schema of an id parameter declared by hand (``OpenApiParameter("unit", ID_SCHEMA, ...)``): what
#: :func:`int_param` accepts, so that a schema-driven client never sends an id the API refuses.
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX}


def next_url(request: Any, fallback: str) -> str:
    """The ``next`` parameter (posted, else in the query string) when it is a path on this site, else ``fallback``.

    Only an absolute path is followed: ``url_has_allowed_host_and_scheme`` also accepts a bare word (``²``), which
    ``redirect()`` would then try to reverse as a view name (a 500), and a value with control characters.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        isinstance(candidate, str)
        and candidate.startswith("/")
        and candidate.isprintable()
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
