"""Console pages of the org tree: the HTTP matrix for each page, behaviour, and pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.tests.factories import UserFactory
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT
from gonghui.orgs.tests.factories import EmployerFactory, OrgUnitFactory

WITH_SIBLING = (*ALLOWED, "sibling")


def unit_form(**overrides):
    data = {
        "name": f"矩阵区总工会{CANARY}",
        "short_name": "",
        "kind": UnitKind.FEDERATION,
        "region_code": "330106",
        "industry_code": "",
        "credit_code": "",
        "legal_cert_no": "",
        "founded_on": "",
        "term_start": "",
        "term_end": "",
    }
    data.update(overrides)
    return data


def employer_form(**overrides):
    data = {
        "name": f"测试用人单位{CANARY}",
        "credit_code": "",
        "industry_code": "13",
        "region_code": "330106",
        "staff_count": "30",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def no_canary_for_sibling(responses):
    assert CANARY not in responses["sibling"].content.decode()


def client_for(world, perm=VIEW_UNIT, who="ancestor"):
    return login(Client(), world.actor(who, perm))


# --- matrix: lists ---------------------------------------------------------------------------------------------


def test_unit_list_matrix(world):
    responses = http_matrix(world, VIEW_UNIT, "get", reverse("orgs:unit_list"), allowed=WITH_SIBLING)
    no_canary_for_sibling(responses)
    assert CANARY in responses["same_with"].content.decode()


def test_employer_list_matrix(world):
    EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    responses = http_matrix(world, VIEW_UNIT, "get", reverse("orgs:employer_list"), allowed=WITH_SIBLING)
    no_canary_for_sibling(responses)
    assert CANARY in responses["ancestor"].content.decode()


def test_unit_search_matrix(world):
    url = lambda w: reverse("orgs:unit_search") + f"?q=矩阵&field=target&exclude={w.child.pk}"  # noqa: E731
    responses = http_matrix(world, RESTRUCTURE_UNIT, "get", url)
    assert CANARY in responses["ancestor"].content.decode()
    # Without ``exclude`` the sibling searches its own subtree and finds nothing of the target's.
    responses = http_matrix(
        world, RESTRUCTURE_UNIT, "get", reverse("orgs:unit_search") + "?q=矩阵", allowed=WITH_SIBLING
    )
    no_canary_for_sibling(responses)


# --- matrix: unit pages -----------------------------------------------------------------------------------------


def test_unit_detail_matrix(world):
    http_matrix(world, VIEW_UNIT, "get", lambda w: reverse("orgs:unit_detail", args=[w.target.pk]))


def test_unit_edit_matrix(world):
    url = lambda w: reverse("orgs:unit_edit", args=[w.target.pk])  # noqa: E731
    http_matrix(world, MANAGE_UNIT, "get", url)
    http_matrix(
        world,
        MANAGE_UNIT,
        "post",
        url,
        data=unit_form(name=f"新名称{CANARY}"),
        state=lambda w: OrgUnit.objects.get(pk=w.target.pk).name,
        ok_statuses=(302,),
    )


def test_unit_create_matrix(world):
    url = lambda w: reverse("orgs:unit_create", args=[w.target.pk])  # noqa: E731
    http_matrix(world, MANAGE_UNIT, "get", url)
    http_matrix(
        world,
        MANAGE_UNIT,
        "post",
        url,
        data=unit_form(name=f"新基层工会{CANARY}", kind=UnitKind.GRASSROOTS),
        state=lambda w: OrgUnit.objects.filter(path__startswith=w.target.path).count(),
        ok_statuses=(302,),
    )


def test_unit_move_matrix(world):
    joint = OrgUnitFactory.create(parent=world.target, kind=UnitKind.JOINT, name=f"联合工会{CANARY}")
    url = lambda w: reverse("orgs:unit_move", args=[w.child.pk])  # noqa: E731
    http_matrix(world, RESTRUCTURE_UNIT, "get", url)
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        url,
        data={"new_parent": joint.pk},
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).path,
        ok_statuses=(302,),
    )


def test_unit_merge_matrix(world):
    source = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name=f"并出工会{CANARY}")
    url = reverse("orgs:unit_merge", args=[source.pk])
    state = lambda w: OrgUnit.objects.get(pk=source.pk).status  # noqa: E731
    http_matrix(world, RESTRUCTURE_UNIT, "get", url)
    # The first POST shows the confirmation page, the second (with ``confirm``) merges.
    http_matrix(world, RESTRUCTURE_UNIT, "post", url, data={"target": world.child.pk}, state=state, ok_statuses=(200,))
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        url,
        data={"target": world.child.pk, "confirm": "1"},
        state=state,
        ok_statuses=(302,),
    )


def test_unit_dissolve_matrix(world):
    url = lambda w: reverse("orgs:unit_dissolve", args=[w.child.pk])  # noqa: E731
    http_matrix(world, RESTRUCTURE_UNIT, "get", url)
    http_matrix(
        world,
        RESTRUCTURE_UNIT,
        "post",
        url,
        data={"reason": "企业关闭", "confirm": "on"},
        state=lambda w: OrgUnit.objects.get(pk=w.child.pk).status,
        ok_statuses=(302,),
    )


# --- matrix: employers ------------------------------------------------------------------------------------------


def test_employer_create_matrix(world):
    url = lambda w: reverse("orgs:employer_create", args=[w.child.pk])  # noqa: E731
    http_matrix(world, MANAGE_EMPLOYER, "get", url)
    form = employer_form()
    form.pop("is_active")
    http_matrix(
        world,
        MANAGE_EMPLOYER,
        "post",
        url,
        data=form,
        state=lambda w: Employer.objects.filter(unit=w.child).count(),
        ok_statuses=(302,),
    )


def test_employer_edit_matrix(world):
    employer = EmployerFactory.create(unit=world.child, name=f"用人单位{CANARY}")
    url = reverse("orgs:employer_edit", args=[employer.pk])
    http_matrix(world, MANAGE_EMPLOYER, "get", url)
    http_matrix(
        world,
        MANAGE_EMPLOYER,
        "post",
        url,
        data=employer_form(staff_count="99"),
        state=lambda w: Employer.objects.get(pk=employer.pk).staff_count,
        ok_statuses=(302,),
    )


# --- behaviour --------------------------------------------------------------------------------------------------


def test_unit_detail_shows_fields_sections_and_only_permitted_actions(world):
    EmployerFactory.create(unit=world.target, name="西湖电子有限公司")
    client = client_for(world)
    page = client.get(reverse("orgs:unit_detail", args=[world.target.pk])).content.decode()
    assert "浙江省杭州市西湖区" in page
    assert world.child.name in page
    assert "西湖电子有限公司" in page
    for name in ("unit_edit", "unit_create", "unit_move", "unit_merge", "unit_dissolve", "employer_create"):
        assert reverse(f"orgs:{name}", args=[world.target.pk]) in page
    assert reverse("authz:grant_create", args=[world.target.pk]) in page
    # Breadcrumb: the ancestors the actor may see.
    assert world.city.name in page or world.city.display_name in page

    viewer = client_for(world, perm=MANAGE_UNIT, who="same_without")  # everything at target but MANAGE_UNIT
    page = viewer.get(reverse("orgs:unit_detail", args=[world.target.pk])).content.decode()
    assert reverse("orgs:unit_edit", args=[world.target.pk]) not in page
    assert reverse("orgs:unit_move", args=[world.target.pk]) in page
    # The staff member at the target does not see the city in the breadcrumb.
    assert reverse("orgs:unit_detail", args=[world.city.pk]) not in page


def test_unit_detail_shows_history_with_labels(world):
    client = client_for(world, perm=MANAGE_UNIT)
    response = client.post(reverse("orgs:unit_edit", args=[world.target.pk]), unit_form(short_name="西湖总"))
    assert response.status_code == 302
    page = client.get(reverse("orgs:unit_detail", args=[world.target.pk])).content.decode()
    assert "组织更名" in page
    assert "简称" in page
    assert "西湖总" in page


def test_unit_edit_shows_service_errors_on_the_form(world):
    client = client_for(world, perm=MANAGE_UNIT)
    response = client.post(
        reverse("orgs:unit_edit", args=[world.target.pk]),
        unit_form(
            region_code="999999", credit_code="91110000600037341X", term_start="2026-01-01", term_end="2025-01-01"
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "不是有效的行政区划代码" in page
    assert "统一社会信用代码校验位错误" in page
    assert OrgUnit.objects.get(pk=world.target.pk).region_code == "330106"


def test_unit_edit_normalises_the_credit_code(world):
    client = client_for(world, perm=MANAGE_UNIT)
    response = client.post(
        reverse("orgs:unit_edit", args=[world.target.pk]), unit_form(credit_code="9111-0000-6000-37341l")
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=world.target.pk).credit_code == "91110000600037341L"


def test_unit_create_offers_only_allowed_kinds_and_refuses_others(world):
    client = client_for(world, perm=MANAGE_UNIT)
    url = reverse("orgs:unit_create", args=[world.child.pk])  # a grassroots union
    page = client.get(url).content.decode()
    assert 'value="sub_union"' in page
    assert 'value="federation"' not in page
    response = client.post(url, unit_form(name="小组", kind=UnitKind.FEDERATION))
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(name="小组").exists()
    response = client.post(url, unit_form(name="一车间分工会", kind=UnitKind.SUB_UNION))
    created = OrgUnit.objects.get(name="一车间分工会")
    assert response["Location"] == reverse("orgs:unit_detail", args=[created.pk])
    assert OrgUnit.objects.get_parent(created).pk == world.child.pk


def test_move_page_searches_and_moves(world):
    joint = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.JOINT, name="兄弟联合工会")
    client = client_for(world, perm=RESTRUCTURE_UNIT)
    url = reverse("orgs:unit_move", args=[world.child.pk])
    page = client.get(url + "?q=兄弟联合").content.decode()
    assert f'value="{joint.pk}"' in page
    fragment = client.get(reverse("orgs:unit_search") + f"?q=矩阵&exclude={world.target.pk}").content.decode()
    assert world.target.name not in fragment
    assert world.child.name not in fragment
    assert world.sibling.name in fragment
    response = client.post(url, {"new_parent": joint.pk})
    assert response.status_code == 302
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(pk=world.child.pk)).pk == joint.pk


def test_move_page_shows_refusals(world):
    client = client_for(world, perm=RESTRUCTURE_UNIT)
    response = client.post(reverse("orgs:unit_move", args=[world.target.pk]), {"new_parent": world.child.pk})
    assert response.status_code == 200
    assert "不能把组织迁移到它自己或它的下级组织之下" in response.content.decode()
    response = client.post(reverse("orgs:unit_move", args=[world.target.pk]), {"new_parent": 999999})
    assert "请选择您有权调整的组织" in response.content.decode()


def test_merge_confirmation_lists_what_moves(world):
    source = OrgUnitFactory.create(parent=world.sibling, kind=UnitKind.FEDERATION, name="被并区总工会")
    OrgUnitFactory.create(parent=source, kind=UnitKind.GRASSROOTS, name="随迁基层工会")
    EmployerFactory.create(unit=source, name="随迁有限公司")
    client = client_for(world, perm=RESTRUCTURE_UNIT)
    url = reverse("orgs:unit_merge", args=[source.pk])
    page = client.post(url, {"target": world.target.pk}).content.decode()
    assert "随迁基层工会" in page
    assert "随迁有限公司" in page
    assert "确认合并" in page
    assert OrgUnit.objects.get(pk=source.pk).status == UnitStatus.ACTIVE
    response = client.post(url, {"target": world.target.pk, "confirm": "1", "merged_on": ""})
    assert response["Location"] == reverse("orgs:unit_detail", args=[world.target.pk])
    source = OrgUnit.objects.get(pk=source.pk)
    assert source.status == UnitStatus.DISSOLVED
    assert source.merged_into_id == world.target.pk
    page = client.get(reverse("orgs:unit_detail", args=[source.pk])).content.decode()
    assert world.target.name in page


def test_dissolve_page_requires_reason_and_confirmation(world):
    client = client_for(world, perm=RESTRUCTURE_UNIT)
    url = reverse("orgs:unit_dissolve", args=[world.target.pk])
    page = client.get(url).content.decode()
    assert world.child.name in page  # the active child that blocks it
    response = client.post(url, {"reason": "", "confirm": ""})
    assert "请填写撤销原因" in response.content.decode()
    assert "请勾选确认" in response.content.decode()
    response = client.post(url, {"reason": "撤并", "confirm": "on"})
    assert "正常状态的下级组织" in response.content.decode()
    assert OrgUnit.objects.get(pk=world.target.pk).status == UnitStatus.ACTIVE


def test_employer_pages_create_and_edit(world):
    client = client_for(world, perm=MANAGE_EMPLOYER)
    form = employer_form(name="新增电子有限公司", credit_code="91110000600037341l")
    form.pop("is_active")
    response = client.post(reverse("orgs:employer_create", args=[world.child.pk]), form)
    assert response.status_code == 302
    employer = Employer.objects.get(name="新增电子有限公司")
    assert employer.credit_code == "91110000600037341L"
    assert employer.is_active
    response = client.post(
        reverse("orgs:employer_edit", args=[employer.pk]), employer_form(name="改名电子有限公司", is_active="")
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.name, employer.is_active) == ("改名电子有限公司", False)
    page = client.get(reverse("orgs:employer_list") + "?q=改名").content.decode()
    assert "改名电子有限公司" in page
    page = client.get(reverse("orgs:employer_edit", args=[employer.pk])).content.decode()
    assert "新增用人单位" in page
    assert "修改用人单位" in page


def test_unit_list_filters_and_sorts(world):
    OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name="滨江某基层工会", region_code="330108")
    client = client_for(world)
    url = reverse("orgs:unit_list")
    page = client.get(url + "?kind=grassroots").content.decode()
    assert world.child.name in page
    assert world.city.name not in page
    page = client.get(url + "?region=330108").content.decode()
    assert "滨江某基层工会" in page
    assert world.child.name not in page
    page = client.get(url + "?q=滨江&sort=-name").content.decode()
    assert "滨江某基层工会" in page
    assert client.get(url + "?region=abc").status_code == 200


# --- query counts -----------------------------------------------------------------------------------------------


@pytest.fixture
def crowded(world):
    """30 sub-units and 30 employers under the target, with history on the target."""
    role = RoleFactory.create(perms=[VIEW_UNIT])
    for i in range(30):
        unit = OrgUnitFactory.create(parent=world.target, kind=UnitKind.GRASSROOTS, name=f"基层工会{i:02d}")
        EmployerFactory.create(unit=world.target if i % 2 else unit, name=f"用人单位{i:02d}有限公司")
        GrantFactory.create(unit=world.target, role=role, user=UserFactory.create(phone=f"1380000{i:04d}"))
    return world


def test_unit_list_query_count(crowded, django_assert_max_num_queries):
    client = client_for(crowded)
    client.get(reverse("orgs:unit_list"))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("orgs:unit_list") + "?per_page=50")
    assert response.status_code == 200
    assert response.content.decode().count("基层工会") >= 30


def test_unit_detail_query_count(crowded, django_assert_max_num_queries):
    client = client_for(crowded, perm=MANAGE_UNIT)
    for i in range(12):
        client.post(reverse("orgs:unit_edit", args=[crowded.target.pk]), unit_form(short_name=f"简称{i}"))
    assert AuditEvent.objects.filter(target_id=str(crowded.target.pk)).count() == 12
    with django_assert_max_num_queries(16):
        response = client.get(reverse("orgs:unit_detail", args=[crowded.target.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("138****") == 10


def test_employer_list_query_count(crowded, django_assert_max_num_queries):
    client = client_for(crowded)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("orgs:employer_list") + "?per_page=50")
    assert response.content.decode().count("有限公司") >= 30
