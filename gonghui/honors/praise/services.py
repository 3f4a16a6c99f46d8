"""The praise wall (点赞台): post, moderate, feature, like, report.

- **Post** (a signed-in member holding a membership): text, the person praised (a colleague or a teacher) and an
  optional photo, in the author's union. Nothing is public before moderation: the post waits (``pending``), or is
  held (``held``) when its text or the name contains a word of the policy list ``honors.praise_held_words`` in force
  at the union (the first word found is recorded). A refused photo refuses the whole post: nothing half-written.
- **Moderate** (``honors.moderate_praise`` at the post's union): publish a waiting post, reject it (reason
  required), or take a published one down (``hidden``, reason required). Who, when and why are kept on the post.
- **Feature** (same permission): a published post is featured on its union's wall (shown above the others).
- **Like** (a member of the post's union, on a published post): once per member: a unique constraint decides under
  concurrency, and the count moves by ``F() + 1`` only when the like row was created. Likes are not audited (the row
  records who and when).
- **Report** (same members): once per member and post, with a reason, into the moderators' queue; resolving it
  either takes the post down (every open report of the post is closed with it) or dismisses the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.attachments.services import attachment_add
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.statemachine import StateMachine
from gonghui.honors.models import (
    PraiseLike,
    PraisePost,
    PraiseReport,
    PraiseStatus,
    PraiseSubject,
    ReportStatus,
)
from gonghui.honors.permissions import MODERATE_PRAISE
from gonghui.honors.praise.attachments import PHOTO
from gonghui.honors.praise.policies import HELD_WORDS
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.policy.selectors import policy_get

P = PraiseStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("点赞帖当前为“%(status)s”，不能执行该操作。") % {"status": PraiseStatus(status).label}, code="stale"
    )


POST = StateMachine.of_actions(
    {
        "publish": ((P.PENDING, P.HELD), P.PUBLISHED),
        "reject": ((P.PENDING, P.HELD), P.REJECTED),
        "hide": ((P.PUBLISHED,), P.HIDDEN),
    },
    refusal=_refusal,
)
MODERATE_ACTIONS = ("publish", "reject", "hide")


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _member(actor: Actor) -> Member:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise access.Forbidden(_("请先登录。"))
    member = my_member(actor=actor)
    if member is None:
        raise access.Forbidden(_("点赞台仅向在册会员开放。"))
    return member


def held_word(text: str, words: list[str]) -> str:
    """The first word of ``words`` (in list order) found in ``text``, ignoring case and spaces; ``""`` if none."""
    squeezed = "".join(text.split()).casefold()
    for word in words:
        key = "".join(str(word).split()).casefold()
        if key and key in squeezed:
            return str(word).strip()
    return ""


def _audit(actor: Any, action: str, post: PraisePost, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"honors.{action}",
        target=post,
        target_repr=_("点赞 %(name)s") % {"name": mask_name(post.subject_name)},
        unit=post.unit,
        data=data,
    )


@dataclass(frozen=True)
class PostInput:
    subject_kind: str
    subject_name: str
    text: str


def praise_post(*, actor: Actor, data: PostInput, photo: UploadedFile | None = None) -> PraisePost:
    """A member's post, waiting for moderation (or held by the word list); with its photo when given."""
    member = _member(actor)
    user = access.require_user(actor)
    if data.subject_kind not in PraiseSubject.values:
        raise ValidationError({"subject_kind": _("请选择点赞对象。")}, code="subject_kind")
    name = " ".join(
        _text(data.subject_name, field="subject_name", label=_("被点赞人"), limit=40, required=True).split()
    )
    text = _text(data.text, field="text", label=_("点赞内容"), limit=1000, required=True)
    if len(text) < 5:
        raise ValidationError({"text": _("点赞内容至少写 5 个字。")}, code="too_short")
    words = policy_get(HELD_WORDS.key, member.unit).value or []
    word = held_word(f"{name} {text}", list(words))
    with transaction.atomic():
        post = PraisePost.objects.create(
            unit=member.unit,
            author=user,
            author_member=member,
            subject_kind=data.subject_kind,
            subject_name=name,
            text=text,
            status=P.HELD if word else P.PENDING,
            held_word=word[:40],
        )
        if photo is not None:
            attachment_add(actor=actor, owner=post, upload=photo, purpose=PHOTO)
        _audit(actor, "praise_post", post, status=post.status, held_word=word, photo=photo is not None)
    return post


def praise_moderate(*, actor: Actor, post: PraisePost, action: str, reason: str = "") -> PraisePost:
    """``publish`` or ``reject`` a waiting post, ``hide`` a published one (a reason is required but to publish)."""
    access.require_action(actor, view_perm=MODERATE_PRAISE, perm=MODERATE_PRAISE, unit=post.unit)
    if action not in MODERATE_ACTIONS:
        raise ValidationError(_("未知的审核操作。"), code="action")
    reason = _text(reason, field="reason", label=_("审核意见"), limit=500, required=action != "publish")
    with transaction.atomic():
        post = PraisePost.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)
        before, after = POST.move(post, action)
        post.moderated_by = access.user_of(actor)
        post.moderated_at = timezone.now()
        post.reason = reason
        if after != P.PUBLISHED:
            post.featured = False
        post.save()
        if action == "hide":
            PraiseReport.objects.filter(post=post, status=ReportStatus.OPEN).update(
                status=ReportStatus.UPHELD, resolved_by=access.user_of(actor), resolved_at=timezone.now()
            )
        _audit(actor, f"praise_{action}", post, before=before, after=after, reason=reason[:200])
    return post


def praise_feature(*, actor: Actor, post: PraisePost, featured: bool) -> PraisePost:
    access.require_action(actor, view_perm=MODERATE_PRAISE, perm=MODERATE_PRAISE, unit=post.unit)
    with transaction.atomic():
        post = PraisePost.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)
        if post.status != P.PUBLISHED:
            raise _refusal(post.status, "feature")
        if post.featured != featured:
            post.featured = featured
            post.save(update_fields=["featured"])
            _audit(actor, "praise_feature", post, featured=featured)
    return post


def _require_wall_member(actor: Actor, post: PraisePost) -> None:
    """A member of the post's union, and the post published (404 otherwise: it is not on their wall)."""
    member = _member(actor)
    current = PraisePost.objects.filter(pk=post.pk).values_list("unit_id", "status").first()
    if current is None or current != (member.unit_id, P.PUBLISHED):
        raise access.NotVisible


def praise_like(*, actor: Actor, post: PraisePost) -> bool:
    """Like a post once; ``True`` when this call added the like (a second like, or a race, adds nothing)."""
    _require_wall_member(actor, post)
    user = access.require_user(actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                PraiseLike.objects.create(post=post, user=user)
        except IntegrityError:
            return False
        PraisePost.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    return True


def praise_report(*, actor: Actor, post: PraisePost, reason: str) -> PraiseReport:
    """Report a post to the union's moderators (once per member; a second report returns the first)."""
    _require_wall_member(actor, post)
    user = access.require_user(actor)
    reason = _text(reason, field="reason", label=_("举报理由"), limit=500, required=True)
    with transaction.atomic():
        existing = PraiseReport.objects.filter(post=post, reporter=user).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                report = PraiseReport.objects.create(post=post, reporter=user, reason=reason)
        except IntegrityError:
            return PraiseReport.objects.get(post=post, reporter=user)
        _audit(actor, "praise_report", post, report=report.pk)
    return report


def praise_report_resolve(*, actor: Actor, report: PraiseReport, uphold: bool, reason: str = "") -> PraiseReport:
    """Uphold (the post is taken down, with ``reason``) or dismiss an open report."""
    post = report.post
    access.require_action(actor, view_perm=MODERATE_PRAISE, perm=MODERATE_PRAISE, unit=post.unit)
    if uphold:
        praise_moderate(actor=actor, post=post, action="hide", reason=reason or report.reason)
        report.refresh_from_db()
        return report
    with transaction.atomic():
        report = PraiseReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.OPEN:
            raise ValidationError(_("该举报已处理。"), code="stale")
        report.status = ReportStatus.DISMISSED
        report.resolved_by = access.user_of(actor)
        report.resolved_at = timezone.now()
        report.save(update_fields=["status", "resolved_by", "resolved_at"])
        _audit(actor, "praise_report_dismiss", post, report=report.pk)
    return report
