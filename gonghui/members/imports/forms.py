"""Forms of the roster import and export pages. The unit is searched by name among the units where the actor holds
the import (or export) permission; a posted id outside them is a 404 (``orgs.picker``). The services check the
permission again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.members.permissions import EXPORT_MEMBER, IMPORT_MEMBER
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class UploadForm(forms.Form):
    unit = UnitPickerField(label=_("导入到工会"), perm=IMPORT_MEMBER, search_url="members:import_unit_search")
    file = forms.FileField(label=_("名册文件（.xlsx、.xls 或 .csv）"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class ExportForm(forms.Form):
    FORMATS = (("csv", "CSV"), ("xlsx", "Excel (.xlsx)"))

    unit = UnitPickerField(
        label=_("范围"),
        required=False,
        perm=EXPORT_MEMBER,
        search_url="members:export_unit_search",
        empty_label=_("本人权限范围内全部"),
    )
    format = forms.ChoiceField(label=_("格式"), choices=FORMATS, initial="csv")
    full_id = forms.BooleanField(label=_("导出完整证件号码（需要权限，留痕）"), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)
