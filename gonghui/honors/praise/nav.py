"""Console menu entry of the praise wall's moderation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.honors.permissions import MODERATE_PRAISE
from gonghui.honors.register.nav import SECTION

NAV: list[NavItem] = [
    NavItem(label=_("点赞台审核"), url_name="honors:praise_queue", perm=MODERATE_PRAISE, section=SECTION, order=40)
]
