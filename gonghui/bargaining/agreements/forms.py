"""Forms of the agreement stage (console): input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.orgs.models import Employer


class FileForm(forms.Form):
    prefix = "file"
    filed_on = forms.DateField(label=_("报送日期"), widget=DateInput())
    labour_department = forms.CharField(label=_("受理的劳动保障行政部门"), max_length=120)


class ObjectionForm(forms.Form):
    prefix = "objection"
    text = forms.CharField(label=_("审查意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    prefix = "publish"
    published_on = forms.DateField(label=_("公布日期"), widget=DateInput())
    how = forms.CharField(
        label=_("公布方式"), max_length=200, required=False, help_text=_("如厂务公开栏、内网、职工大会。")
    )


class CoverageForm(forms.Form):
    prefix = "coverage"
    employer = forms.ModelChoiceField(label=_("覆盖企业"), queryset=Employer.objects.none())

    def __init__(self, *args: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
