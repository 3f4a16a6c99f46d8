"""SMS to workers about the outcome of their join application or transfer.

Sent through the project's SMS backend (``gonghui.accounts.sms.get_backend``, the one that sends login codes)
with ``transaction.on_commit``: a message leaves only when the decision committed. Texts are translatable and
rendered in the platform's language (a worker's language preference is not known). They carry no personal data
beyond what the worker needs: the union's name and the reviewer's reason, never a document number or the
member's name. The caller passes the verified phone; nothing is sent without one.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.accounts.sms import get_backend
from gonghui.common.masking import mask_phone

logger = logging.getLogger(__name__)

REASON_MAX = 60  # an SMS stays short; the full reason is on the portal


def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _send_on_commit(phone: str, message: str) -> None:
    if not phone:
        return

    def send() -> None:
        try:
            get_backend().send(phone, message)
        except Exception:  # an SMS gateway failure must not break the committed decision
            logger.exception("outcome SMS to %s failed", mask_phone(phone))

    transaction.on_commit(send)


def join_approved(*, phone: str, union: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("【工会】您的入会申请已通过，欢迎加入%(union)s。请登录会员服务查看电子会员卡。") % {"union": union}
    _send_on_commit(phone, message)


def join_rejected(*, phone: str, union: str, reason: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("【工会】您的入会申请未通过，原因：%(reason)s。如有疑问请联系%(union)s。") % {
            "reason": _reason(reason),
            "union": union,
        }
    _send_on_commit(phone, message)


def join_returned(*, phone: str, union: str, reason: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("【工会】%(union)s退回了您的入会申请：%(reason)s。请登录会员服务修改后重新提交。") % {
            "union": union,
            "reason": _reason(reason),
        }
    _send_on_commit(phone, message)


def transfer_accepted(*, phone: str, from_union: str, to_union: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("【工会】您的工会组织关系已由%(from)s转入%(to)s。") % {"from": from_union, "to": to_union}
    _send_on_commit(phone, message)


def transfer_rejected(*, phone: str, union: str, reason: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("【工会】%(union)s未同意您的组织关系接转，理由：%(reason)s。") % {
            "union": union,
            "reason": _reason(reason),
        }
    _send_on_commit(phone, message)
