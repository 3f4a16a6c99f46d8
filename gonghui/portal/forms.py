"""Worker sign-in with a mobile number and an SMS code."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from gonghui.common.phones import normalize_mobile


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages={"required": _("请输入手机号。")},
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "numeric",
                "autocomplete": "tel-national",
                "placeholder": _("11位手机号"),
                "maxlength": "20",
            }
        ),
    )

    def clean_phone(self) -> str:
        return normalize_mobile(self.cleaned_data["phone"])


class SmsLoginForm(PhoneForm):
    code = forms.CharField(
        label=_("验证码"),
        min_length=6,
        max_length=6,
        error_messages={
            "required": _("请输入短信验证码。"),
            "min_length": _("验证码为6位数字。"),
            "max_length": _("验证码为6位数字。"),
        },
        validators=[RegexValidator(r"^\d{6}$", _("验证码为6位数字。"))],
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": r"\d{6}",
                "maxlength": "6",
                "placeholder": _("6位数字"),
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()
