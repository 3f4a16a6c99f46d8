"""The one registry of policy keys: every amount, cap, ratio, quota, frequency and threshold the code reads.

Each app declares its keys in ``gonghui/<app>/policies.py``::

    from gonghui.policy.registry import PolicyType, define

    INACTIVE_MONTHS = define(
        key="members.inactive_months",
        label=_("无会费无活动视为离会的月数"),
        type=PolicyType.INT,
        default=6,
        unit=_("个月"),
        help=_("会员连续这么多个月未交会费、未参加活动，系统提示核查离会。"),
        min_value=1,
        max_value=24,
    )

The code holds only the *default*; the value in force is data (``PolicyRecord``: effective date, issuing org
unit, inherited down the tree unless a lower unit overrides it) and is read with
:func:`gonghui.policy.selectors.policy_get`.

Values are typed. ``parse(raw)`` turns a stored JSON value, an API value or form text into the Python value,
``validate(value)`` checks bounds and options, ``dump(value)`` gives the JSON value stored in the record and
``format(value)`` the text shown to staff. All of them raise :class:`django.core.exceptions.ValidationError`
with Chinese messages on bad input.

==========  =====================================  =================================================
type        Python value                           stored as
==========  =====================================  =================================================
decimal     ``Decimal`` (``places``: e.g. money 2)  string, quantized to ``places`` (``"600.00"``)
int         ``int``                                number
bool        ``bool``                               ``true`` / ``false``
str         ``str``                                string
date        ``datetime.date``                      ``"YYYY-MM-DD"``
percent     ``Decimal`` ratio (0.02 shown as 2%)   string, shortest form (``"0.02"``); ``"2%"`` parses
choice      ``str`` (one of ``choices``)           string
json        any JSON value (``validator``)         the JSON value
==========  =====================================  =================================================
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Text = Promise | str

_KEY_RE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z0-9_]*$")
KEY_MAX_LENGTH = 100
# Beyond this magnitude a figure is a typing error, and Decimal arithmetic stays exact well within it.
_DECIMAL_LIMIT = Decimal(10) ** 15
_TRUE = frozenset({"true", "1", "yes", "on", "是"})
_FALSE = frozenset({"false", "0", "no", "off", "否"})


class PolicyType(StrEnum):
    DECIMAL = "decimal"
    INT = "int"
    BOOL = "bool"
    STR = "str"
    DATE = "date"
    PERCENT = "percent"
    CHOICE = "choice"
    JSON = "json"

    @property
    def label(self) -> str:
        return str(_TYPE_LABELS[self])


_TYPE_LABELS: dict[PolicyType, Text] = {
    PolicyType.DECIMAL: _("数值"),
    PolicyType.INT: _("整数"),
    PolicyType.BOOL: _("是/否"),
    PolicyType.STR: _("文本"),
    PolicyType.DATE: _("日期"),
    PolicyType.PERCENT: _("比例"),
    PolicyType.CHOICE: _("选项"),
    PolicyType.JSON: _("结构化数据"),
}

_ORDERED = frozenset({PolicyType.DECIMAL, PolicyType.INT, PolicyType.PERCENT, PolicyType.DATE})


class UnknownPolicy(KeyError):
    """A key that no ``policies.py`` defines: a programming error in code, a 404/400 for user input."""


def _error(message: str, code: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError(message, code=code, params=params)


@dataclass(frozen=True)
class PolicyKey:
    """The definition of one policy key. Build through :func:`define`, which normalises and checks it."""

    key: str
    label: Text
    type: PolicyType
    default: Any
    unit: Text = ""
    help: Text = ""
    section: Text = ""
    min_value: Any = None
    max_value: Any = None
    places: int | None = None
    choices: tuple[tuple[str, Text], ...] = ()
    validator: Callable[[Any], None] | None = field(default=None, compare=False)
    max_length: int = 500

    # -- identity ---------------------------------------------------------------------------------------

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def section_label(self) -> str:
        """The heading the key is listed under: ``section``, else the verbose name of its app."""
        if self.section:
            return str(self.section)
        try:
            return str(apps.get_app_config(self.app_label).verbose_name)
        except LookupError:
            return self.app_label

    @property
    def type_label(self) -> str:
        return self.type.label

    # -- parsing ----------------------------------------------------------------------------------------

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw`` (a stored JSON value, an API value or form text)."""
        if raw is None:
            raise _error(gettext("请填写取值。"), "required")
        parser = _PARSERS[self.type]
        return parser(self, raw)

    def validate(self, value: Any) -> None:
        """Check a typed value against the key's type, bounds, places, options and validator."""
        if value is None:
            raise _error(gettext("请填写取值。"), "required")
        _CHECK_TYPE[self.type](self, value)
        if self.type in _ORDERED:
            if self.min_value is not None and value < self.min_value:
                raise _error(gettext("不能小于 %(limit)s。"), "min_value", {"limit": self.format(self.min_value)})
            if self.max_value is not None and value > self.max_value:
                raise _error(gettext("不能大于 %(limit)s。"), "max_value", {"limit": self.format(self.max_value)})
        if self.type in (PolicyType.DECIMAL, PolicyType.PERCENT) and self.places is not None:
            exponent = value.normalize().as_tuple().exponent
            if isinstance(exponent, int) and exponent < -self.places:
                if self.type == PolicyType.PERCENT:
                    raise _error(
                        gettext("比例最多保留 %(places)d 位小数（按百分数计）。"),
                        "places",
                        {"places": max(self.places - 2, 0)},
                    )
                raise _error(gettext("最多保留 %(places)d 位小数。"), "places", {"places": self.places})
        if self.type == PolicyType.STR and len(value) > self.max_length:
            raise _error(gettext("不能超过 %(max)d 个字符。"), "max_length", {"max": self.max_length})
        if self.type == PolicyType.CHOICE and value not in {code for code, _label in self.choices}:
            raise _error(gettext("“%(value)s”不是有效的选项。"), "invalid_choice", {"value": value})
        if self.validator is not None:
            self.validator(value)

    def clean(self, raw: Any) -> Any:
        """``parse`` then ``validate``: the typed value of user input, or a ValidationError."""
        value = self.parse(raw)
        self.validate(value)
        return value

    def dump(self, value: Any) -> Any:
        """The JSON value stored in ``PolicyRecord.value``."""
        if self.type == PolicyType.DECIMAL:
            return _plain(_quantize(value, self.places))
        if self.type == PolicyType.PERCENT:
            return _plain(value.normalize())
        if self.type == PolicyType.DATE:
            return value.isoformat()
        if self.type == PolicyType.INT:
            return int(value)
        if self.type == PolicyType.BOOL:
            return bool(value)
        if self.type in (PolicyType.STR, PolicyType.CHOICE):
            return str(value)
        return json.loads(json.dumps(value))

    # -- display ----------------------------------------------------------------------------------------

    def format(self, value: Any) -> str:
        """The value as staff read it: ``3,000.00 元``, ``2%``, ``5 个工作日``, ``是``."""
        if value is None:
            return ""
        if self.type == PolicyType.PERCENT:
            return f"{_plain((value * 100).normalize())}%"
        if self.type == PolicyType.BOOL:
            return gettext("是") if value else gettext("否")
        if self.type == PolicyType.DATE:
            return str(value.isoformat())
        if self.type == PolicyType.CHOICE:
            return self.choice_label(value)
        if self.type == PolicyType.JSON:
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        if self.type == PolicyType.DECIMAL:
            places = self.places if self.places is not None else max(-_exponent(value), 0)
            text = f"{value:,.{places}f}"
        elif self.type == PolicyType.INT:
            text = f"{value:,}"
        else:
            text = str(value)
        return f"{text} {self.unit}" if self.unit else text

    def choice_label(self, value: Any) -> str:
        for code, label in self.choices:
            if code == value:
                return str(label)
        return str(value)

    def describe(self) -> dict[str, Any]:
        """A JSON description of the key (the API's key list)."""
        return {
            "key": self.key,
            "label": str(self.label),
            "section": self.section_label,
            "type": str(self.type),
            "default": self.dump(self.default),
            "default_display": self.format(self.default),
            "unit": str(self.unit),
            "help": str(self.help),
            "min_value": None if self.min_value is None else self.dump(self.min_value),
            "max_value": None if self.max_value is None else self.dump(self.max_value),
            "places": self.places,
            "choices": [{"value": code, "label": str(label)} for code, label in self.choices],
        }


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _plain(value: Decimal) -> str:
    """A Decimal without exponent notation (``1E+2`` → ``100``)."""
    return format(value, "f")


def _quantize(value: Decimal, places: int | None) -> Decimal:
    if places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places))


# -- parsers, one per type --------------------------------------------------------------------------------


def _parse_int(key: PolicyKey, raw: Any) -> int:
    if isinstance(raw, bool):
        raise _error(gettext("请输入整数。"), "invalid")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d{1,15}", raw.strip().replace(",", "")):
        return int(raw.strip().replace(",", ""))
    if isinstance(raw, float | Decimal):
        number = Decimal(repr(raw)) if isinstance(raw, float) else raw
        if number.is_finite() and abs(number) < _DECIMAL_LIMIT and number == number.to_integral_value():
            return int(number)
    raise _error(gettext("请输入整数。"), "invalid")


def _parse_decimal(key: PolicyKey, raw: Any) -> Decimal:
    percent_text = False
    if isinstance(raw, bool):
        raise _error(gettext("请输入数字。"), "invalid")
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        if key.type == PolicyType.PERCENT and text.endswith(("%", "％")):
            percent_text = True
            text = text[:-1].strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _error(gettext("请输入数字。"), "invalid") from None
    else:
        raise _error(gettext("请输入数字。"), "invalid")
    if not value.is_finite() or abs(value) >= _DECIMAL_LIMIT:
        raise _error(gettext("请输入有效的数字。"), "invalid")
    if percent_text:
        value = value / 100
    if key.type == PolicyType.DECIMAL and key.places is not None and _exponent(value.normalize()) >= -key.places:
        return _quantize(value, key.places)
    return value


def _parse_bool(key: PolicyKey, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _error(gettext("请选择“是”或“否”。"), "invalid")


def _parse_str(key: PolicyKey, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _error(gettext("请输入文本。"), "invalid")
    return raw.strip()


def _parse_date(key: PolicyKey, raw: Any) -> date:
    if isinstance(raw, datetime):
        raise _error(gettext("请输入日期（不含时间）。"), "invalid")
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            parsed = parse_date(raw.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed
    raise _error(gettext("请输入有效日期（YYYY-MM-DD）。"), "invalid")


def _parse_choice(key: PolicyKey, raw: Any) -> str:
    if isinstance(raw, str):
        return raw.strip()
    raise _error(gettext("请选择一个选项。"), "invalid")


def _parse_json(key: PolicyKey, raw: Any) -> Any:
    try:
        return json.loads(json.dumps(raw, allow_nan=False))
    except (TypeError, ValueError):
        raise _error(gettext("不是有效的 JSON 数据。"), "invalid") from None


_PARSERS: dict[PolicyType, Callable[[PolicyKey, Any], Any]] = {
    PolicyType.INT: _parse_int,
    PolicyType.DECIMAL: _parse_decimal,
    PolicyType.PERCENT: _parse_decimal,
    PolicyType.BOOL: _parse_bool,
    PolicyType.STR: _parse_str,
    PolicyType.DATE: _parse_date,
    PolicyType.CHOICE: _parse_choice,
    PolicyType.JSON: _parse_json,
}


def _expect(kind: type, message: Text) -> Callable[[PolicyKey, Any], None]:
    def check(key: PolicyKey, value: Any) -> None:
        wrong_bool = isinstance(value, bool) and kind is not bool
        not_finite = isinstance(value, Decimal) and not value.is_finite()
        if wrong_bool or not_finite or isinstance(value, datetime) or not isinstance(value, kind):
            raise _error(str(message), "invalid")

    return check


def _check_json(key: PolicyKey, value: Any) -> None:
    _parse_json(key, value)


_CHECK_TYPE: dict[PolicyType, Callable[[PolicyKey, Any], None]] = {
    PolicyType.INT: _expect(int, _("请输入整数。")),
    PolicyType.DECIMAL: _expect(Decimal, _("请输入数字。")),
    PolicyType.PERCENT: _expect(Decimal, _("请输入数字。")),
    PolicyType.BOOL: _expect(bool, _("请选择“是”或“否”。")),
    PolicyType.STR: _expect(str, _("请输入文本。")),
    PolicyType.DATE: _expect(date, _("请输入有效日期（YYYY-MM-DD）。")),
    PolicyType.CHOICE: _expect(str, _("请选择一个选项。")),
    PolicyType.JSON: _check_json,
}


# -- the registry -----------------------------------------------------------------------------------------

_registry: dict[str, PolicyKey] = {}


def build(
    *,
    key: str,
    label: Text,
    type: PolicyType | str,
    default: Any,
    unit: Text = "",
    help: Text = "",
    section: Text = "",
    min_value: Any = None,
    max_value: Any = None,
    places: int | None = None,
    choices: Sequence[tuple[str, Text]] = (),
    validator: Callable[[Any], None] | None = None,
    max_length: int = 500,
) -> PolicyKey:
    """A checked, normalised :class:`PolicyKey` that is not registered (``define`` registers it)."""
    if not _KEY_RE.match(key) or len(key) > KEY_MAX_LENGTH:
        raise ValueError(f"policy keys are 'app.snake_name' (at most {KEY_MAX_LENGTH} characters), got {key!r}")
    kind = PolicyType(type)
    if kind == PolicyType.PERCENT:
        places = 4 if places is None else places
        min_value = Decimal(0) if min_value is None else min_value
        max_value = Decimal(1) if max_value is None else max_value
    if places is not None and kind not in (PolicyType.DECIMAL, PolicyType.PERCENT):
        raise ValueError(f"{key}: places only applies to decimal and percent keys")
    if (min_value is not None or max_value is not None) and kind not in _ORDERED:
        raise ValueError(f"{key}: min_value/max_value only apply to decimal, int, percent and date keys")
    if kind == PolicyType.CHOICE and not choices:
        raise ValueError(f"{key}: a choice key needs choices")
    if choices and kind != PolicyType.CHOICE:
        raise ValueError(f"{key}: choices only apply to choice keys")
    if validator is not None and kind != PolicyType.JSON:
        raise ValueError(f"{key}: validator only applies to json keys")
    definition = PolicyKey(
        key=key,
        label=label,
        type=kind,
        default=None,
        unit=unit,
        help=help,
        section=section,
        places=places,
        choices=tuple((str(code), text) for code, text in choices),
        validator=validator,
        max_length=max_length,
    )
    try:
        definition = replace(
            definition,
            min_value=None if min_value is None else definition.parse(min_value),
            max_value=None if max_value is None else definition.parse(max_value),
        )
        if (
            definition.min_value is not None
            and definition.max_value is not None
            and definition.min_value > definition.max_value
        ):
            raise ValueError(f"{key}: min_value is greater than max_value")
        definition = replace(definition, default=definition.clean(default))
    except ValidationError as exc:
        raise ValueError(f"{key}: invalid default or bounds: {exc.messages}") from exc
    return definition


def define(
    *,
    key: str,
    label: Text,
    type: PolicyType | str,
    default: Any,
    unit: Text = "",
    help: Text = "",
    section: Text = "",
    min_value: Any = None,
    max_value: Any = None,
    places: int | None = None,
    choices: Sequence[tuple[str, Text]] = (),
    validator: Callable[[Any], None] | None = None,
    max_length: int = 500,
) -> PolicyKey:
    """Declare a policy key and its default (see the module docstring). Declaring the same key twice with a
    different definition is a programming error."""
    definition = build(
        key=key,
        label=label,
        type=type,
        default=default,
        unit=unit,
        help=help,
        section=section,
        min_value=min_value,
        max_value=max_value,
        places=places,
        choices=choices,
        validator=validator,
        max_length=max_length,
    )
    existing = _registry.get(key)
    if existing is not None:
        if existing != definition:
            raise ValueError(f"policy key {key!r} defined twice with different definitions")
        return existing
    _registry[key] = definition
    return definition


def get(key: str) -> PolicyKey:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownPolicy(key) from None


def is_defined(key: str) -> bool:
    return key in _registry


def all_keys() -> list[PolicyKey]:
    """Every declared key, grouped by app then key."""
    return [_registry[name] for name in sorted(_registry)]


def validate_defined(value: str) -> None:
    """Model-field validator: ``value`` must be a declared key."""
    if value not in _registry:
        raise _error(gettext("未定义的政策参数“%(key)s”。"), "unknown_key", {"key": value})
