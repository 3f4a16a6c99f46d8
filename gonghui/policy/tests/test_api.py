from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.policy import registry
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import MANAGE_POLICY, VIEW_POLICY
from gonghui.policy.selectors import policy_today
from gonghui.policy.tests.factories import PolicyRecordFactory

KEY = "review.publicity_days"


def _client(world, name="same_with", perm=VIEW_POLICY) -> Client:
    return login(Client(), world.actor(name, perm))


def _records(world):
    return list(PolicyRecord.objects.order_by("pk").values_list("pk", "value"))


# -- authorization matrix -------------------------------------------------------------------------------


def test_keys_endpoint_matrix(world):
    responses = http_matrix(
        world,
        VIEW_POLICY,
        "get",
        reverse("v1:policy-keys"),
        allowed=("sibling", "same_with", "ancestor"),
        ok_statuses=(200,),
    )
    keys = {k["key"]: k for k in responses["same_with"].json()}
    assert set(keys) == {k.key for k in registry.all_keys()}
    cap = keys["recuperation.daily_cap"]
    assert (cap["type"], cap["default"], cap["unit"], cap["places"]) == ("decimal", "600.00", "元", 2)
    assert keys["finance.allocation_rate"]["default_display"] == "2%"


def test_effective_endpoint_matrix(world):
    PolicyRecordFactory.create(unit=world.target, note=f"{CANARY} 区工发〔2026〕1号")
    http_matrix(
        world,
        VIEW_POLICY,
        "get",
        lambda w: reverse("v1:policy-effective") + f"?unit={w.target.pk}",
        ok_statuses=(200,),
    )


def test_record_list_endpoint_matrix(world):
    PolicyRecordFactory.create(unit=world.target, note=f"{CANARY} 区工发〔2026〕1号")
    http_matrix(
        world,
        VIEW_POLICY,
        "get",
        lambda w: reverse("v1:policy-record-list") + f"?unit={w.target.pk}",
        ok_statuses=(200,),
    )


def test_record_detail_endpoint_matrix(world):
    record = PolicyRecordFactory.create(unit=world.target, note=f"{CANARY} 区工发〔2026〕1号")
    http_matrix(
        world,
        VIEW_POLICY,
        "get",
        reverse("v1:policy-record-detail", kwargs={"record_id": record.pk}),
        ok_statuses=(200,),
    )


def test_record_create_endpoint_matrix(world):
    http_matrix(
        world,
        MANAGE_POLICY,
        "post",
        reverse("v1:policy-record-list"),
        data=lambda w: {
            "unit": w.target.pk,
            "key": KEY,
            "value": 7,
            "effective_from": policy_today().isoformat(),
            "note": "区工发〔2026〕5号",
        },
        json=True,
        state=_records,
        ok_statuses=(201,),
    )


# -- behaviour ------------------------------------------------------------------------------------------


def test_effective_explains_each_value(world):
    PolicyRecordFactory.create(key="recuperation.daily_cap", unit=world.city, value="400.00", note="市工发〔2026〕3号")
    PolicyRecordFactory.create(
        key=KEY, unit=world.target, value=7, effective_from=date(2026, 6, 1), note="区工发〔2026〕1号"
    )
    url = reverse("v1:policy-effective")
    data = _client(world).get(url, {"unit": world.target.pk, "on": "2026-07-01"}).json()
    assert data["unit"] == {"id": world.target.pk, "name": world.target.name}
    assert data["on"] == "2026-07-01"
    values = {v["key"]: v for v in data["values"]}
    cap = values["recuperation.daily_cap"]
    assert cap["value"] == "400.00"
    assert cap["display"] == "400.00 元"
    assert cap["source"] == "inherited"
    assert cap["unit"]["id"] == world.city.pk
    assert cap["explain"] == "矩阵市总工会 自2026-01-01起执行的版本（市工发〔2026〕3号）"
    assert values[KEY]["source"] == "own"
    assert values["members.inactive_months"] == {
        "key": "members.inactive_months",
        "label": "无会费无活动视为离会的月数",
        "type": "int",
        "value": 6,
        "display": "6 个月",
        "source": "default",
        "record": None,
        "unit": None,
        "effective_from": None,
        "explain": "系统默认值",
    }
    single = _client(world).get(url, {"unit": world.target.pk, "on": "2026-05-31", "key": KEY}).json()
    assert [v["value"] for v in single["values"]] == [5]


def test_effective_defaults_to_the_home_unit_and_validates_parameters(world):
    client = _client(world)
    url = reverse("v1:policy-effective")
    assert client.get(url).json()["unit"]["id"] == world.target.pk
    assert client.get(url, {"unit": world.target.pk, "key": "nothing.here"}).status_code == 400
    assert client.get(url, {"unit": world.target.pk, "on": "yesterday"}).status_code == 400
    assert client.get(url, {"unit": "x"}).status_code == 400
    assert client.get(url, {"unit": world.sibling.pk}).status_code == 404
    assert client.get(url, {"unit": 999999}).status_code == 404


def test_record_list_without_unit_is_scoped(world):
    PolicyRecordFactory.create(unit=world.province, note="省工发〔2026〕1号")
    PolicyRecordFactory.create(unit=world.target, note=f"{CANARY} 区工发〔2026〕1号")
    PolicyRecordFactory.create(unit=world.sibling, note="兄弟区文件")
    url = reverse("v1:policy-record-list")
    sibling = _client(world, "sibling").get(url).json()
    assert {r["note"] for r in sibling["results"]} == {"省工发〔2026〕1号", "兄弟区文件"}
    own = _client(world).get(url, {"key": KEY}).json()
    assert {r["note"] for r in own["results"]} == {"省工发〔2026〕1号", f"{CANARY} 区工发〔2026〕1号"}
    assert _client(world).get(url, {"key": "nothing.here"}).status_code == 400


def test_record_create_validation_errors_are_400_with_field_messages(world):
    client = _client(world, "same_with", MANAGE_POLICY)
    url = reverse("v1:policy-record-list")
    payload = {
        "unit": world.target.pk,
        "key": "recuperation.daily_cap",
        "value": "600.00",
        "effective_from": (policy_today() - timedelta(days=1)).isoformat(),
        "note": "文",
    }
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["effective_from"] == ["不能追溯修改已生效的政策，请设置今天或以后的生效日期。"]
    payload["effective_from"] = policy_today().isoformat()
    payload["value"] = "abc"
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert "value" in response.json()
    payload["value"] = "550"
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["value"], body["display"], body["unit"]) == ("550.00", "550.00 元", world.target.pk)
    duplicate = client.post(url, payload, content_type="application/json")
    assert duplicate.status_code == 400
    assert PolicyRecord.objects.count() == 1


def test_record_list_query_count_is_pinned(world, django_assert_max_num_queries):
    client = _client(world)
    url = reverse("v1:policy-record-list")
    client.get(url)
    for i in range(60):
        unit = (world.province, world.city, world.target, world.child)[i % 4]
        PolicyRecordFactory.create(unit=unit, effective_from=date(2020, 1, 1) + timedelta(days=i))
    with django_assert_max_num_queries(7):
        response = client.get(url, {"unit": world.child.pk})
    assert response.json()["count"] == 60
    assert len(response.json()["results"]) == 50


def test_schema_documents_the_policy_endpoints(world):
    client = _client(world, "ancestor")
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/policy/keys/" in paths
    effective = paths["/api/v1/policy/effective/"]["get"]
    assert {p["name"] for p in effective["parameters"]} >= {"unit", "on", "key"}
    records = paths["/api/v1/policy/records/"]
    assert {p["name"] for p in records["get"]["parameters"]} >= {"unit", "key", "page"}
    assert "201" in records["post"]["responses"]
    assert "/api/v1/policy/records/{record_id}/" in paths


def test_effective_query_count_is_pinned(world, django_assert_max_num_queries):
    client = _client(world)
    url = reverse("v1:policy-effective")
    client.get(url, {"unit": world.child.pk})
    for i, key in enumerate(k.key for k in registry.all_keys()):
        definition = registry.get(key)
        for unit in (world.province, world.city, world.target):
            PolicyRecordFactory.create(
                key=key,
                unit=unit,
                value=definition.dump(definition.default),
                effective_from=date(2020, 1, 1) + timedelta(days=i),
            )
    with django_assert_max_num_queries(6):
        response = client.get(url, {"unit": world.child.pk})
    assert {v["source"] for v in response.json()["values"]} == {"inherited"}
