"""The notification centre's reads: always the signed-in user's own messages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise

from gonghui.authz import access
from gonghui.notifications.models import Notification, Preference
from gonghui.notifications.registry import categories

_UNREAD_MEMO = "_gonghui_unread_notifications"


def inbox(*, actor: access.Actor, unread: bool = False) -> QuerySet[Notification]:
    """The signed-in user's messages, newest first (nobody else's, whatever their roles)."""
    user = access.user_of(actor)
    if user is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(*, actor: access.Actor) -> int:
    """How many unread messages the signed-in user has: one query, memoized on the user object (the header
    badge and the home's "mine" block ask on the same page)."""
    user = access.user_of(actor)
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    memo = getattr(user, _UNREAD_MEMO, None)
    if memo is None:
        memo = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        setattr(user, _UNREAD_MEMO, memo)
    return int(memo)


@dataclass(frozen=True)
class PreferenceRow:
    code: str
    label: Promise | str
    description: Promise | str
    sms: bool  # in force: the user's choice, else the category's default
    sms_allowed: bool
    chosen: bool  # the user chose (False: the default applies)


def preferences(*, actor: access.Actor) -> list[PreferenceRow]:
    """Every registered category with the SMS setting in force for the signed-in user. One query."""
    user = access.user_of(actor)
    chosen: dict[str, bool] = {}
    if user is not None:
        chosen = dict(Preference.objects.filter(user_id=user.pk).values_list("category", "sms"))
    rows = []
    for c in categories():
        sms = chosen.get(c.code, c.sms_default) if c.sms_allowed else False
        rows.append(PreferenceRow(c.code, c.label, c.description, sms, c.sms_allowed, c.code in chosen))
    return rows
