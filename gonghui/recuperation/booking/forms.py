"""Forms of recuperation bookings: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OnBehalfForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=120)


class BookForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=120)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False)
