"""Project error pages: Chinese, styled, no personal data or stack traces, and renderable without a request."""

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "/static/gonghui/app.css" in body
    assert "Traceback" not in body


@pytest.mark.parametrize("name", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_templates_render_without_a_request(name):
    html = get_template(name).render({})
    assert "<html" in html
    assert "工会数字化服务平台" in html


def test_500_handler_renders_the_template():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出了点问题" in body
    assert "Traceback" not in body


def test_400_handler_renders_the_template():
    response = defaults.bad_request(RequestFactory().get("/"), Exception("secret detail"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "请求无效" in body
    assert "secret detail" not in body


def test_csrf_failure_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/console/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_the_console_403_page_keeps_staff_in_the_console(world):
    """Issue 13: a staff member refused a console page is sent back to the console's home, not the worker portal."""
    from django.test import Client

    from gonghui.authz.testing import login
    from gonghui.orgs.permissions import VIEW_UNIT

    staff = world.staff("narrow", world.target, [VIEW_UNIT])
    response = login(Client(), staff).get("/console/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'href="/console/" id="back-to-console"' in body
    assert "返回会员服务首页" not in body
