"""The shell's navigation: entries shown only where permitted; cost of the context processor pinned."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from gonghui.accounts.models import User
from gonghui.authz.permissions import MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.testing import login
from gonghui.console import context_processors
from gonghui.console.nav import NavItem
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

ITEMS = (
    NavItem(label="组织导航项", url_name="console:home", perm=VIEW_UNIT, section="组织", order=1),
    NavItem(label="授权导航项", url_name="console:account", perm=VIEW_ROLES, section="权限", order=2),
    NavItem(label="角色定义导航项", url_name="console:account", perm=MANAGE_ROLES, section="权限", order=3),
    NavItem(label="未挂载导航项", url_name="nowhere:page", perm=VIEW_UNIT, section="组织", order=4),
)


@pytest.fixture
def items(monkeypatch):
    monkeypatch.setattr(context_processors, "all_items", lambda: ITEMS)


def labels(sections):
    return [[str(s.label), [str(i.label) for i in s.items]] for s in sections]


def request_for(user, path="/console/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_items_shown_only_when_permitted(world, items):
    staff = world.staff("n", world.target, [VIEW_UNIT, VIEW_ROLES])
    sections = context_processors.nav_sections(request_for(staff))
    assert labels(sections) == [["组织", ["组织导航项"]], ["权限", ["授权导航项"]]]


def test_active_entry_is_the_longest_matching_url(world, items):
    staff = world.staff("n", world.target, [VIEW_UNIT, VIEW_ROLES])
    sections = context_processors.nav_sections(request_for(staff, "/console/account/"))
    active = [str(i.label) for s in sections for i in s.items if i.active]
    assert active == ["授权导航项"]


def test_rendered_shell_shows_permitted_items_only(world, items):
    staff = world.staff("n", world.target, [VIEW_UNIT])
    body = login(Client(), staff).get("/console/").content.decode()
    assert "组织导航项" in body
    assert "授权导航项" not in body
    assert "角色定义导航项" not in body
    assert "未挂载导航项" not in body


def test_context_processor_costs_two_queries(world, items, django_assert_num_queries):
    staff = world.staff("n", world.target, [VIEW_UNIT, VIEW_ROLES])
    fresh = User.objects.get(pk=staff.pk)  # nothing cached on it yet
    context = context_processors.console_nav(request_for(fresh))
    with django_assert_num_queries(2):
        assert list(context["console_nav"])
        assert [u.pk for u in context["console_roots"]] == [world.target.pk]
        list(context["console_nav"])
        list(context["console_roots"])


def test_context_processor_is_free_for_anonymous_portal_and_unused(world, items, django_assert_num_queries):
    staff = world.staff("n", world.target, [VIEW_UNIT])
    fresh = User.objects.get(pk=staff.pk)
    with django_assert_num_queries(0):
        assert context_processors.console_nav(request_for(AnonymousUser())) == {}
        assert context_processors.console_nav(request_for(staff, "/me/")) == {}
        context_processors.console_nav(request_for(fresh))  # lazy: nothing evaluated


def test_worker_gets_no_navigation(world, items):
    assert context_processors.nav_sections(request_for(world.member)) == []


def test_home_page_query_count(world, django_assert_max_num_queries):
    staff = world.staff("n", world.city, [VIEW_UNIT, VIEW_ROLES])
    client = login(Client(), staff)
    with django_assert_max_num_queries(8):
        response = client.get("/console/")
    assert response.status_code == 200


def test_home_page_lists_my_roles(world):
    staff = world.staff("n", world.target, [VIEW_UNIT])
    response = login(Client(), staff).get("/console/")
    body = response.content.decode()
    assert "我的角色" in body
    grant = staff.role_grants.get()
    assert grant.role.name in body
    assert world.target.name in body
