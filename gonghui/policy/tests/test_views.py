from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import MANAGE_POLICY, VIEW_POLICY
from gonghui.policy.selectors import policy_today
from gonghui.policy.tests.factories import PolicyRecordFactory

KEY = "review.publicity_days"


def _client(world, name="same_with", perm=VIEW_POLICY) -> Client:
    return login(Client(), world.actor(name, perm))


def _records(world):
    return list(PolicyRecord.objects.order_by("pk").values_list("pk", "value"))


def _new_version(world):
    return {"value": "7", "effective_from": policy_today().isoformat(), "note": "区工发〔2026〕5号"}


# -- authorization matrix -------------------------------------------------------------------------------


def test_index_matrix(world):
    responses = http_matrix(
        world,
        VIEW_POLICY,
        "get",
        reverse("policy:index"),
        allowed=("sibling", "same_with", "ancestor"),
        ok_statuses=(302,),
    )
    assert responses["same_with"]["Location"] == reverse("policy:unit", args=[world.target.pk])
    assert responses["ancestor"]["Location"] == reverse("policy:unit", args=[world.province.pk])
    assert responses["sibling"]["Location"] == reverse("policy:unit", args=[world.sibling.pk])


def test_unit_page_matrix(world):
    http_matrix(world, VIEW_POLICY, "get", lambda w: reverse("policy:unit", args=[w.target.pk]), ok_statuses=(200,))


def test_key_page_matrix(world):
    PolicyRecordFactory.create(unit=world.target, note=f"{CANARY} 区工发〔2026〕1号")
    http_matrix(world, VIEW_POLICY, "get", lambda w: reverse("policy:key", args=[w.target.pk, KEY]), ok_statuses=(200,))


def test_record_create_matrix(world):
    http_matrix(
        world,
        MANAGE_POLICY,
        "post",
        lambda w: reverse("policy:record_create", args=[w.target.pk, KEY]),
        data=_new_version,
        state=_records,
        ok_statuses=(302,),
    )


def test_unit_search_matrix_never_shows_units_outside_scope(world):
    responses = http_matrix(
        world,
        VIEW_POLICY,
        "get",
        reverse("policy:unit_search") + "?q=矩阵",
        allowed=("sibling", "same_with", "ancestor"),
        ok_statuses=(200,),
    )
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["same_with"].content.decode()
    assert "矩阵兄弟区总工会" not in responses["same_with"].content.decode()


# -- pages ----------------------------------------------------------------------------------------------


def test_unit_page_shows_values_by_type_and_where_they_come_from(world):
    PolicyRecordFactory.create(
        key="recuperation.yearly_cap", unit=world.city, value="2500.00", note="市工发〔2026〕3号"
    )
    PolicyRecordFactory.create(key=KEY, unit=world.target, value=7, note="区工发〔2026〕1号")
    response = _client(world).get(reverse("policy:unit", args=[world.target.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2,500.00 元" in html
    assert "继承自 矩阵市总工会" in html
    assert "本级设置" in html
    assert "系统默认值" in html
    assert "0.5%" in html  # the dues rate default
    assert "60%" in html
    assert "疗休养" in html
    assert "工会经费" in html
    assert reverse("policy:key", args=[world.target.pk, KEY]) in html
    assert reverse("policy:unit", args=[world.child.pk]) in html  # sub-units to drill into


def test_unit_page_on_a_date(world):
    PolicyRecordFactory.create(key=KEY, unit=world.target, value=7, effective_from=date(2026, 1, 1))
    PolicyRecordFactory.create(key=KEY, unit=world.target, value=9, effective_from=date(2026, 6, 1))
    url = reverse("policy:unit", args=[world.target.pk])
    client = _client(world)
    assert "7 个工作日" in client.get(url + "?on=2026-05-31").content.decode()
    assert "9 个工作日" in client.get(url + "?on=2026-06-01").content.decode()
    bad = client.get(url + "?on=not-a-date")
    assert bad.status_code == 200
    assert "errorlist" in bad.content.decode()


def test_unit_page_out_of_scope_or_missing_is_404(world):
    client = _client(world, "sibling")
    assert client.get(reverse("policy:unit", args=[world.target.pk])).status_code == 404
    assert client.get(reverse("policy:unit", args=[999999])).status_code == 404


def test_key_page_shows_the_chain_history_and_the_form_to_managers(world):
    PolicyRecordFactory.create(unit=world.province, value=6, effective_from=date(2025, 1, 1), note="省工发〔2025〕1号")
    PolicyRecordFactory.create(unit=world.target, value=7, effective_from=date(2026, 1, 1), note="区工发〔2026〕1号")
    PolicyRecordFactory.create(unit=world.sibling, value=9, note="兄弟区文件")
    url = reverse("policy:key", args=[world.target.pk, KEY])
    html = _client(world, "same_with", MANAGE_POLICY).get(url).content.decode()
    assert "省工发〔2025〕1号" in html
    assert "区工发〔2026〕1号" in html
    assert "兄弟区文件" not in html
    assert "执行中" in html
    assert "不再适用" in html
    assert reverse("policy:record_create", args=[world.target.pk, KEY]) in html
    html_without = _client(world, "same_without", MANAGE_POLICY).get(url).content.decode()
    assert reverse("policy:record_create", args=[world.target.pk, KEY]) not in html_without
    assert "区工发〔2026〕1号" in html_without


def test_key_page_filters_by_issuer_and_sorts(world):
    PolicyRecordFactory.create(unit=world.province, value=6, effective_from=date(2025, 1, 1), note="省工发〔2025〕1号")
    PolicyRecordFactory.create(unit=world.target, value=7, effective_from=date(2026, 1, 1), note="区工发〔2026〕1号")
    url = reverse("policy:key", args=[world.target.pk, KEY])
    client = _client(world)

    def history(params):
        html = client.get(url, params).content.decode()
        return html[html.index('id="policy-history"') :]

    html = history({"issuer": world.province.pk})
    assert "省工发〔2025〕1号" in html
    assert "区工发〔2026〕1号" not in html
    html = history({"issuer": world.sibling.pk})  # not in the chain: ignored
    assert "省工发〔2025〕1号" in html
    assert "区工发〔2026〕1号" in html
    html = history({"sort": "effective"})
    assert html.index("省工发〔2025〕1号") < html.index("区工发〔2026〕1号")
    html = history({"sort": "-effective"})
    assert html.index("省工发〔2025〕1号") > html.index("区工发〔2026〕1号")


def test_unknown_key_is_404(world):
    response = _client(world).get(reverse("policy:key", args=[world.target.pk, "nothing.here"]))
    assert response.status_code == 404


def test_posting_a_new_version_redirects_with_a_message(world):
    client = _client(world, "same_with", MANAGE_POLICY)
    url = reverse("policy:record_create", args=[world.target.pk, "finance.grassroots_share"])
    data = {"value": "70", "effective_from": policy_today().isoformat(), "note": "区工发〔2026〕9号"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("policy:key", args=[world.target.pk, "finance.grassroots_share"])
    record = PolicyRecord.objects.get()
    assert record.value == "0.7"
    assert "已新增版本" in response.content.decode()


def test_posting_a_past_date_shows_the_refusal_in_the_form(world):
    client = _client(world, "same_with", MANAGE_POLICY)
    url = reverse("policy:record_create", args=[world.target.pk, KEY])
    data = {"value": "7", "effective_from": (policy_today() - timedelta(days=1)).isoformat(), "note": "文"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能追溯修改已生效的政策，请设置今天或以后的生效日期。" in response.content.decode()
    assert not PolicyRecord.objects.exists()


def test_posting_an_out_of_range_value_shows_the_error(world):
    client = _client(world, "same_with", MANAGE_POLICY)
    url = reverse("policy:record_create", args=[world.target.pk, KEY])
    response = client.post(url, {"value": "99", "effective_from": policy_today().isoformat(), "note": "文"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not PolicyRecord.objects.exists()


def test_record_create_answers_get_with_405_only_inside_scope(world):
    url = reverse("policy:record_create", args=[world.target.pk, KEY])
    assert _client(world, "same_with", MANAGE_POLICY).get(url).status_code == 405
    assert _client(world, "sibling", MANAGE_POLICY).get(url).status_code == 404


# -- query counts ---------------------------------------------------------------------------------------


def _unit_page_queries(world, client, django_assert_max_num_queries, extra):
    start = PolicyRecord.objects.count()
    for i in range(start, start + extra):
        PolicyRecordFactory.create(key=KEY, unit=world.city, effective_from=date(2020, 1, 1) + timedelta(days=i))
    url = reverse("policy:unit", args=[world.target.pk])
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_unit_page_query_count_is_pinned(world, django_assert_max_num_queries):
    client = _client(world)
    client.get(reverse("policy:unit", args=[world.target.pk]))  # warm the session
    _unit_page_queries(world, client, django_assert_max_num_queries, 1)
    _unit_page_queries(world, client, django_assert_max_num_queries, 40)


def test_key_history_query_count_is_pinned(world, django_assert_max_num_queries):
    client = _client(world)
    url = reverse("policy:key", args=[world.target.pk, KEY])
    client.get(url)
    for i in range(40):
        unit = (world.province, world.city, world.target)[i % 3]
        PolicyRecordFactory.create(
            key=KEY, unit=unit, effective_from=date(2020, 1, 1) + timedelta(days=i), created_by=None
        )
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "第 1 / 2 页" in response.content.decode()


def test_nav_entry_points_to_the_index():
    from gonghui.policy.nav import NAV

    (item,) = NAV
    assert item.perm == VIEW_POLICY
    assert str(item.label) == "政策参数"
    assert reverse(item.url_name) == "/console/policy/"
