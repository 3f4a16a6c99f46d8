"""The shared includes: pagination, sortable headers, forms; the shell's blocks."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from gonghui.common.listing import paginate
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

SORTS = {"name": "name", "-name": "-name", "path": "path"}


def listing_for(query: str):
    root = OrgUnitFactory.create(name="根")
    for n in range(30):
        OrgUnitFactory.create(parent=root, name=f"单位{n:02d}")
    request = RequestFactory().get(f"/console/orgs/?{query}")
    return paginate(request, OrgUnit.objects.all(), sorts=SORTS, default_sort="path", per_page=10)


def render(source: str, **context) -> str:
    return Template("{% load i18n %}" + source).render(Context(context))


def test_pagination_keeps_filters_and_counts():
    listing = listing_for("q=单位&kind=federation&sort=-name&page=2")
    html = render('{% include "console/_pagination.html" with listing=listing %}', listing=listing)
    assert "第 2 / 4 页，共 31 条" in html
    assert "page=3" in html
    assert "page=1" in html
    assert "kind=federation" in html
    assert "sort=-name" in html
    assert 'aria-current="page">2<' in html


def test_single_page_shows_only_the_count():
    root = OrgUnitFactory.create(name="独苗")
    request = RequestFactory().get("/x/")
    listing = paginate(request, OrgUnit.objects.filter(pk=root.pk), sorts=SORTS)
    html = render('{% include "console/_pagination.html" with listing=listing %}', listing=listing)
    assert "第 1 / 1 页，共 1 条" in html
    assert "pagination-links" not in html


@pytest.mark.parametrize(
    ("query", "key", "link", "state"),
    [
        ("kind=federation&page=3", "name", "sort=name", "none"),
        ("kind=federation&sort=name&page=3", "name", "sort=-name", "ascending"),
        ("kind=federation&sort=-name", "name", "sort=name", "descending"),
    ],
)
def test_sort_header_toggles_and_keeps_filters(query, key, link, state):
    listing = listing_for(query)
    html = render(
        '{% include "console/_sort_th.html" with key=key label=_("名称") listing=listing %}', listing=listing, key=key
    )
    assert html.strip().startswith("<th")
    assert link in html
    assert "kind=federation" in html
    assert "page=" not in html  # a new sort starts on page 1
    assert f'aria-sort="{state}"' in html
    assert "名称" in html


class SampleForm(forms.Form):
    name = forms.CharField(label="名称", help_text="填写全称")
    active = forms.BooleanField(label="有效", required=False)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("整体错误")


def test_form_include_renders_labels_help_and_errors():
    form = SampleForm(data={"name": "", "kind": "a"})
    form.is_valid()
    html = render('{% include "console/_form.html" with form=form %}', form=form)
    assert '<label for="id_name">名称' in html
    assert "填写全称" in html
    assert 'id="id_name_helptext"' in html
    assert "errorlist" in html
    assert "has-error" in html
    assert "整体错误" in html
    assert "alert-error" in html
    assert 'type="checkbox"' in html
    assert "field-check" in html
    assert 'role="group"' in html
    assert 'type="hidden"' in html
    assert "<form" not in html


def test_messages_include(rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    html = render(
        '{% include "console/_messages.html" %}',
        messages=[Message(constants.SUCCESS, "已保存"), Message(constants.ERROR, "失败了")],
    )
    assert "alert-ok" in html
    assert "已保存" in html
    assert "alert-error" in html
    assert "失败了" in html


def test_title_block_fills_title_and_heading(world):
    from django.test import Client

    from gonghui.authz.testing import login
    from gonghui.orgs.permissions import VIEW_UNIT

    staff = world.staff("t", world.target, [VIEW_UNIT])
    body = login(Client(), staff).get("/console/account/").content.decode()
    assert "<title>我的账户 · 工会工作台</title>" in body
    assert "<h1>我的账户</h1>" in body
    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "/static/htmx/htmx.min.js" in body
    assert '"includeIndicatorStyles": false' in body
    assert '<html lang="zh-hans">' in body
    assert " style=" not in body
    assert "<script>" not in body
    assert "onclick" not in body
