"""JSON API of units and employers: the HTTP matrix for each endpoint, errors, and pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT
from gonghui.orgs.tests.factories import EmployerFactory, OrgUnitFactory

WITH_SIBLING = (*ALLOWED, "sibling")
UNITS = "/api/v1/units/"
EMPLOYERS = "/api/v1/employers/"


def api(world, perm=VIEW_UNIT, who="ancestor"):
    return login(Client(), world.actor(who, perm))


def unit_url(unit, suffix=""):
    return f"{UNITS}{unit.pk}/{suffix}"


# --- matrix: units ----------------------------------------------------------------------------------------------


def test_unit_list_matrix(world):
    responses = http_matrix(world, VIEW_UNIT, "get", UNITS, allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["same_with"].content.decode()


def test_unit_retrieve_matrix(world):
    responses = http_matrix(world, VIEW_UNIT, "get", lambda w: unit_url(w.target))
    body = responses["ancestor"].json()
    assert body["id"] == world.target.pk
    assert body["parent"] == world.city.pk
    assert body["region_name"] == "浙江省杭州市西湖区"


def test_unit_create_matrix(world):
    http_matrix(
        world,
        MANAGE_UNIT,
        "post",
        UNITS,
        data=lambda w: {"parent": w.target.pk, "name": f"新基层工会{CANARY}", "kind": "grassroots"},
        json=True,
        state=lambda w: OrgUnit.objects.filter(path__startswith=w.target.path).count(),
        ok_statuses=(201,),
    )


def test_unit_partial_update_matrix(world):
    http_matrix(
        world,
        MANAGE_UNIT,
        "patch",
        lambda w: unit_url(w.target),
        data={"short_name": "西湖总"},
        json=True,
        state=lambda w: OrgUnit.objects.get(pk=w.target.pk).short_name,
        ok_statuses=(200,),
    )


def test_unit_move_matrix(world):
    joint = OrgUnitFactory.create(parent=world.target, kind=UnitKind.JOINT, name=f"联合工会{CANARY}")
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        lambda w: unit_url(w.child, "move/"),
        data={"new_parent": joint.pk},
        json=True,
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).path,
        ok_statuses=(200,),
    )


def test_unit_merge_matrix(world):
    source = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name=f"并出工会{CANARY}")
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        unit_url(source, "merge/"),
        data=lambda w: {"target": w.child.pk},
        json=True,
        state=lambda w: OrgUnit.objects.get(pk=source.pk).status,
        ok_statuses=(200,),
    )


def test_unit_dissolve_matrix(world):
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        lambda w: unit_url(w.child, "dissolve/"),
        data={"reason": "企业关闭"},
        json=True,
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).status,
        ok_statuses=(200,),
    )


def test_unit_children_matrix(world):
    responses = http_matrix(world, VIEW_UNIT, "get", lambda w: unit_url(w.target, "children/"))
    assert [row["id"] for row in responses["ancestor"].json()["results"]] == [world.child.pk]


def test_unit_history_matrix(world):
    api(world, MANAGE_UNIT).patch(unit_url(world.target), {"name": f"新名{CANARY}"}, content_type="application/json")
    responses = http_matrix(world, VIEW_UNIT, "get", lambda w: unit_url(w.target, "history/"))
    [event] = responses["ancestor"].json()["results"]
    assert event["action"] == "orgs.unit_rename"
    assert event["action_label"] == "组织更名"


# --- matrix: employers ------------------------------------------------------------------------------------------


def test_employer_list_matrix(world):
    EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    responses = http_matrix(world, VIEW_UNIT, "get", EMPLOYERS, allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["ancestor"].content.decode()


def test_employer_retrieve_matrix(world):
    employer = EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    responses = http_matrix(world, VIEW_UNIT, "get", f"{EMPLOYERS}{employer.pk}/")
    assert responses["ancestor"].json()["industry_name"] == "农副食品加工业"


def test_employer_create_matrix(world):
    http_matrix(
        world,
        MANAGE_EMPLOYER,
        "post",
        EMPLOYERS,
        data=lambda w: {"unit": w.child.pk, "name": f"新单位{CANARY}", "credit_code": "91110000600037341l"},
        json=True,
        state=lambda w: Employer.objects.filter(unit=w.child).count(),
        ok_statuses=(201,),
    )


def test_employer_partial_update_matrix(world):
    employer = EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    http_matrix(
        world,
        MANAGE_EMPLOYER,
        "patch",
        f"{EMPLOYERS}{employer.pk}/",
        data={"staff_count": 99},
        json=True,
        state=lambda w: Employer.objects.get(pk=employer.pk).staff_count,
        ok_statuses=(200,),
    )


# --- behaviour --------------------------------------------------------------------------------------------------


def test_validation_errors_are_400_with_chinese_messages(world):
    client = api(world, MANAGE_UNIT)
    response = client.post(
        UNITS,
        {"parent": world.child.pk, "name": "x", "kind": "federation", "region_code": "123456"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "下不能设立" in body["kind"][0]
    response = client.post(
        UNITS,
        {"parent": world.child.pk, "name": "x", "kind": "sub_union", "region_code": "123456"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"region_code": ["“123456”不是有效的行政区划代码（GB/T 2260）。"]}
    response = client.patch(
        unit_url(world.target), {"credit_code": "91110000600037341X"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"credit_code": ["统一社会信用代码校验位错误。"]}
    response = client.post(unit_url(world.target, "dissolve/"), {"reason": "撤并"}, content_type="application/json")
    assert response.status_code == 400
    assert "正常状态的下级组织" in response.json()["non_field_errors"][0]
    response = client.post(UNITS, {"name": "x"}, content_type="application/json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_objects_outside_scope_are_404(world):
    client = api(world, VIEW_UNIT, who="sibling")
    assert client.get(unit_url(world.target)).status_code == 404
    assert client.get(unit_url(world.target, "children/")).status_code == 404
    assert client.get(f"{UNITS}?within={world.target.pk}").status_code == 404
    response = client.post(
        unit_url(world.sibling, "move/"), {"new_parent": world.target.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get(f"{UNITS}999999/").status_code == 404


def test_unit_list_filters(world):
    OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name="滨江某基层工会", region_code="330108")
    client = api(world)
    names = lambda query: [u["name"] for u in client.get(UNITS + query).json()["results"]]  # noqa: E731
    assert names("?kind=grassroots") == [world.child.name, "滨江某基层工会"]
    assert names("?region_code=330108") == ["滨江某基层工会"]
    assert names("?q=滨江") == ["滨江某基层工会"]
    assert names(f"?within={world.target.pk}&sort=-name")[0] in {world.target.name, world.child.name, "滨江某基层工会"}
    assert client.get(UNITS + "?kind=nonsense").status_code == 400
    assert client.get(UNITS + "?region_code=abc").status_code == 400


def test_create_move_merge_dissolve_round_trip(world):
    client = api(world, RESTRUCTURE_UNIT)
    created = client.post(
        UNITS,
        {"parent": world.sibling.pk, "name": "新设联合工会", "kind": "joint", "credit_code": "91110000600037341l"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    joint = created.json()
    assert joint["parent"] == world.sibling.pk
    assert joint["credit_code"] == "91110000600037341L"
    moved = client.post(unit_url(world.child, "move/"), {"new_parent": joint["id"]}, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["parent"] == joint["id"]
    other = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.GRASSROOTS, name="另一基层工会")
    merged = client.post(unit_url(other, "merge/"), {"target": world.child.pk}, content_type="application/json")
    assert merged.status_code == 200
    assert merged.json()["id"] == world.child.pk
    assert OrgUnit.objects.get(pk=other.pk).merged_into_id == world.child.pk
    dissolved = client.post(unit_url(world.child, "dissolve/"), {"reason": "企业关闭"}, content_type="application/json")
    assert dissolved.status_code == 200
    assert dissolved.json()["status"] == UnitStatus.DISSOLVED


def test_put_and_delete_are_not_offered(world):
    client = api(world, MANAGE_UNIT)
    assert client.put(unit_url(world.target), {}, content_type="application/json").status_code == 405
    assert client.delete(unit_url(world.target)).status_code == 405


# --- query counts -----------------------------------------------------------------------------------------------


@pytest.fixture
def crowded(world):
    for i in range(30):
        unit = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name=f"基层工会{i:02d}")
        EmployerFactory.create(unit=unit, name=f"用人单位{i:02d}有限公司")
    return world


def test_unit_list_query_count(crowded, django_assert_max_num_queries):
    client = api(crowded)
    with django_assert_max_num_queries(8):
        response = client.get(UNITS)
    assert response.json()["count"] >= 30
    assert all(row["parent"] for row in response.json()["results"] if row["depth"] > 1)


def test_unit_children_query_count(crowded, django_assert_max_num_queries):
    client = api(crowded)
    with django_assert_max_num_queries(9):
        response = client.get(unit_url(crowded.target, "children/"))
    assert len(response.json()["results"]) == 31


def test_employer_list_query_count(crowded, django_assert_max_num_queries):
    client = api(crowded)
    with django_assert_max_num_queries(7):
        response = client.get(EMPLOYERS)
    assert response.json()["count"] == 30
