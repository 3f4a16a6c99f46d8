"""The org-tree navigator: roots from the user's grants, children loaded by htmx, nothing outside the scope."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.console.views import TREE_CHILDREN_LIMIT
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db


def children_url(unit) -> str:
    return reverse("console:tree_children", args=[unit.pk])


@pytest.fixture
def second_city(world):
    return OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=world.province.pk),
        instance=OrgUnit(name="矩阵另一市总工会", kind=UnitKind.FEDERATION, region_code="330200"),
    )


def test_city_staff_sees_their_city_as_root_and_can_expand_it(world):
    staff = world.staff("city", world.city, [VIEW_UNIT])
    client = login(Client(), staff)
    home = client.get("/console/")
    assert home.status_code == 200
    assert [u.pk for u in home.context["console_roots"]] == [world.city.pk]
    body = home.content.decode()
    assert world.city.name in body
    assert world.province.name not in body
    assert f'hx-get="{children_url(world.city)}"' in body

    fragment = client.get(children_url(world.city), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert world.target.name in text
    assert world.sibling.name in text
    assert "<html" not in text
    # The target has a child: its toggle loads it on demand.
    assert f'hx-get="{children_url(world.target)}"' in text
    deeper = client.get(children_url(world.target)).content.decode()
    assert world.child.name in deeper


def test_city_staff_cannot_fetch_province_or_sibling_city(world, second_city):
    staff = world.staff("city", world.city, [VIEW_UNIT])
    client = login(Client(), staff)
    assert client.get(children_url(world.province)).status_code == 404
    assert client.get(children_url(second_city)).status_code == 404
    assert client.get("/console/tree/999999/children/").status_code == 404


def test_tree_children_matrix(world):
    responses = http_matrix(world, VIEW_UNIT, "get", lambda w: children_url(w.target))
    assert CANARY in responses["same_with"].content.decode()
    assert CANARY in responses["ancestor"].content.decode()


def test_leaf_has_no_toggle_and_unit_kind_badge_is_shown(world):
    staff = world.staff("t", world.target, [VIEW_UNIT])
    text = login(Client(), staff).get(children_url(world.target)).content.decode()
    assert world.child.name in text
    assert "基层工会" in text  # kind badge
    assert f'hx-get="{children_url(world.child)}"' not in text  # no children: no toggle


def test_long_children_lists_are_capped(world, monkeypatch):
    monkeypatch.setattr("gonghui.console.views.TREE_CHILDREN_LIMIT", 1)
    staff = world.staff("c", world.city, [VIEW_UNIT])
    text = login(Client(), staff).get(children_url(world.city)).content.decode()
    assert text.count('class="tree-node"') == 1
    assert "另有 1 个下级组织未列出" in text
    assert TREE_CHILDREN_LIMIT >= 100


def test_children_query_count(world, django_assert_max_num_queries):
    for n in range(5):
        OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=world.target.pk),
            instance=OrgUnit(name=f"基层{n}", kind=UnitKind.GRASSROOTS, region_code="330106"),
        )
    client = login(Client(), world.staff("q", world.city, [VIEW_UNIT]))
    with django_assert_max_num_queries(6):
        assert client.get(children_url(world.target)).status_code == 200


def test_unit_links_do_not_crash_without_orgs_pages(world):
    """``orgs:unit_detail`` may not exist yet: names are then shown without a link."""
    staff = world.staff("l", world.city, [VIEW_UNIT])
    response = login(Client(), staff).get(children_url(world.city))
    assert response.status_code == 200


def test_expired_session_reloads_the_page_at_the_login(world, client):
    response = client.get(
        children_url(world.target), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/console/"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/console/login/?next=/console/"
    assert CANARY not in response.content.decode()


def test_half_signed_in_htmx_request_goes_to_the_totp_step(world):
    from gonghui.accounts.models import User
    from gonghui.authz.models import Role, RoleGrant
    from gonghui.authz.services import roles_sync

    roles_sync()
    clerk = User.objects.create_user(username="htmxclerk", password="pw-123456789")
    RoleGrant.objects.create(user=clerk, role=Role.objects.get(code="clerk"), unit=world.target)
    client = Client()
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(
        children_url(world.target), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/console/"
    )
    assert response["HX-Redirect"].startswith("/console/login/otp/?next=")
