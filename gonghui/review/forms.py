from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.authz import registry
from gonghui.common.params import IntParamFormField
from gonghui.review.models import PROCESS_CODE_RE, CaseStatus, EventAction, StepKind, StepLevel

CASE_ACTIONS = [
    (EventAction.APPROVE.value, EventAction.APPROVE.label),
    (EventAction.RETURN.value, EventAction.RETURN.label),
    (EventAction.REJECT.value, EventAction.REJECT.label),
    (EventAction.PUBLICITY_CLOSE.value, EventAction.PUBLICITY_CLOSE.label),
    (EventAction.RESUBMIT.value, EventAction.RESUBMIT.label),
    (EventAction.WITHDRAW.value, EventAction.WITHDRAW.label),
]


class CaseActionForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), choices=CASE_ACTIONS)
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_version = IntParamFormField(widget=forms.HiddenInput)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False)
    process = forms.ChoiceField(label=_("流程"), required=False)
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)

    def __init__(
        self,
        *args: Any,
        processes: list[tuple[str, str]],
        statuses: list[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        process_field = self.fields["process"]
        assert isinstance(status_field, forms.ChoiceField)
        assert isinstance(process_field, forms.ChoiceField)
        status_field.choices = [("", _("全部状态")), *(statuses or CaseStatus.choices)]
        process_field.choices = [("", _("全部流程")), *processes]

    def value(self, name: str) -> Any:
        """The cleaned value of one filter; a filter with an invalid value is ignored, not the others."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class ObjectionForm(forms.Form):
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(label=_("联系电话（手机）"), max_length=20)
    content = forms.CharField(label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ObjectionResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("处理结果"),
        choices=[("0", _("异议不成立")), ("1", _("异议成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ProcessForm(forms.Form):
    code = forms.RegexField(
        label=_("代码"),
        max_length=64,
        regex=PROCESS_CODE_RE,
        help_text=_("模块提交审核时使用的代码，例如 members.join；创建后不能修改。"),
        error_messages={"invalid": _("代码形如 members.join：小写字母、数字、下划线，用点分隔。")},
    )
    name = forms.CharField(label=_("名称"), max_length=80)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True


def permission_choices() -> list[tuple[str, str]]:
    return [(str(p), f"{p.label}（{p}）") for p in registry.all_perms()]


class StepForm(forms.Form):
    order = forms.IntegerField(label=_("顺序"), min_value=1, max_value=99)
    name = forms.CharField(label=_("名称"), max_length=40, help_text=_("例如：基层审核、县级审核、公示"))
    level = forms.ChoiceField(label=_("办理层级"), choices=StepLevel.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=StepKind.choices)
    permission = forms.ChoiceField(label=_("所需权限"))
    deadline_working_days = forms.IntegerField(label=_("办理时限（工作日）"), min_value=1, max_value=365, initial=5)
    publicity_working_days = forms.IntegerField(
        label=_("公示期（工作日）"), min_value=1, max_value=60, initial=5, help_text=_("仅公示步骤使用")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["permission"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = permission_choices()
