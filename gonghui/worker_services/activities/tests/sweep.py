"""URL sweep resolvers of services and activities: a published activity of ``world.child`` (CANARY in its title)
with one sign-up of a member of ``world.child``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _activity(world: World) -> int:
    from gonghui.worker_services.models import Activity
    from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
    from gonghui.worker_services.tests import factories as f

    found = Activity.objects.filter(unit=world.child, title__startswith="扫描活动").first()
    if found is not None:
        return found.pk
    clerk = world.staff("sweepact", world.child, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    return f.published_activity(clerk, world.child, title=f"扫描活动{CANARY}").pk


def _signup(world: World) -> int:
    from gonghui.worker_services.models import Activity, SignUp
    from gonghui.worker_services.tests import factories as f

    activity = Activity.objects.get(pk=_activity(world))
    found = SignUp.objects.filter(activity=activity).first()
    if found is not None:
        return found.pk
    return f.sign_up(activity, f.member(world.child, name=f"扫描{CANARY}")).pk


RESOLVERS: dict[str, Any] = {
    "worker_services:activity_detail:activity_id": _activity,
    "worker_services:activity_edit:activity_id": _activity,
    "worker_services:signup_list:activity_id": _activity,
    "worker_services:signup_export:activity_id": _activity,
    "worker_services:activity_check_in:activity_id": _activity,
    "worker_services:signup_cancel:signup_id": _signup,
    "worker_services_portal:activity_detail:activity_id": _activity,
    "worker_services_portal:signup_cancel:signup_id": _signup,
    "v1:worker-services-activities-detail:activity_id": _activity,
    "v1:worker-services-signups-detail:signup_id": _signup,
    "v1:worker-services-signups-cancel:signup_id": _signup,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "worker_services_portal:activities",
    "worker_services_portal:my_signups",
    "v1:worker-services-open-activities-list",
    "v1:worker-services-my-signups-list",
}
LOCAL_ONLY: set[str] = set()
