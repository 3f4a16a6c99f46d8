"""A praise post's photo through the kernel's private attachments.

The photo is stored privately like any attachment and leaves only through ``attachments:file``, which asks
:func:`can_view`: the author always; the union's moderators (``honors.moderate_praise`` at the post's union); any
member of the post's union only once the post is published (not while it waits, after a rejection or once hidden).
Only the author adds it, while the post waits for moderation; one photo per post.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.honors.models import PraisePost, PraiseStatus
from gonghui.honors.permissions import MODERATE_PRAISE

PHOTO = "photo"
WAITING = (PraiseStatus.PENDING, PraiseStatus.HELD)


def _is_author(actor: Actor, post: PraisePost) -> bool:
    return access.is_self(actor, post.author_id)


def _is_member_of(actor: Actor, post: PraisePost) -> bool:
    from gonghui.members.roster.selectors import my_member

    member = my_member(actor=actor)
    return member is not None and member.unit_id == post.unit_id


def can_view(actor: Actor, post: PraisePost) -> bool:
    if _is_author(actor, post) or access.check(actor, MODERATE_PRAISE, post.unit):
        return True
    return post.status == PraiseStatus.PUBLISHED and _is_member_of(actor, post)


def can_add(actor: Actor, post: PraisePost) -> bool:
    return _is_author(actor, post)


def can_remove(actor: Actor, post: PraisePost) -> bool:
    return _is_author(actor, post) or access.check(actor, MODERATE_PRAISE, post.unit)


def _check_open(post: PraisePost) -> None:
    if post.status not in WAITING:
        raise ValidationError(_("点赞帖已审核，不能再更换照片。"), code="stale")


PRAISE_OWNER = Owner(
    model="honors.PraisePost",
    unit=lambda post: post.unit,
    can_view=can_view,
    can_add=can_add,
    can_remove=can_remove,
    purposes={PHOTO: gettext_lazy("点赞照片")},
    kinds=frozenset({Kind.IMAGE}),
    max_count=1,
    sensitive=False,
    check_open=_check_open,
)
