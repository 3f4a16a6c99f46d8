"""Test data of worker services: activities (draft, or published with sign-ups open now), members with portal
accounts, sign-ups; benefits partners and their verifiers. Built through the services where the behaviour
matters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.access import Actor
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import Activity, ActivityAudience, SignUp

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def activity_input(
    *,
    places: int | None = 10,
    reserved: int = 0,
    starts_in: timedelta = timedelta(days=7),
    opens_in: timedelta = timedelta(hours=-1),
    audience: str = ActivityAudience.ALL,
    category: str = "文体活动",
    title: str = "",
    cost: str = "0",
    member_price: str | None = None,
) -> Any:
    from gonghui.worker_services.activities.services import ActivityInput

    now = timezone.now()
    starts = now + starts_in
    return ActivityInput(
        title=title or f"职工羽毛球赛{_next()}",
        category=category,
        place="杭州市职工文化中心",
        signup_opens_at=now + opens_in,
        signup_closes_at=min(starts, now + opens_in + timedelta(days=3650)) - timedelta(minutes=1),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        places=places,
        reserved=reserved,
        audience=audience,
        description="活动内容",
        cost=Decimal(cost),
        member_price=Decimal(member_price) if member_price is not None else None,
        benefit="会员免费" if member_price is None else "会员价",
    )


def draft_activity(actor: Actor, unit: OrgUnit, **kwargs: Any) -> Activity:
    from gonghui.worker_services.activities.services import activity_create

    return activity_create(actor=actor, unit=unit, data=activity_input(**kwargs))


def published_activity(actor: Actor, unit: OrgUnit, **kwargs: Any) -> Activity:
    from gonghui.worker_services.activities.services import activity_publish

    return activity_publish(actor=actor, activity=draft_activity(actor, unit, **kwargs))


def member(unit: OrgUnit, *, with_user: bool = True, **kwargs: Any) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    n = _next()
    user = None
    phone = next_phone()
    if with_user:
        user = User.objects.create_user(username=phone, phone=phone, name=f"活动职工{n}")
    return MemberFactory.create(unit=unit, user=user, phone=phone, **kwargs)


def sign_up(activity: Activity, member: Member, *, actor: Actor | None = None, key: str = "") -> SignUp:
    from gonghui.worker_services.activities.services import signup_create

    return signup_create(
        actor=cast(Actor, actor or member.user),
        activity=activity,
        member=member,
        request_key=key or f"act-key-{_next():08d}",
    ).signup


def started(activity: Activity, *, ago: timedelta = timedelta(hours=1)) -> Activity:
    """Move an activity's dates so that it started ``ago`` (and ends two hours later)."""
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        signup_opens_at=now - ago - timedelta(days=2),
        signup_closes_at=now - ago - timedelta(minutes=1),
        starts_at=now - ago,
        ends_at=now - ago + timedelta(hours=2),
    )
    activity.refresh_from_db()
    return activity


def partner(world: Any, unit: OrgUnit, *, name: str = "", valid_days: int = 365) -> Any:
    from gonghui.worker_services.partners.services import PartnerInput, partner_create
    from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS

    staff = world.staff("ptn", unit, [VIEW_PARTNERS, MANAGE_PARTNERS])
    today = timezone.localdate()
    return partner_create(
        actor=staff,
        unit=unit,
        data=PartnerInput(
            name=name or f"职工影城{_next()}",
            kind="cinema",
            discount="凭电子会员证观影 7 折",
            address="杭州市拱墅区",
            valid_from=today - timedelta(days=1),
            valid_until=today + timedelta(days=valid_days),
        ),
    )


def verifier(world: Any, partner_id: int) -> Any:
    from gonghui.worker_services.models import Partner
    from gonghui.worker_services.partners.services import verifier_add
    from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS

    found = Partner.objects.select_related("unit").get(pk=partner_id)
    staff = world.staff("ptnv", found.unit, [VIEW_PARTNERS, MANAGE_PARTNERS])
    return verifier_add(actor=staff, partner=found, phone=next_phone(), name="收银员")
