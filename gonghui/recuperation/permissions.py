"""Permissions of recuperation (疗休养) and model-worker health management."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW

# ---- trips and quotas: ``trips/``. A federation publishes trips and allots places down the tree; each level
# allots its own places further down or hands unused ones back.
VIEW_RECUPERATION = declare("recuperation.view", _("查看疗休养"), roles=STAFF_VIEW)
MANAGE_TRIPS = declare("recuperation.manage_trips", _("发布疗休养线路、分配名额"), roles=(CHAIR, CLERK))

# ---- bookings: ``booking/``. Clerks book for members within their union's quota and cancel bookings.
BOOK_FOR_MEMBERS = declare("recuperation.book_for_members", _("为职工预订和取消疗休养"), roles=(CLERK, CHAIR))

# ---- the sanatorium side: ``sanatorium/``. Check-in, the daily roster, incidents (granted to the trip's escort
# staff at the publishing union).
RUN_TRIPS = declare("recuperation.run_trips", _("疗休养报到、点名与突发情况登记"), roles=(CLERK, CHAIR))

# ---- model workers' health: ``health/``. Check-ups booked with partner hospitals; results are health data, shown
# only on a reveal by a holder of REVEAL_CHECKUP (audited).
MANAGE_CHECKUPS = declare("recuperation.manage_checkups", _("安排劳模体检、登记结果与复查"), roles=(CLERK, CHAIR))
REVEAL_CHECKUP = declare(
    "recuperation.reveal_checkup", _("查看劳模体检结果（留痕）"), sensitive=True, roles=(CHAIR, REVIEWER)
)
