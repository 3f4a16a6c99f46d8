"""The member forms that choose a union (registering a member, importing a roster, exporting it) search it by name
with the kernel picker: the page renders the search box, the text alone picks the one union it names, a union
outside the actor's scope is a 404 (nothing written), a malformed id is ignored, and each form's search endpoint
lists only the unions of its permission (and, for registering, only the unions that take members)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, login
from gonghui.members.models import IdType, ImportJob, Member
from gonghui.members.permissions import EXPORT_MEMBER, IMPORT_MEMBER, MANAGE_MEMBER
from gonghui.members.tests.factories import MemberFactory, resident_id

pytestmark = pytest.mark.django_db


def _member_data(**overrides):
    data = {
        "name": "新会员甲",
        "id_type": IdType.RESIDENT,
        "id_number": resident_id(9001),
        "phone": "13800009001",
        "joined_on": "2022-01-01",
    }
    data.update(overrides)
    return data


def _roster():
    body = f"姓名,身份证号,手机号,入会时间\n张三,{resident_id(1001)},13800001111,2020-01-01\n"
    return SimpleUploadedFile("roster.csv", body.encode(), content_type="text/csv")


def _client(world, perm):
    return login(Client(), world.actor("same_with", perm))


# --- registering a member ------------------------------------------------------------------------------------------


def test_create_page_renders_the_picker_searching_unions_that_take_members(world):
    client = _client(world, MANAGE_MEMBER)
    body = client.get(reverse("members:create")).content.decode()
    assert 'name="unit_q"' in body
    assert f'hx-get="{reverse("members:member_unit_search")}?field=unit"' in body
    assert '<select name="unit"' not in body
    search = client.get(reverse("members:member_unit_search"), {"field": "unit", "q": "矩阵"}).content.decode()
    assert f'value="{world.child.pk}"' in search
    assert f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}" in search
    assert f'value="{world.target.pk}"' not in search  # a federation takes no members directly
    assert "兄弟" not in search


def test_a_clerk_of_one_union_has_it_chosen_already(world):
    clerk = world.staff("clerk", world.child, [MANAGE_MEMBER])
    body = login(Client(), clerk).get(reverse("members:create")).content.decode()
    assert f'name="unit" value="{world.child.pk}" checked' in body


def test_a_member_is_registered_in_the_union_named(world):
    client = _client(world, MANAGE_MEMBER)
    response = client.post(reverse("members:create"), _member_data(unit_q="矩阵基层"))
    assert response.status_code == 302
    assert Member.objects.get(name="新会员甲").unit == world.child


def test_a_search_naming_no_union_that_takes_members_is_an_error_on_the_field(world):
    client = _client(world, MANAGE_MEMBER)
    response = client.post(reverse("members:create"), _member_data(unit_q="矩阵区总工会"))
    assert response.status_code == 200
    assert "没有找到名称含“矩阵区总工会”的组织。" in response.content.decode()
    assert not Member.objects.exists()


def test_create_refuses_a_union_outside_the_scope_and_ignores_a_malformed_id(world):
    client = _client(world, MANAGE_MEMBER)
    assert client.post(reverse("members:create"), _member_data(unit=world.sibling.pk)).status_code == 404
    response = client.post(reverse("members:create"), _member_data(unit="²"))
    assert response.status_code == 200
    assert "请搜索并选择一个组织。" in response.content.decode()
    assert not Member.objects.exists()


# --- importing a roster ----------------------------------------------------------------------------------------------


def test_import_page_renders_the_picker_and_its_search_keeps_to_the_permission(world):
    client = _client(world, IMPORT_MEMBER)
    body = client.get(reverse("members:import_new")).content.decode()
    assert 'name="unit_q"' in body
    assert f'hx-get="{reverse("members:import_unit_search")}?field=unit"' in body
    search = client.get(reverse("members:import_unit_search"), {"field": "unit", "q": "矩阵"}).content.decode()
    assert f'value="{world.child.pk}"' in search
    assert "兄弟" not in search
    outsider = login(Client(), world.staff("outsider", world.sibling, [IMPORT_MEMBER]))
    assert CANARY not in outsider.get(reverse("members:import_unit_search"), {"q": "矩阵"}).content.decode()


def test_a_roster_is_imported_into_the_union_named(world):
    client = _client(world, IMPORT_MEMBER)
    response = client.post(reverse("members:import_new"), {"unit_q": "矩阵基层", "file": _roster()})
    assert response.status_code == 302
    assert ImportJob.objects.get().unit == world.child


def test_import_refuses_a_union_outside_the_scope_and_ignores_a_malformed_id(world):
    client = _client(world, IMPORT_MEMBER)
    response = client.post(reverse("members:import_new"), {"unit": world.sibling.pk, "file": _roster()})
    assert response.status_code == 404
    response = client.post(reverse("members:import_new"), {"unit": "²", "file": _roster()})
    assert response.status_code == 200
    assert "请搜索并选择一个组织。" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- exporting the roster --------------------------------------------------------------------------------------------


def test_export_page_renders_the_picker_with_everything_in_scope_as_default(world):
    client = _client(world, EXPORT_MEMBER)
    body = client.get(reverse("members:export")).content.decode()
    assert 'name="unit_q"' in body
    assert f'hx-get="{reverse("members:export_unit_search")}?field=unit"' in body
    assert 'name="unit" value="" checked' in body  # 本人权限范围内全部
    search = client.get(reverse("members:export_unit_search"), {"field": "unit", "q": "矩阵"}).content.decode()
    assert f'value="{world.child.pk}"' in search
    assert "兄弟" not in search


def test_the_export_covers_the_union_named(world):
    MemberFactory.create(unit=world.child, name="王兰芳")
    MemberFactory.create(unit=world.target, name="李四")
    client = _client(world, EXPORT_MEMBER)
    response = client.get(reverse("members:export"), {"download": "1", "format": "csv", "unit_q": "矩阵基层"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "王兰芳" in content
    assert "李四" not in content
    assert AuditEvent.objects.get(action="members.export").unit_id == world.child.pk


def test_export_refuses_a_union_outside_the_scope_and_ignores_a_malformed_id(world):
    MemberFactory.create(unit=world.child, name="王兰芳")
    client = _client(world, EXPORT_MEMBER)
    query = {"download": "1", "format": "csv"}
    assert client.get(reverse("members:export"), {**query, "unit": world.sibling.pk}).status_code == 404
    assert not AuditEvent.objects.filter(action="members.export").exists()
    response = client.get(reverse("members:export"), {**query, "unit": "²"})  # ignored: everything in scope
    assert response.status_code == 200
    assert "王兰芳" in b"".join(response.streaming_content).decode("utf-8-sig")
