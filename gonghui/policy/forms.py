"""Forms of the policy pages. The value field is built from the key's type; the service validates again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.policy.registry import PolicyKey, PolicyType
from gonghui.policy.selectors import policy_today

_BOOL_CHOICES = [("true", _("是")), ("false", _("否"))]


class OnDateForm(forms.Form):
    """The ``?on=`` filter of the effective-values page."""

    on = forms.DateField(label=_("查询日期"), required=False, widget=DateInput())


def _value_field(definition: PolicyKey) -> forms.Field:
    label = _("取值")
    help_text = str(definition.help)
    if definition.type == PolicyType.INT:
        return forms.IntegerField(
            label=label, help_text=help_text, min_value=definition.min_value, max_value=definition.max_value
        )
    if definition.type == PolicyType.DECIMAL:
        return forms.DecimalField(
            label=label,
            help_text=help_text,
            min_value=definition.min_value,
            max_value=definition.max_value,
            decimal_places=definition.places,
        )
    if definition.type == PolicyType.PERCENT:
        places = None if definition.places is None else max(definition.places - 2, 0)
        return forms.DecimalField(
            label=_("取值（%）"),
            help_text=help_text,
            min_value=None if definition.min_value is None else definition.min_value * 100,
            max_value=None if definition.max_value is None else definition.max_value * 100,
            decimal_places=places,
        )
    if definition.type == PolicyType.BOOL:
        return forms.ChoiceField(label=label, help_text=help_text, choices=_BOOL_CHOICES)
    if definition.type == PolicyType.DATE:
        return forms.DateField(label=label, help_text=help_text, widget=DateInput())
    if definition.type == PolicyType.CHOICE:
        return forms.ChoiceField(label=label, help_text=help_text, choices=list(definition.choices))
    if definition.type == PolicyType.JSON:
        return forms.JSONField(label=label, help_text=help_text)
    return forms.CharField(label=label, help_text=help_text, max_length=definition.max_length)


def _initial(definition: PolicyKey, value: Any) -> Any:
    if value is None:
        return None
    if definition.type == PolicyType.PERCENT:
        return (value * 100).normalize()
    if definition.type == PolicyType.BOOL:
        return "true" if value else "false"
    return value


class PolicyRecordForm(forms.Form):
    """A new version of one key at one unit."""

    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    note = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        help_text=_("发文字号或调整说明，如：浙工发〔2026〕12号"),
    )

    def __init__(self, *args: Any, definition: PolicyKey, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        today = policy_today()
        self.fields["effective_from"].widget.attrs["min"] = today.isoformat()
        self.fields["effective_from"].initial = today
        value_field = _value_field(definition)
        value_field.initial = _initial(definition, current)
        self.fields["value"] = value_field
        self.order_fields(["value", "effective_from", "note"])

    def clean_value(self) -> Any:
        """The typed value for the service (percent fields are typed as %, stored as a ratio)."""
        value = self.cleaned_data["value"]
        if self.definition.type == PolicyType.PERCENT and isinstance(value, Decimal):
            return value / 100
        return value
