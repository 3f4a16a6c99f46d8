"""The register: the authorization matrix of every service and page, duplicates refused, the ``.xlsx`` import
(all or nothing, errors with row numbers, ID numbers matched among the actor's members), the masked and audited
export, the API, the selector recuperation reads, and the list's pinned query count."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.honors.permissions import MANAGE_HONOREES, VIEW_HONOREES
from gonghui.honors.register import selectors, services
from gonghui.honors.register.tests import kit
from gonghui.honors.tests.factories import honoree
from gonghui.members.tests.factories import resident_id

pytestmark = pytest.mark.django_db

DATA = services.HonorInput(title=HonorTitle.MODEL_WORKER, level=HonorLevel.PROVINCIAL, year=2021, conferred_by="省政府")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = XlsxWriter(title="名录")
    sheet = book.sheet("名录")
    sheet.row(list(services.IMPORT_HEADERS))
    for row in rows:
        sheet.row(row)
    return SimpleUploadedFile("list.xlsx", book.to_bytes())


def test_add_matrix_and_duplicate_refused(world):
    who = kit.member(world)
    service_matrix(
        world,
        MANAGE_HONOREES,
        lambda actor, w: services.honoree_add(actor=actor, member=who, data=DATA),
        view_perm=VIEW_HONOREES,
        state=lambda w: Honoree.objects.count(),
    )
    clerk = world.actor("same_with", MANAGE_HONOREES)
    made = services.honoree_add(actor=clerk, member=who, data=DATA)
    assert made.unit_id == world.child.pk
    assert AuditEvent.objects.filter(action="honors.honoree_add").count() == 1
    with pytest.raises(ValidationError) as error:
        services.honoree_add(actor=clerk, member=who, data=DATA)
    assert error.value.code == "duplicate"
    with pytest.raises(ValidationError):
        services.honoree_add(actor=clerk, member=who, data=services.HonorInput(title="x", level="city", year=2020))
    with pytest.raises(ValidationError):
        services.honoree_add(
            actor=clerk, member=who, data=services.HonorInput(title="craftsman", level="city", year=1900)
        )


def test_revoke_matrix_and_titles_selector(world):
    title = kit.title(world, title=HonorTitle.CRAFTSMAN)
    service_matrix(
        world,
        MANAGE_HONOREES,
        lambda actor, w: services.honoree_revoke(actor=actor, honoree=title, reason="违纪"),
        view_perm=VIEW_HONOREES,
        state=lambda w: Honoree.objects.get(pk=title.pk).revoked_on,
    )
    other = honoree(title.member, title=HonorTitle.MODEL_WORKER, year=2018)
    assert selectors.honoree_titles([title.member_id]) == {title.member_id: {"craftsman", "model_worker"}}
    services.honoree_revoke(actor=world.actor("same_with", MANAGE_HONOREES), honoree=other)
    assert selectors.honoree_titles([title.member_id, 999999]) == {title.member_id: {"craftsman"}}
    assert selectors.honoree_group({"craftsman"}) == "craftsman"
    assert selectors.honoree_group({"craftsman", "model_worker"}) == "model_worker"
    assert selectors.honoree_group(set()) == "other"
    with pytest.raises(ValidationError):
        services.honoree_revoke(actor=world.actor("same_with", MANAGE_HONOREES), honoree=other)


def test_import_all_or_nothing_with_row_numbers(world):
    good = kit.member(world, id_number=resident_id(9101))
    also = kit.member(world, id_number=resident_id(9102))
    outsider = kit.member(world, unit=world.sibling, id_number=resident_id(9103))
    clerk = world.actor("same_with", MANAGE_HONOREES)
    bad = _xlsx(
        [
            [resident_id(9101), good.name, "劳动模范", "省级", 2020, "浙江省人民政府", "ZJ001"],
            ["330106199901011234", "张三", "劳动模范", "省级", 2020, "", ""],  # bad check digit
            [resident_id(9103), outsider.name, "工匠", "市级", 2022, "", ""],  # not the clerk's member
            [resident_id(9102), "别人", "工匠", "市级", 2022, "", ""],  # name does not match
            [resident_id(9102), also.name, "荣誉市民", "市级", 2022, "", ""],  # unknown title
            [resident_id(9102), also.name, "工匠", "市级", 1800, "", ""],  # bad year
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.honoree_import(actor=clerk, upload=bad)
    messages = error.value.messages
    assert [m.split("：")[0] for m in messages] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    assert "身份证" in messages[1] or "您管理的会员中" in messages[1]
    assert Honoree.objects.count() == 0  # nothing written
    ok = _xlsx(
        [
            [resident_id(9101), good.name, "劳动模范", "省级", 2020, "浙江省人民政府", "ZJ001"],
            [resident_id(9102), also.name, "工匠", "市", "2022", "", ""],
        ]
    )
    result = services.honoree_import(actor=clerk, upload=ok)
    assert (result.created, result.skipped) == (2, 0)
    again = services.honoree_import(
        actor=clerk,
        upload=_xlsx([[resident_id(9101), good.name, "劳动模范", "省级", 2020, "浙江省人民政府", "ZJ001"]]),
    )
    assert (again.created, again.skipped) == (0, 1)
    with pytest.raises(ValidationError) as header:
        services.honoree_import(actor=clerk, upload=SimpleUploadedFile("x.csv", b"a,b\n1,2\n"))
    assert header.value.code == "header"
    # Someone without the right anywhere is refused before the file is read.
    with pytest.raises(PermissionDenied):
        services.honoree_import(actor=world.actor("same_without", MANAGE_HONOREES), upload=ok)


def test_pages_matrix_export_masked_and_audited(world):
    title = kit.title(world)
    http_matrix(world, VIEW_HONOREES, "get", reverse("honors:honoree_detail", args=[title.pk]))
    http_matrix(
        world,
        MANAGE_HONOREES,
        "post",
        reverse("honors:honoree_revoke", args=[title.pk]),
        data={"reason": "x"},
        state=lambda w: Honoree.objects.get(pk=title.pk).revoked_on,
    )
    for name in ("honoree_list", "honoree_export"):
        url = reverse(f"honors:{name}")
        assert login(Client(), world.member).get(url).status_code == 403
        sibling = login(Client(), world.actor("sibling", VIEW_HONOREES)).get(url)
        assert sibling.status_code == 200
        assert CANARY not in sibling.content.decode(errors="replace")
    page = login(Client(), world.actor("same_with", VIEW_HONOREES)).get(reverse("honors:honoree_list"))
    assert title.member.name in page.content.decode()
    before = AuditEvent.objects.filter(action="honors.honoree_export").count()
    export = login(Client(), world.actor("same_with", VIEW_HONOREES)).get(reverse("honors:honoree_export"))
    assert AuditEvent.objects.filter(action="honors.honoree_export").count() == before + 1
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row]
    assert title.member.name not in cells
    assert any(isinstance(c, str) and c.startswith("王") and "*" in c for c in cells)


def test_new_and_import_pages(world):
    who = kit.member(world)
    client = login(Client(), world.actor("same_with", MANAGE_HONOREES))
    response = client.post(
        reverse("honors:honoree_new"),
        {"member_no": who.member_no, "title": "craftsman", "level": "city", "year": 2022},
    )
    assert response.status_code == 302
    assert Honoree.objects.filter(member=who, title="craftsman").exists()
    outsider = kit.member(world, unit=world.sibling)
    response = client.post(
        reverse("honors:honoree_new"),
        {"member_no": outsider.member_no, "title": "craftsman", "level": "city", "year": 2022},
    )
    assert response.status_code == 200
    assert not Honoree.objects.filter(member=outsider).exists()
    page = client.post(
        reverse("honors:honoree_import"),
        {"upload": _xlsx([["110101199003077777", "某某", "工匠", "市级", 2022, "", ""]])},
    )
    assert "第 2 行" in page.content.decode()
    assert (
        login(Client(), world.actor("same_without", MANAGE_HONOREES)).get(reverse("honors:honoree_import")).status_code
        == 403
    )


def test_list_filters_search_and_pinned_queries(world, django_assert_max_num_queries):
    for year in range(2010, 2018):
        kit.title(world, year=year, title=HonorTitle.CRAFTSMAN if year % 2 else HonorTitle.MODEL_WORKER)
    actor = world.actor("same_with", VIEW_HONOREES)
    assert selectors.honoree_list(actor=actor, title="craftsman").count() == 4
    assert selectors.honoree_list(actor=actor, year=2012).count() == 1
    assert selectors.honoree_list(actor=actor, unit=world.child).count() == 8
    assert selectors.honoree_list(actor=actor, q="王").count() == 0  # a single character is too short
    first = Honoree.objects.select_related("member").first()
    assert first is not None
    assert selectors.honoree_list(actor=actor, q=first.member.member_no).count() == 1
    client = login(Client(), actor)
    client.get(reverse("honors:honoree_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("honors:honoree_list") + "?sort=name")
    assert response.content.decode().count("/console/honors/honorees/") >= 8


def test_api_read_masked_and_scoped(world):
    title = kit.title(world)
    http_matrix(world, VIEW_HONOREES, "get", f"/api/v1/honors/honorees/{title.pk}/")
    body = login(Client(), world.actor("same_with", VIEW_HONOREES)).get("/api/v1/honors/honorees/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["id"] for r in rows] == [title.pk]
    assert rows[0]["member_name"] != title.member.name
    sibling = login(Client(), world.actor("sibling", VIEW_HONOREES)).get("/api/v1/honors/honorees/").json()
    assert not (sibling["results"] if isinstance(sibling, dict) else sibling)
