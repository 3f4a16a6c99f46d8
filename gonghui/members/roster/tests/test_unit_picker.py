"""The kernel unit picker (``orgs.picker``) as the roster mounts it: one search (scope, parent shown), one field
(no-JS fallback, 404 outside the scope), the endpoint pattern."""

from __future__ import annotations

import pytest
from django import forms
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, login
from gonghui.members.permissions import VIEW_MEMBER
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers
from gonghui.orgs.selectors import unit_search


class PickForm(forms.Form):
    unit = UnitPickerField(label="工会", perm=VIEW_MEMBER, search_url="members:unit_search")


def _form(world, data, actor=None):
    form = PickForm(data)
    bind_unit_pickers(form, actor or world.staff("picker", world.city, [VIEW_MEMBER]))
    return form


def test_search_matches_names_in_scope_with_the_parent_shown(world):
    staff = world.staff("picker", world.target, [VIEW_MEMBER])
    hits = unit_search(actor=staff, perm=VIEW_MEMBER, q="矩阵")
    assert [h.label for h in hits] == [
        f"矩阵区总工会{CANARY} · 矩阵市总工会",
        f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}",
    ]
    assert unit_search(actor=staff, perm=VIEW_MEMBER, q="兄弟") == []  # a sibling is outside the scope
    assert unit_search(actor=staff, perm=VIEW_MEMBER, q="  ") == []


def test_the_field_takes_a_chosen_id_or_the_one_unit_the_text_names(world):
    form = _form(world, {"unit": str(world.child.pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == world.child

    form = _form(world, {"unit_q": "兄弟"})  # the text alone, as sent without JavaScript
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == world.sibling

    form = _form(world, {"unit": str(world.child.pk), "unit_q": "兄弟"})  # typed over an earlier choice
    assert form.is_valid()
    assert form.cleaned_data["unit"] == world.sibling


def test_several_matches_are_listed_to_pick_from(world):
    form = _form(world, {"unit_q": "矩阵"})
    assert not form.is_valid()
    assert "有多个组织" in str(form.errors["unit"])
    html = str(form["unit"])
    assert f'value="{world.child.pk}"' in html
    assert f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}" in html
    assert f'value="{world.province.pk}"' not in html  # above the actor's unit

    form = _form(world, {"unit_q": "不存在的组织"})
    assert not form.is_valid()
    assert "没有找到" in str(form.errors["unit"])


def test_a_posted_id_outside_the_scope_is_a_404_and_a_malformed_one_is_ignored(world):
    with pytest.raises(Http404):
        _form(world, {"unit": str(world.province.pk)}).is_valid()
    form = _form(world, {"unit": "abc"})
    form.is_valid()
    assert form.cleaned_data.get("unit") is None  # as every console filter ignores a value that is not an id


def test_the_endpoint_lists_matches_in_scope_as_radio_buttons(world):
    client = login(Client(), world.staff("picker", world.target, [VIEW_MEMBER]))
    url = reverse("members:unit_search")
    body = client.get(url, {"field": "unit", "unit_q": "矩阵"}).content.decode()
    assert f'name="unit" value="{world.child.pk}"' in body
    assert f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}" in body
    assert f'value="{world.city.pk}"' not in body
    assert f'value="{world.sibling.pk}"' not in body
    body = client.get(url, {"field": 'x" onmouseover="', "q": "矩阵"}).content.decode()
    assert "onmouseover" not in body
    no_role = login(Client(), world.member)
    assert no_role.get(url, {"q": "矩阵"}).status_code in (302, 403, 404)
