"""Roster console pages and API: the HTTP matrix for each, behaviour, and pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.members.models import IdType, Member, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, REVEAL_ID_NUMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.tests.sweep import canary_member
from gonghui.members.tests.factories import MemberFactory, resident_id

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
# List pages answer the sibling with their own (empty) list: 200 without CANARY.
WITH_SIBLING = (*ALLOWED, "sibling")


def member_form(world, **overrides):
    data = {
        "unit": world.child.pk,
        "name": "新会员甲",  # names are letters only (issue 11); CANARY has a digit
        "id_type": IdType.RESIDENT,
        "id_number": resident_id(9001),
        "phone": "13800009001",
        "gender": "",
        "ethnicity": "汉族",
        "education": "本科",
        "employer_name": "",
        "job": "",
        "household_type": "",
        "political_status": "",
        "gig_type": "",
        "gig_platform": "",
        "joined_on": "2022-01-01",
    }
    data.update(overrides)
    return data


def url(name, member=None):
    return reverse(f"members:{name}", args=[member.pk] if member else [])


# --- console matrices -------------------------------------------------------------------------------------------


def test_list_page_matrix(world):
    canary_member(world)
    responses = http_matrix(world, VIEW_MEMBER, "get", url("list"), allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["same_with"].content.decode()
    body = responses["ancestor"].content.decode()
    assert "wlf" not in body  # keys never shown
    assert "139****" in body


def test_list_search_partial_and_sibling_search(world):
    member = canary_member(world)
    number = keys.id_decrypt(member.id_cipher)
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    response = client.get(url("list"), {"q": "兰芳"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results")
    assert response.status_code == 200
    assert CANARY in response.content.decode()
    assert "<html" not in response.content.decode()
    sibling = login(Client(), world.actor("sibling", VIEW_MEMBER))
    for q in ("兰芳", "wanglanfang", "wlf", member.phone[-4:], number[-4:], number[-6:]):
        body = sibling.get(url("list"), {"q": q}).content.decode()
        assert CANARY not in body, q
        assert "共 0 条" in body, q


def test_flags_page_matrix(world):
    member = canary_member(world)
    Member.objects.filter(pk=member.pk).update(inactive_flagged_on=TODAY)
    responses = http_matrix(world, VIEW_MEMBER, "get", url("flags"), allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["ancestor"].content.decode()


def test_detail_page_matrix(world):
    member = canary_member(world)
    responses = http_matrix(world, VIEW_MEMBER, "get", url("detail", member))
    body = responses["ancestor"].content.decode()
    assert member.id_masked in body
    assert keys.id_decrypt(member.id_cipher) not in body
    assert member.phone not in body
    assert "显示完整证件号" in body


def test_create_page_matrix(world):
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        url("create"),
        data=member_form(world),
        state=lambda w: Member.objects.count(),
    )


def test_create_page_get_and_error(world):
    client = login(Client(), world.actor("same_with", MANAGE_MEMBER))
    assert client.get(url("create")).status_code == 200
    response = client.post(url("create"), member_form(world, id_number=resident_id(9001)[:-1] + "Y"))
    assert response.status_code == 200
    assert "身份证号" in response.content.decode()
    response = client.post(url("create"), member_form(world))
    assert response.status_code == 302
    assert Member.objects.filter(name="新会员甲").exists()


def test_edit_page_matrix(world):
    member = canary_member(world)
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        url("edit", member),
        data=member_form(world, name="改名乙", id_number=""),
        state=lambda w: Member.objects.get(pk=member.pk).name,
    )


def test_reveal_matrix_and_audit(world):
    member = canary_member(world)
    responses = http_matrix(
        world,
        REVEAL_ID_NUMBER,
        "post",
        url("reveal_id", member),
        state=lambda w: AuditEvent.objects.filter(action="members.id_reveal").count(),
    )
    assert keys.id_decrypt(member.id_cipher) in responses["same_with"].content.decode()
    client = login(Client(), world.actor("ancestor", REVEAL_ID_NUMBER))
    client.post(url("reveal_id", member))
    assert AuditEvent.objects.filter(action="members.id_reveal").count() == 1


def test_status_page_matrix(world):
    member = canary_member(world)
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        url("status", member),
        data={"status": "retired", "on": TODAY.isoformat(), "reason": "到龄退休", "confirm": "on"},
        state=lambda w: Member.objects.get(pk=member.pk).status,
    )


def test_status_needs_confirmation(world):
    member = canary_member(world)
    client = login(Client(), world.actor("same_with", MANAGE_MEMBER))
    response = client.post(url("status", member), {"status": "left", "on": TODAY.isoformat(), "reason": "x"})
    assert response.status_code == 200
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE


def test_unflag_page_matrix(world):
    member = canary_member(world)
    Member.objects.filter(pk=member.pk).update(inactive_flagged_on=TODAY)
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        url("unflag", member),
        data={"note": "已电话联系"},
        state=lambda w: Member.objects.get(pk=member.pk).inactive_flagged_on,
    )


def test_list_page_query_count(world, django_assert_max_num_queries):
    for _i in range(30):
        MemberFactory.create(unit=world.child)
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    with django_assert_max_num_queries(9):
        response = client.get(url("list"), {"q": "", "per_page": "50"})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        client.get(url("list"), {"q": "139", "status": "active", "age_band": "36-45"})


# --- API --------------------------------------------------------------------------------------------------------


def api(name, member=None):
    return reverse(f"v1:members-{name}", kwargs={"member_id": member.pk} if member else {})


def test_api_list_matrix(world):
    canary_member(world)
    responses = http_matrix(world, VIEW_MEMBER, "get", api("list") + "?q=wlf", allowed=WITH_SIBLING)
    assert responses["sibling"].json()["results"] == []
    data = responses["ancestor"].json()
    assert len(data["results"]) == 1
    assert data["has_more"] is False
    assert "count" not in data  # pages are not counted
    row = data["results"][0]
    assert set(row) >= {"id_number_masked", "phone_masked"}
    assert "id_cipher" not in row
    assert "phone" not in row


def test_api_retrieve_matrix(world):
    member = canary_member(world)
    responses = http_matrix(world, VIEW_MEMBER, "get", api("detail", member))
    assert responses["ancestor"].json()["id_number_masked"] == member.id_masked


def test_api_create_matrix(world):
    payload = {
        "unit": world.child.pk,
        "name": "接口会员丙",
        "id_number": resident_id(9100),
        "phone": "13800009100",
        "joined_on": "2022-02-02",
    }
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        api("list"),
        data=payload,
        json=True,
        state=lambda w: Member.objects.count(),
    )


def test_api_create_errors_in_chinese(world):
    client = login(Client(), world.actor("same_with", MANAGE_MEMBER))
    response = client.post(
        api("list"),
        {"unit": world.child.pk, "name": "甲", "id_number": "12345", "joined_on": "2022-02-02"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "身份证号" in str(response.json()["id_number"])


def test_api_partial_update_matrix(world):
    member = canary_member(world)
    http_matrix(
        world,
        MANAGE_MEMBER,
        "patch",
        api("detail", member),
        data={"education": "硕士"},
        json=True,
        state=lambda w: Member.objects.get(pk=member.pk).education,
    )


def test_api_list_query_count(world, django_assert_max_num_queries):
    for _i in range(30):
        MemberFactory.create(unit=world.child)
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    with django_assert_max_num_queries(6):
        response = client.get(api("list"), {"page_size": 50})
    data = response.json()
    assert len(data["results"]) == 30
    assert data["has_more"] is False
    assert data["next"] is None


def test_api_list_pages_without_count(world, django_assert_num_queries):
    for _i in range(7):
        MemberFactory.create(unit=world.child)
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    client.get(api("list"))  # session, grants
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(api("list"), {"page_size": 3}).json()
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert len(first["results"]) == 3
    assert first["has_more"] is True
    assert "page=2" in first["next"]
    assert first["previous"] is None
    third = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [len(third["results"]), third["has_more"], third["next"]] == [1, False, None]
    assert "page=2" in third["previous"]
    assert client.get(api("list"), {"page": "0"}).status_code == 404
    assert client.get(api("list"), {"page": "x"}).status_code == 404
    assert client.get(api("list"), {"page": "9"}).json()["results"] == []
    # list rows carry what a result list shows; the rest is on the detail endpoint
    row = first["results"][0]
    assert "id_cipher" not in row
    assert "education" not in row
    assert {"name", "member_no", "unit_name", "id_number_masked", "phone_masked", "status"} <= set(row)
    assert client.get(api("list"), {"q": "王"}).json()["results"] == []  # one character: nothing


def _fragment(client, **params):
    return client.get(url("list"), params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results")


def test_search_fragment_counts_nothing_and_links_to_more(world):
    for _i in range(4):
        MemberFactory.create(unit=world.child, name="王兰芳")
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    _fragment(client, q="兰芳")  # session, grants
    with CaptureQueriesContext(connection) as ctx:
        response = _fragment(client, q="兰芳", per_page="3")
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    body = response.content.decode()
    assert "<html" not in body
    assert body.count('href="/console/members/') == 3  # three rows
    assert "还有更多结果" in body
    assert "page=2" in body
    full = client.get(url("list"), {"q": "兰芳", "per_page": "3", "page": "2"})
    assert full.context["listing"].page.paginator.count == 4  # the full page counts
    last = _fragment(client, q="兰芳", per_page="4").content.decode()
    assert "还有更多结果" not in last


def test_search_fragment_query_count(world, django_assert_max_num_queries):
    for _i in range(30):
        MemberFactory.create(unit=world.child, name="王兰芳")
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    _fragment(client, q="兰芳")
    with django_assert_max_num_queries(5):
        assert _fragment(client, q="兰芳", status="active").status_code == 200


def test_one_character_shows_a_hint_and_reads_no_member(world):
    MemberFactory.create(unit=world.child, name="王兰芳")
    client = login(Client(), world.actor("ancestor", VIEW_MEMBER))
    _fragment(client, q="兰芳")
    for q, words in (("王", "至少输入两个字符"), ("13", "至少 4 位")):
        with CaptureQueriesContext(connection) as ctx:
            body = _fragment(client, q=q).content.decode()
        assert words in body, q
        assert "没有符合条件的会员" not in body
        assert not any("members_member" in c["sql"] for c in ctx.captured_queries), q
    assert "至少输入两个字符" in client.get(url("list"), {"q": "王"}).content.decode()
