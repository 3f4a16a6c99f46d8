"""A nomination's materials through the kernel's private attachments: photos or PDFs of the nominee's deeds
(certificates, reports, testimonials).

- **Who adds and removes**: staff holding ``honors.nominate`` at the nominating union, while the nomination is a
  draft or returned for changes.
- **Who opens them**: staff who see the nomination (``honors.view_campaigns`` at the nominating union or above: the
  reviewers of every level). The files carry no health or financial data: opening them is not audited one by one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.honors.models import Nomination, NominationStatus
from gonghui.honors.permissions import NOMINATE, VIEW_CAMPAIGNS

DEEDS = "deeds"
PURPOSES = {DEEDS: gettext_lazy("事迹材料")}


def can_view(actor: Actor, nomination: Nomination) -> bool:
    return access.check(actor, VIEW_CAMPAIGNS, nomination.unit)


def can_change(actor: Actor, nomination: Nomination) -> bool:
    return access.check(actor, NOMINATE, nomination.unit)


def _check_open(nomination: Nomination) -> None:
    if nomination.status not in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        raise ValidationError(_("推荐已提交或已办结，不能再增减材料。"), code="stale")


NOMINATION_OWNER = Owner(
    model="honors.Nomination",
    unit=lambda nomination: nomination.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=20,
    sensitive=False,
    check_open=_check_open,
)
