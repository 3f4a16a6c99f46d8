"""The campaigns' target group of the hardship line: members whose household has an open file (困难职工档案户)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.campaigns.groups import TargetGroup
from gonghui.assistance.households.selectors import file_holders

GROUPS = [TargetGroup("hardship", _("困难职工档案户"), members=file_holders)]
