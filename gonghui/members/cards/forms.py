"""Forms of the member card pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CardRevokeForm(forms.Form):
    reason = forms.CharField(label=_("作废原因"), max_length=200)
