"""Forms of the praise wall (portal and console): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.honors.models import PraiseSubject


class PostForm(forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("点赞对象"), choices=PraiseSubject.choices, initial=PraiseSubject.COLLEAGUE
    )
    subject_name = forms.CharField(label=_("被点赞人姓名"), max_length=40)
    text = forms.CharField(label=_("点赞内容"), max_length=1000, min_length=5, widget=forms.Textarea(attrs={"rows": 5}))
    photo = AttachmentField(
        label=_("照片（可选）"),
        accept="image",
        camera=True,
        max_files=1,
        required=False,
        help_text=_("照片审核通过后才对本单位会员公开。"),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("举报理由"), max_length=500)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", _("通过并发布")), ("reject", _("不予发布")), ("hide", _("下架"))])
    reason = forms.CharField(label=_("审核意见"), max_length=500, required=False, help_text=_("不予发布或下架时必填。"))


class ResolveForm(forms.Form):
    uphold = forms.TypedChoiceField(
        choices=[("1", _("举报属实，下架")), ("0", _("不予处理"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("处理意见"), max_length=500, required=False)
