"""Authorization matrix of the import pages and API, and the console flow (upload → preview → confirm)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.imports.selectors import import_job_get
from gonghui.members.imports.services import import_cancel, import_confirm, import_upload
from gonghui.members.imports.tests.sweep import _job
from gonghui.members.models import ImportJob, ImportStatus, Member
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def roster_bytes() -> bytes:
    from datetime import date

    from gonghui.members.imports.synthetic import resident_id

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["姓名", "身份证号", "手机号", "入会时间"])
    writer.writerow(["王兰芳", resident_id("330106", date(1990, 1, 1), 11), "13800000001", "2020-01-01"])
    writer.writerow([f"坏{CANARY}1", "123", "", "2020-01-01"])
    return buf.getvalue().encode("utf-8-sig")


def upload_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("roster.csv", roster_bytes(), content_type="text/csv")


def validated_job(world: Any) -> ImportJob:
    return import_upload(actor=world.actor("ancestor", IMPORT_MEMBER), unit=world.child, upload=upload_file())


def test_upload_service_matrix(world: Any) -> None:
    service_matrix(
        world,
        IMPORT_MEMBER,
        act=lambda actor, w: import_upload(actor=actor, unit=w.child, upload=upload_file()),
        state=lambda w: ImportJob.objects.count(),
        view_perm=VIEW_MEMBER,
    )


def test_confirm_and_cancel_service_matrix(world: Any) -> None:
    job = validated_job(world)
    service_matrix(
        world,
        IMPORT_MEMBER,
        act=lambda actor, w: import_confirm(actor=actor, job=job),
        state=lambda w: (ImportJob.objects.get(pk=job.pk).status, Member.objects.count()),
        view_perm=VIEW_MEMBER,
    )
    service_matrix(
        world,
        IMPORT_MEMBER,
        act=lambda actor, w: import_cancel(actor=actor, job=job),
        state=lambda w: ImportJob.objects.get(pk=job.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_job_get_matrix(world: Any) -> None:
    job = validated_job(world)
    service_matrix(
        world, IMPORT_MEMBER, act=lambda actor, w: import_job_get(actor=actor, job_id=job.pk), view_perm=VIEW_MEMBER
    )


def test_upload_page_matrix(world: Any) -> None:
    http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("members:import_new"),
        data=lambda w: {"unit": w.child.pk, "file": upload_file()},
        state=lambda w: ImportJob.objects.count(),
    )


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_errors"])
def test_job_pages_matrix(world: Any, name: str) -> None:
    job_id = _job(world)
    responses = http_matrix(world, IMPORT_MEMBER, "get", reverse(f"members:{name}", args=[job_id]))
    assert responses["sibling"].status_code == 404


def test_error_report_download(world: Any) -> None:
    job = validated_job(world)
    client = login(__import__("django.test", fromlist=["Client"]).Client(), world.actor("same_with", IMPORT_MEMBER))
    response = client.get(reverse("members:import_errors", args=[job.pk]))
    assert response.status_code == 200
    assert response.streaming
    body = response.getvalue().decode("utf-8-sig")
    assert "行号" in body
    assert "3" in body
    assert "身份证号应为18位" in body
    response = client.get(reverse("members:import_errors", args=[job.pk]) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from python_calamine import CalamineWorkbook

    data = response.getvalue()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["行号", "姓名", "列"]  # the name beside each error (issue 12)
    assert rows[2][0] == 3


def test_error_report_keeps_formula_cells_as_text(world: Any) -> None:
    """A row error whose cell content starts with ``=`` is text in the xlsx error report, never a formula."""
    from datetime import date

    from django.test import Client
    from openpyxl import load_workbook

    from gonghui.members.imports.synthetic import resident_id

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["姓名", "身份证号", "手机号", "入会时间"])
    writer.writerow(["=1+2", resident_id("330106", date(1990, 1, 1), 12), "13800000002", "2020-01-01"])
    upload = SimpleUploadedFile("formula.csv", buf.getvalue().encode("utf-8-sig"), content_type="text/csv")
    job = import_upload(actor=world.actor("ancestor", IMPORT_MEMBER), unit=world.child, upload=upload)
    client = login(Client(), world.actor("same_with", IMPORT_MEMBER))
    response = client.get(reverse("members:import_errors", args=[job.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    content = sheet.cell(row=3, column=4)
    assert sheet.cell(row=3, column=5).value == "姓名中不能有数字。"
    assert (sheet.cell(row=3, column=2).value, sheet.cell(row=3, column=2).data_type) == ("=1+2", "s")
    assert (content.value, content.data_type) == ("=1+2", "s")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_confirm_and_cancel_pages_matrix(world: Any) -> None:
    job = validated_job(world)
    http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("members:import_confirm", args=[job.pk]),
        state=lambda w: (ImportJob.objects.get(pk=job.pk).status, Member.objects.count()),
    )
    http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("members:import_cancel", args=[job.pk]),
        state=lambda w: ImportJob.objects.get(pk=job.pk).status,
    )


def test_console_flow(world: Any) -> None:
    from django.test import Client

    client = login(Client(), world.actor("same_with", IMPORT_MEMBER))
    assert client.get(reverse("members:import_new")).status_code == 200
    response = client.post(reverse("members:import_new"), {"unit": world.child.pk, "file": upload_file()})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "身份证号应为18位" in page
    assert "导入 1 条有效行" in page
    client.post(reverse("members:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Member.objects.count() == 1
    assert client.get(reverse("members:import_list")).status_code == 200
    template = client.get(reverse("members:import_template"))
    assert template.status_code == 200


def test_list_only_in_scope(world: Any, django_assert_max_num_queries: Any) -> None:
    from django.test import Client

    _job(world)
    client = login(Client(), world.actor("sibling", IMPORT_MEMBER))
    page = client.get(reverse("members:import_list")).content.decode()
    assert CANARY not in page
    client = login(Client(), world.actor("ancestor", IMPORT_MEMBER))
    for _ in range(5):
        _job(world)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("members:import_list")).content.decode()
    assert CANARY in page


def test_api_matrix(world: Any) -> None:
    job = validated_job(world)
    http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("v1:member-imports-list"),
        data=lambda w: {"unit": w.child.pk, "file": upload_file()},
        state=lambda w: ImportJob.objects.count(),
    )
    for name in ("member-imports-detail", "member-imports-errors"):
        responses = http_matrix(world, IMPORT_MEMBER, "get", reverse(f"v1:{name}", kwargs={"job_id": job.pk}))
        assert responses["sibling"].status_code == 404
    responses = http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("v1:member-imports-confirm", kwargs={"job_id": job.pk}),
        state=lambda w: (ImportJob.objects.get(pk=job.pk).status, Member.objects.count()),
    )
    assert responses["same_with"].json()["status"] == "done"
    errors = http_matrix(world, IMPORT_MEMBER, "get", reverse("v1:member-imports-errors", kwargs={"job_id": job.pk}))
    body = errors["ancestor"].json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows[0]["row"] == 3
