"""Messages to workers about the outcome of their join application or transfer, through the notification centre
(``gonghui.notifications.services.notify``): a message in the worker's portal inbox and, as the category
``members.join`` (入会与接转) says by default or the worker chose, an SMS once the decision commits.

Texts are translatable and rendered in the platform's language (a worker's language preference is not known).
They carry no personal data beyond what the worker needs: the union's name and the reviewer's reason, never a
document number or the member's name. A join decision uses the review decision's key
(``notifications.outcomes.review_outcome_key``), so the review kernel's generic "办事进度" message is not sent
twice. A roster member without a portal account is told by SMS alone (when a phone is known).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language

CATEGORY = "members.join"
CATEGORIES = [
    Category(
        CATEGORY,
        gettext_lazy("入会与接转"),
        gettext_lazy("入会申请通过、退回或未通过，组织关系接转的结果"),
        sms_default=True,
        order=20,
    ),
]

REASON_MAX = 60  # an SMS stays short; the full reason is on the portal


def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _send(*, user: Any, phone: str, key: str, title: str, body: str, sms: str, url: str) -> None:
    notify(user=user, category=CATEGORY, title=title, body=body, url=url, key=key, phone=phone, sms=sms)


def join_approved(*, user: Any, phone: str, union: str, key: str) -> None:
    with platform_language():
        message = _("【工会】您的入会申请已通过，欢迎加入%(union)s。请登录会员服务查看电子会员卡。") % {"union": union}
        _send(
            user=user,
            phone=phone,
            key=key,
            title=_("入会申请已通过"),
            body=_("欢迎加入%(union)s。您的电子会员卡已经可以使用。") % {"union": union},
            sms=message,
            url=reverse("member_portal:card"),
        )


def join_rejected(*, user: Any, phone: str, union: str, reason: str, key: str, url: str = "") -> None:
    with platform_language():
        message = _("【工会】您的入会申请未通过，原因：%(reason)s。如有疑问请联系%(union)s。") % {
            "reason": _reason(reason),
            "union": union,
        }
        _send(
            user=user,
            phone=phone,
            key=key,
            title=_("入会申请未通过"),
            body=_("原因：%(reason)s。如有疑问请联系%(union)s。") % {"reason": reason, "union": union},
            sms=message,
            url=url,
        )


def join_returned(*, user: Any, phone: str, union: str, reason: str, key: str, url: str = "") -> None:
    with platform_language():
        message = _("【工会】%(union)s退回了您的入会申请：%(reason)s。请登录会员服务修改后重新提交。") % {
            "union": union,
            "reason": _reason(reason),
        }
        _send(
            user=user,
            phone=phone,
            key=key,
            title=_("入会申请被退回修改"),
            body=_("%(union)s退回了您的入会申请：%(reason)s。请修改后重新提交。") % {"union": union, "reason": reason},
            sms=message,
            url=url,
        )


def transfer_accepted(*, user: Any, phone: str, from_union: str, to_union: str, key: str) -> None:
    with platform_language():
        message = _("【工会】您的工会组织关系已由%(from)s转入%(to)s。") % {"from": from_union, "to": to_union}
        _send(
            user=user,
            phone=phone,
            key=key,
            title=_("组织关系接转已完成"),
            body=_("您的工会组织关系已由%(from)s转入%(to)s。") % {"from": from_union, "to": to_union},
            sms=message,
            url=reverse("member_portal:transfer"),
        )


def transfer_rejected(*, user: Any, phone: str, union: str, reason: str, key: str) -> None:
    with platform_language():
        message = _("【工会】%(union)s未同意您的组织关系接转，理由：%(reason)s。") % {
            "union": union,
            "reason": _reason(reason),
        }
        _send(
            user=user,
            phone=phone,
            key=key,
            title=_("组织关系接转未获同意"),
            body=_("%(union)s未同意您的组织关系接转，理由：%(reason)s。") % {"union": union, "reason": reason},
            sms=message,
            url=reverse("member_portal:transfer"),
        )
