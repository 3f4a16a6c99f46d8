"""A file download that leaves an audit record: every export of personal or financial data goes through
:func:`audited_download`, so that the record is written (in its own transaction, before the first byte leaves)
the same way on every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from gonghui.audit.services import audit_record
from gonghui.common.sheets.writing import XLSX_TYPE


def query_filters(request: HttpRequest, names: Iterable[str]) -> dict[str, str]:
    """The list filters of ``request`` among ``names`` that are set: what the audit record keeps of an export's
    query (so that "who exported what" can be answered later)."""
    return {k: v for k in names if (v := request.GET.get(k, ""))}


def audited_download(
    request: HttpRequest,
    content: bytes,
    *,
    filename: str,
    action: str,
    content_type: str = XLSX_TYPE,
    target: Model | None = None,
    target_type: str | None = None,
    target_repr: str | None = None,
    unit: Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Write the audit record of an export (``action`` with its target and ``data``: row counts, filters) and return
    ``content`` as an attachment named ``filename``."""
    with transaction.atomic():
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=action,
            target=target,
            target_type=target_type,
            target_repr=target_repr,
            unit=unit,
            data=data,
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
