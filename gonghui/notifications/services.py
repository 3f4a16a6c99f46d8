"""The notification centre's writes. **How a module tells a worker about an outcome or a reminder**::

    from gonghui.notifications.services import notify, platform_language

    with platform_language():
        notify(
            user=application.applicant,            # the account whose inbox receives it (None: SMS only, see below)
            category="members.join",              # a code registered in ``notifications.registry.CATEGORIES``
            title=_("入会申请已通过"),
            body=_("欢迎加入%(union)s。") % {"union": union},
            url=reverse("member_portal:card"),     # where the worker acts (portal path), or ""
            key=f"members.join:{application.pk}:approved",  # unique per recipient: a retry notifies once
        )

:func:`notify` writes the inbox row **in the caller's transaction** (a rolled-back decision notifies nobody) and,
when the worker's preference for the category (else the category's ``sms_default``) says so and a phone is known,
sends an SMS through ``gonghui.accounts.sms.get_backend()`` with ``transaction.on_commit``. A second call with the
same ``(user, key)`` does nothing and returns the existing row (also when two transactions race: the unique
constraint decides and the loser sends no SMS). An SMS failure is logged (masked phone, category, no text) and
never breaks the caller. ``sms`` overrides the SMS text (default: "【工会】title：body"); ``phone`` overrides the
account's phone (e.g. the verified phone of an application).

``user=None`` is for a person known to a module only by a phone (a roster member without a portal account): no
inbox row, and an SMS when the category's default says so; there is no dedupe then, so the caller's own state
(e.g. a ``reminded_at``) must keep it to once.

Texts are rendered in the platform's language (zh-hans): build them inside :func:`platform_language` (a
worker's language preference is not known when a job or another person's decision notifies them).

Login codes are not notifications: ``accounts`` sends them directly.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.accounts.sms import get_backend
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.common.masking import mask_phone
from gonghui.notifications.models import Notification, Preference
from gonghui.notifications.registry import Category, categories, category_get

log = logging.getLogger("gonghui.notifications")

TITLE_MAX = 120
SMS_BODY_MAX = 120  # an SMS stays short: the whole text is in the inbox


@contextlib.contextmanager
def platform_language() -> Iterator[None]:
    """Render notification texts in the platform's language (zh-hans), whatever the request's language."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _sms_wanted(user: User | None, category: Category) -> bool:
    if not category.sms_allowed:
        return False
    if user is None:
        return category.sms_default
    chosen = Preference.objects.filter(user=user, category=category.code).values_list("sms", flat=True).first()
    return category.sms_default if chosen is None else bool(chosen)


def _sms_text(title: str, body: str) -> str:
    body = " ".join(body.split())
    if len(body) > SMS_BODY_MAX:
        body = body[: SMS_BODY_MAX - 1] + "…"
    return f"【工会】{title}：{body}" if body else f"【工会】{title}"


def _send_on_commit(phone: str, message: str, *, category: str) -> None:
    def send() -> None:
        try:
            get_backend().send(phone, message)
        except Exception:  # noqa: BLE001 - an SMS gateway failure must not break the committed decision
            log.warning("notification SMS to %s failed (category %s)", mask_phone(phone), category)

    transaction.on_commit(send)


def notify(
    *,
    user: User | None,
    category: str,
    title: Any,
    body: Any = "",
    url: str = "",
    key: str,
    phone: str = "",
    sms: Any = None,
) -> Notification | None:
    """Put a message in ``user``'s inbox (once per ``key``) and send the SMS their preference asks for.

    Returns the inbox row (the existing one when ``key`` was already used for this user), or ``None`` when
    ``user`` is ``None``. Raises :class:`gonghui.notifications.registry.UnknownCategory` for an unregistered
    category (a programming error)."""
    kind = category_get(category)
    title_text = str(title)[:TITLE_MAX]
    body_text = str(body)
    sms_text = str(sms) if sms is not None else _sms_text(title_text, body_text)
    if user is None:
        if phone and _sms_wanted(None, kind):
            _send_on_commit(phone, sms_text, category=kind.code)
        return None
    existing = Notification.objects.filter(recipient=user, key=key).first()
    if existing is not None:
        return existing
    number = phone or (user.phone or "")
    send = bool(number) and _sms_wanted(user, kind)
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                recipient=user,
                category=kind.code,
                title=title_text,
                body=body_text,
                url=url,
                key=key[:150],
                sms_sent=send,
            )
    except IntegrityError:  # another transaction notified with this key first
        return Notification.objects.get(recipient=user, key=key[:150])
    if send:
        _send_on_commit(number, sms_text, category=kind.code)
    return row


# --- the worker's own inbox and preferences -------------------------------------------------------------------------


def _own(actor: access.Actor, notification_id: object) -> Notification:
    user = access.user_of(actor)
    try:
        pk = int(str(notification_id))
    except ValueError:
        raise access.NotVisible() from None
    row = Notification.objects.filter(pk=pk, recipient_id=getattr(user, "pk", None)).first()
    if user is None or row is None:  # another's message answers as if it did not exist
        raise access.NotVisible()
    return row


def notification_open(*, actor: access.Actor, notification_id: object) -> Notification:
    """The signed-in user opens one of their own messages: marked read (once)."""
    row = _own(actor, notification_id)
    if row.read_at is None:
        Notification.objects.filter(pk=row.pk, read_at__isnull=True).update(read_at=timezone.now())
        row.refresh_from_db(fields=["read_at"])
    return row


def notifications_mark_all_read(*, actor: access.Actor) -> int:
    """Every unread message of the signed-in user becomes read; returns how many."""
    user = access.user_of(actor)
    if user is None:
        raise access.NotVisible()
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preference_set(*, actor: access.Actor, category: str, sms: bool) -> Preference:
    """The signed-in user turns SMS for ``category`` on or off (refused where the category allows no SMS)."""
    user = access.user_of(actor)
    if user is None:
        raise access.NotVisible()
    known = {c.code: c for c in categories()}
    kind = known.get(category)
    if kind is None:
        raise ValidationError({"category": _("没有这类消息。")})
    if sms and not kind.sms_allowed:
        raise ValidationError({"sms": _("这类消息不发短信。")})
    with transaction.atomic():
        pref, _created = Preference.objects.update_or_create(user=user, category=kind.code, defaults={"sms": sms})
        audit_record(
            actor=actor,
            action="notifications.preference_set",
            target=pref,
            target_repr=f"消息偏好 {kind.code}",
            data={"category": kind.code, "sms": sms},
        )
    return pref


def notifications_purge_read(*, older_than_days: int) -> int:
    """Delete read messages created more than ``older_than_days`` days ago (unread ones stay, however old).
    Returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _by_model = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted
