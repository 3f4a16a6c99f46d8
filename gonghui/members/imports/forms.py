"""Forms of the roster import and export pages. The unit is a plain id (offered as a list of the actor's units):
the services decide whether the actor may act there (404 outside their sight, 403 without the permission)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    unit = forms.IntegerField(label=_("导入到工会"), widget=forms.Select)
    file = forms.FileField(label=_("名册文件（.xlsx、.xls 或 .csv）"))

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.choices = units  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    FORMATS = (("csv", "CSV"), ("xlsx", "Excel (.xlsx)"))

    unit = forms.IntegerField(label=_("范围"), required=False, widget=forms.Select)
    format = forms.ChoiceField(label=_("格式"), choices=FORMATS, initial="csv")
    full_id = forms.BooleanField(label=_("导出完整证件号码（需要权限，留痕）"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.choices = [("", _("本人权限范围内全部")), *units]  # type: ignore[attr-defined]
