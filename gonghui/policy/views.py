"""Console pages: the policy in force at a unit, the history of a key, and adding a version."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.models import OrgUnit
from gonghui.policy.forms import OnDateForm, PolicyRecordForm
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import MANAGE_POLICY
from gonghui.policy.registry import PolicyKey
from gonghui.policy.selectors import (
    Resolved,
    Source,
    policy_definition_get,
    policy_effective_get,
    policy_effective_list,
    policy_history,
    policy_home_unit,
    policy_today,
    policy_unit_children,
    policy_unit_get,
    policy_unit_search,
    policy_unit_trail,
)
from gonghui.policy.services import policy_set

HISTORY_SORTS = {
    "-effective": "-effective_from",
    "effective": "effective_from",
    "unit": "unit__path",
    "-unit": "-unit__path",
    "created": "created_at",
    "-created": "-created_at",
}


@dataclass(frozen=True)
class Row:
    definition: PolicyKey
    resolved: Resolved
    source: Source


@dataclass(frozen=True)
class Section:
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class HistoryRow:
    record: PolicyRecord
    status: str  # current / future / past


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """The policy of the highest unit where the user may view it."""
    unit = policy_home_unit(actor=request.user)
    if unit is None:
        raise PermissionDenied
    return redirect("policy:unit", unit_id=unit.pk)


@staff_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """The htmx unit picker: units in scope matching ``q``."""
    hits = policy_unit_search(actor=request.user, q=request.GET.get("q", ""))
    return render(request, "policy/_unit_results.html", {"hits": hits})


@staff_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = access.actor_of(request)
    unit = policy_unit_get(actor=actor, unit_id=unit_id)
    on = policy_today()
    on_form = OnDateForm(request.GET or None, initial={"on": on})
    if on_form.is_valid() and on_form.cleaned_data["on"]:
        on = on_form.cleaned_data["on"]
    sections: dict[str, list[Row]] = {}
    for resolved in policy_effective_list(actor=actor, unit=unit, on=on):
        definition = resolved.definition
        sections.setdefault(definition.section_label, []).append(
            Row(definition=definition, resolved=resolved, source=resolved.source(unit))
        )
    context = {
        "unit": unit,
        "on": on,
        "is_today": on == policy_today(),
        "on_form": on_form,
        "sections": [Section(label=label, rows=rows) for label, rows in sections.items()],
        "trail": policy_unit_trail(actor=actor, unit=unit),
        "children": policy_unit_children(actor=actor, unit=unit),
        "can_manage": access.check(actor, MANAGE_POLICY, unit),
    }
    return render(request, "policy/unit.html", context)


def _render_key(
    request: HttpRequest, unit: OrgUnit, definition: PolicyKey, form: PolicyRecordForm | None
) -> HttpResponse:
    actor = access.actor_of(request)
    trail = policy_unit_trail(actor=actor, unit=unit)
    history = policy_history(actor=actor, key=definition.key, unit=unit)
    issuer = int_param(request.GET.get("issuer", ""), min_value=1)
    if issuer is not None and any(u.pk == issuer for u, _visible in trail):
        history = history.filter(unit_id=issuer)
    listing = paginate(request, history, sorts=HISTORY_SORTS, default_sort="-effective")
    current = policy_effective_get(actor=actor, unit=unit, key=definition.key)
    today = policy_today()
    rows = []
    for record in listing.page:
        if current.record is not None and record.pk == current.record.pk:
            status = "current"
        elif record.effective_from > today:
            status = "future"
        else:
            status = "past"
        rows.append(HistoryRow(record=record, status=status))
    can_manage = access.check(actor, MANAGE_POLICY, unit)
    if can_manage and form is None:
        form = PolicyRecordForm(definition=definition, current=current.value)
    context = {
        "unit": unit,
        "definition": definition,
        "current": current,
        "source": current.source(unit),
        "trail": trail,
        "issuer": issuer,
        "listing": listing,
        "rows": rows,
        "can_manage": can_manage,
        "form": form if can_manage else None,
        "default_display": definition.format(definition.default),
        "range_display": _range_display(definition),
    }
    return render(request, "policy/key.html", context)


def _range_display(definition: PolicyKey) -> str:
    low, high = definition.min_value, definition.max_value
    if definition.choices:
        return "、".join(str(label) for _code, label in definition.choices)
    if low is not None and high is not None:
        return f"{definition.format(low)} ~ {definition.format(high)}"
    if low is not None:
        return _("不小于 %(limit)s") % {"limit": definition.format(low)}
    if high is not None:
        return _("不大于 %(limit)s") % {"limit": definition.format(high)}
    return ""


@staff_required
def key_detail(request: HttpRequest, unit_id: int, key: str) -> HttpResponse:
    unit = policy_unit_get(actor=request.user, unit_id=unit_id)
    definition = policy_definition_get(key)
    return _render_key(request, unit, definition, form=None)


@staff_required
def record_create(request: HttpRequest, unit_id: int, key: str) -> HttpResponse:
    unit = policy_unit_get(actor=request.user, unit_id=unit_id)
    definition = policy_definition_get(key)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PolicyRecordForm(request.POST, definition=definition)
    if form.is_valid() and attempt(
        request,
        lambda: policy_set(
            actor=request.user,
            key=definition.key,
            unit=unit,
            value=form.cleaned_data["value"],
            effective_from=form.cleaned_data["effective_from"],
            note=form.cleaned_data["note"],
        ),
        form=form,
        success=lambda record: (
            _("已新增版本：%(label)s %(value)s，自%(date)s起执行。")
            % {
                "label": definition.label,
                "value": record.display_value,
                "date": record.effective_from.isoformat(),
            }
        ),
    ):
        return redirect("policy:key", unit_id=unit.pk, key=definition.key)
    return _render_key(request, unit, definition, form=form)
