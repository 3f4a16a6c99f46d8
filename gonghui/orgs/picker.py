"""The unit picker of every console form: a search by name with the parent shown, one field, one endpoint pattern.

A form declares ``UnitPickerField(perm=..., search_url="app:unit_search")`` and binds the actor in its
``__init__`` (``bind_unit_pickers(self, actor)``); the app's urls add
``path("units/search/", unit_search_view(PERM), name="unit_search")``. The widget (``orgs/_unit_picker.html``) is
a search box plus the matching units as radio buttons: htmx refreshes the list as one types; without JavaScript
the form is submitted with the text alone and the field takes the one unit it names or shows the matches to pick
from. A posted id outside the actor's scope for the permission is a 404 (``selectors.unit_get``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.console.decorators import staff_required
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.selectors import UNIT_SEARCH_LIMIT, UnitHit, unit_get, unit_hits, unit_search

_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
Q_SUFFIX = "_q"


def _matches(unit: OrgUnit, q: str) -> bool:
    q = q.strip().casefold()
    return not q or q in unit.name.casefold() or q in (unit.short_name or "").casefold() or q == unit.credit_code


class UnitPickerWidget(forms.Widget):
    template_name = "orgs/_unit_picker.html"
    field: UnitPickerField

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (str(data.get(name) or ""), str(data.get(name + Q_SUFFIX) or "")[:120])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + Q_SUFFIX not in data

    def format_value(self, value: Any) -> Any:
        return value

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context.update(self.field.picker_context(name, value))
        return context


class UnitPickerField(forms.Field):
    """A unit chosen by a search by name among the units where the actor holds ``perm`` (``cleaned_data``: the
    ``OrgUnit`` or ``None``)."""

    widget = UnitPickerWidget
    default_error_messages = {
        "required": _("请搜索并选择一个组织。"),
        "none": _("没有找到名称含“%(q)s”的组织。"),
        "several": _("有多个组织的名称含“%(q)s”，请在下面选择一个。"),
    }

    def __init__(
        self,
        *,
        perm: str,
        search_url: str,
        status: str = "",
        kinds: tuple[str, ...] = (),
        empty_label: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.perm, self.search_url, self.status, self.kinds = perm, search_url, status, tuple(kinds)
        self.empty_label = empty_label
        self.actor: access.Actor | None = None
        self.within: OrgUnit | None = None
        self.widget.field = self

    def __deepcopy__(self, memo: dict[int, Any]) -> UnitPickerField:
        # ``Widget.__deepcopy__`` is shallow: each form's copy of the field points its own widget back at itself.
        result: UnitPickerField = getattr(super(), "__deepcopy__")(memo)  # noqa: B009 - not in the stubs
        result.widget.field = result  # type: ignore[attr-defined]
        return result

    def bind(self, actor: access.Actor, *, within: OrgUnit | None = None) -> None:
        """The actor whose scope is searched; ``within`` narrows the choice to a subtree (a queue's units)."""
        self.actor, self.within = actor, within

    def _actor(self) -> access.Actor:
        if self.actor is None:
            raise RuntimeError("UnitPickerField used before bind(actor)")
        return self.actor

    def _pick(self, unit_id: str) -> OrgUnit:
        unit = unit_get(actor=self._actor(), unit_id=unit_id, perm=self.perm)
        if self.status and unit.status != self.status:
            raise access.NotVisible
        if (self.kinds and unit.kind not in self.kinds) or (self.within and not unit.path.startswith(self.within.path)):
            raise access.NotVisible
        return unit

    def search(self, q: str) -> list[UnitHit]:
        return unit_search(
            actor=self._actor(), perm=self.perm, q=q, status=self.status, kinds=self.kinds, within=self.within
        )

    def clean(self, value: Any) -> OrgUnit | None:
        unit_id, q = value if isinstance(value, tuple) else (str(value or ""), "")
        if int_param(unit_id, min_value=1) is None:
            unit_id = ""  # not an id at all (``²``, a huge number): ignored, as every console filter does
        if unit_id:
            unit = self._pick(unit_id)  # 404 outside the actor's scope
            if _matches(unit, q):
                return unit
        if q.strip():
            hits = self.search(q)
            if len(hits) == 1:
                return hits[0].unit
            raise ValidationError(self.error_messages["several" if hits else "none"], params={"q": q.strip()})
        if self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return None

    def picker_context(self, name: str, value: Any) -> dict[str, Any]:
        """What the widget shows: the chosen unit, the search text and, for a search not yet narrowed to one
        unit, the matches to pick from."""
        selected: OrgUnit | None = None
        q = ""
        if isinstance(value, tuple):
            unit_id, q = value
            if unit_id and int_param(unit_id, min_value=1) is not None:
                try:
                    selected = self._pick(unit_id)
                except access.NotVisible:
                    selected = None
                if selected is not None and not _matches(selected, q):
                    selected = None
        elif isinstance(value, OrgUnit):
            selected = value
        elif value not in (None, ""):
            try:
                selected = self._pick(str(value))
            except access.NotVisible:
                selected = None
        hits = self.search(q) if q.strip() and selected is None else []
        chosen = unit_hits([selected])[0] if selected is not None else None
        return {
            "picker": {
                "name": name,
                "q_name": name + Q_SUFFIX,
                "q": q if selected is None else (q or selected.name),
                "url": f"{reverse(self.search_url)}?field={name}"
                + (f"&within={self.within.pk}" if self.within is not None else ""),
                "chosen": chosen,
                "hits": [h for h in hits if chosen is None or h.unit.pk != chosen.unit.pk],
                "limit": UNIT_SEARCH_LIMIT,
                "required": self.required,
                "empty_label": self.empty_label,
            }
        }


def bind_unit_pickers(form: forms.BaseForm, actor: access.Actor, *, within: OrgUnit | None = None) -> None:
    """Give every ``UnitPickerField`` of ``form`` the actor whose scope it searches (and the subtree it keeps to)."""
    for field in form.fields.values():
        if isinstance(field, UnitPickerField):
            field.bind(actor, within=within)


def unit_search_view(
    perm: str, *, status: str = "", kinds: tuple[str, ...] = ()
) -> Callable[[HttpRequest], HttpResponse]:
    """The htmx endpoint of a picker: ``?field=<name>&<name>_q=<text>[&within=<id>]`` → the matches as radio
    buttons named ``field``, among the units (of ``kinds``, ``status``) where the signed-in staff member holds
    ``perm``. Its field declares the same permission, status and kinds."""

    @staff_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        actor = access.actor_of(request)
        access.require_anywhere(actor, perm)
        name = str(request.GET.get("field") or "unit")
        if not _FIELD_NAME.match(name):
            name = "unit"
        q = str(request.GET.get(name + Q_SUFFIX) or request.GET.get("q") or "")[:120]
        within = None
        if request.GET.get("within"):
            within = unit_get(actor=actor, unit_id=request.GET["within"], perm=perm)
        hits = unit_search(actor=actor, perm=perm, q=q, status=status, kinds=kinds, within=within)
        picker = {"name": name, "q_name": name + Q_SUFFIX, "q": q, "hits": hits, "limit": UNIT_SEARCH_LIMIT}
        return render(request, "orgs/_unit_picker_results.html", {"picker": picker, "widget": {"attrs": {}}})

    return view


@dataclass(frozen=True)
class UnitFilter:
    """A list page's unit filter: the unit chosen (or ``None``: all) and the picker to render."""

    unit: OrgUnit | None
    field: forms.BoundField


def unit_filter(
    request: HttpRequest, *, perm: str, search_url: str, label: Any = None, name: str = "unit"
) -> UnitFilter:
    """The unit filter of a list page without a form of its own (``?unit=<id>`` or ``?unit_q=<text>``): an id
    outside the actor's scope for ``perm`` is a 404; a search naming several units filters nothing and offers
    them."""
    form = forms.Form(request.GET or None)
    form.fields[name] = UnitPickerField(
        label=label or _("工会"), required=False, perm=perm, search_url=search_url, empty_label=_("全部")
    )
    bind_unit_pickers(form, access.actor_of(request))
    unit = form.cleaned_data.get(name) if form.is_valid() else None
    return UnitFilter(unit=unit, field=form[name])
