"""Forms of the funds audit pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.authz.access import Actor
from gonghui.common.params import IntParamFormField
from gonghui.common.widgets import DateInput
from gonghui.finance.models import AuditKind, AuditStatus, Severity
from gonghui.finance.permissions import MANAGE_AUDIT
from gonghui.orgs.models import UnitKind, UnitStatus
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *AuditStatus.choices])
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *AuditKind.choices])


AUDITED_UNIT_KINDS = (UnitKind.FEDERATION, UnitKind.INDUSTRY, UnitKind.JOINT, UnitKind.GRASSROOTS)


class AuditPlanForm(forms.Form):
    """Both unions are searched by name among the active units where the actor's committee plans audits (the
    audited one of the kinds that keep books); ``audit_plan`` checks the audited union lies below the planning one."""

    planning_unit = UnitPickerField(
        label=_("审计组织"), perm=MANAGE_AUDIT, search_url="finance:audit_unit_search", status=UnitStatus.ACTIVE
    )
    audited_unit = UnitPickerField(
        label=_("被审计工会"),
        perm=MANAGE_AUDIT,
        search_url="finance:audited_unit_search",
        status=UnitStatus.ACTIVE,
        kinds=AUDITED_UNIT_KINDS,
    )
    kind = forms.ChoiceField(label=_("审计类型"), choices=AuditKind.choices)
    year = IntParamFormField(label=_("审计年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("项目名称"), max_length=200)
    planned_start = forms.DateField(label=_("计划开始日期"), widget=DateInput())
    planned_end = forms.DateField(label=_("计划结束日期"), widget=DateInput())
    scope_note = forms.CharField(
        label=_("审计范围与重点"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("start", _("开始现场审计")),
            ("report", _("出具审计报告")),
            ("close", _("办结审计项目")),
            ("cancel", _("撤销立项")),
        ]
    )
    comment = forms.CharField(
        label=_("审计结论或撤销理由"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PaperForm(forms.Form):
    title = forms.CharField(label=_("底稿标题"), max_length=200)
    body = forms.CharField(label=_("底稿内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    uploads = AttachmentField(label=_("底稿附件（照片或 PDF 文件）"), required=False, camera=False)


class FindingForm(forms.Form):
    title = forms.CharField(label=_("问题摘要"), max_length=200)
    description = forms.CharField(label=_("问题描述"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, min_value=0, max_digits=16, decimal_places=2)


class RectificationForm(forms.Form):
    instructions = forms.CharField(label=_("整改要求"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    working_days = IntParamFormField(
        label=_("整改期限（工作日）"), required=False, min_value=1, max_value=365, help_text=_("留空按政策默认期限。")
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("整改情况"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    uploads = AttachmentField(label=_("整改证据（照片或 PDF 文件）"), required=False, camera=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("验收"), choices=[("accept", _("验收通过")), ("return", _("退回重新整改"))])
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    working_days = IntParamFormField(label=_("重新整改期限（工作日）"), required=False, min_value=1, max_value=365)
