"""Ratings of completed services (满意度评价): the worker rates once, a poor rating waits for a return visit.

``rating_submit`` is the worker's own act from the portal or the API. ``rating_record`` is for a module that asks
for the rating on its own page (legal aid's requests): it has already checked that the actor is the requester and
calls it inside its own transaction, so the worker is not asked twice. ``rating_follow_up`` is the union's return
visit (回访) of a poor rating, an explicit transition (待回访 → 已回访) with its event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.ratings.models import FollowUp, Rating, RatingEvent
from gonghui.ratings.permissions import FOLLOW_UP, VIEW_RATINGS
from gonghui.ratings.policies import POOR_THRESHOLD
from gonghui.ratings.registry import RateableKind, Subject, kind_get

COMMENT_LIMIT = 500
NOTE_LIMIT = 2000

FOLLOW_UPS = StateMachine.of_actions(
    {"follow_up": ((FollowUp.WAITING,), FollowUp.DONE)},
    refusal=lambda status, action: ValidationError(_("这条评价不在待回访状态，请刷新页面。"), code="stale"),
)


def is_poor(score: int, threshold: int) -> bool:
    return score <= threshold


def _score(score: Any) -> int:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("请选择 1 至 5 分的评分。")}, code="score")
    return score


def _comment(comment: str) -> str:
    text = (comment or "").strip()
    if len(text) > COMMENT_LIMIT:
        raise ValidationError({"comment": _("评价内容不能超过 %(n)d 个字。") % {"n": COMMENT_LIMIT}}, code="comment")
    return text


def _object_id(object_id: Any) -> int:
    try:
        value = int(object_id)
    except (TypeError, ValueError):
        raise access.NotVisible from None
    if value <= 0:
        raise access.NotVisible
    return value


def _subject(actor: Actor, code: str, object_id: int) -> tuple[RateableKind, Subject]:
    """The kind and the record, when it is the actor's own (404 otherwise: nobody learns that it exists)."""
    if actor is None or not actor.is_authenticated:
        raise access.NotVisible
    kind = kind_get(code)
    if kind is None:
        raise access.NotVisible
    subject = kind.subject(object_id)
    if subject is None or subject.user_id is None or not access.is_self(actor, subject.user_id):
        raise access.NotVisible
    return kind, subject


def _create(
    actor: Actor, kind: RateableKind, subject: Subject, object_id: int, score: int, comment: str, on: date
) -> Rating:
    resolved = policy_get(POOR_THRESHOLD.key, subject.unit, on=on)
    threshold = int(resolved.value)
    poor = is_poor(score, threshold)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                kind=kind.code,
                object_id=object_id,
                unit=subject.unit,
                rater_id=actor.pk,
                score=score,
                comment=comment,
                title=subject.title[:200],
                follow_up=FollowUp.WAITING if poor else FollowUp.NONE,
                poor_threshold=threshold,
                policy_record_ids=[resolved.record.pk] if resolved.record is not None else [],
            )
    except IntegrityError:
        raise ValidationError(_("您已经评价过这项服务。"), code="already_rated") from None
    RatingEvent.objects.create(rating=rating, action="rate", to_status=rating.follow_up, actor_id=actor.pk)
    audit_record(
        actor=actor,
        action="ratings.rate",
        target=rating,
        target_repr=f"{kind.label} · {subject.title}"[:200],
        unit=subject.unit,
        data={"kind": kind.code, "object_id": object_id, "score": score, "poor": poor},
    )
    return rating


def rating_submit(
    *, actor: Actor, kind: str, object_id: Any, score: Any, comment: str = "", on: date | None = None
) -> Rating:
    """The worker rates one of their completed services, once."""
    pk = _object_id(object_id)
    rateable, subject = _subject(actor, kind, pk)
    if rateable.rated_in_module:
        raise ValidationError(_("这项服务请在办理页面评价。"), code="rated_in_module")
    if not subject.completed:
        raise ValidationError(_("这项服务尚未办结，办结后才能评价。"), code="not_completed")
    value = _score(score)
    text = _comment(comment)
    day = on or policy_today()
    with transaction.atomic():
        if Rating.objects.filter(kind=rateable.code, object_id=pk, rater_id=actor.pk).exists():
            raise ValidationError(_("您已经评价过这项服务。"), code="already_rated")
        return _create(actor, rateable, subject, pk, value, text, day)


def rating_record(
    *, actor: Actor, kind: str, object_id: Any, score: Any, comment: str = "", on: date | None = None
) -> Rating:
    """A module's own rating page records the worker's rating in the kernel (inside the module's transaction,
    after its own checks): the same record, the same rules, and a second call for the same record returns the
    first rating unchanged."""
    pk = _object_id(object_id)
    rateable, subject = _subject(actor, kind, pk)
    if not subject.completed:
        raise ValidationError(_("这项服务尚未办结，办结后才能评价。"), code="not_completed")
    value = _score(score)
    text = _comment(comment)
    with transaction.atomic():
        existing = Rating.objects.filter(kind=rateable.code, object_id=pk, rater_id=actor.pk).first()
        if existing is not None:
            return existing
        return _create(actor, rateable, subject, pk, value, text, on or policy_today())


def rating_follow_up(
    *, actor: Actor, rating: Rating, visitor: str, visited_on: date, note: str, expected: str = FollowUp.WAITING
) -> Rating:
    """The union records its return visit of a poor rating: who visited, when, and what was found or done."""
    access.require_action(actor, view_perm=VIEW_RATINGS, perm=FOLLOW_UP, unit=rating.unit)
    visitor = (visitor or "").strip()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if not visitor:
        errors["visitor"] = _("请填写回访人。")
    elif len(visitor) > 50:
        errors["visitor"] = _("回访人不能超过 50 个字。")
    if not note:
        errors["note"] = _("请填写回访情况。")
    elif len(note) > NOTE_LIMIT:
        errors["note"] = _("回访情况不能超过 %(n)d 个字。") % {"n": NOTE_LIMIT}
    if visited_on is None:
        errors["visited_on"] = _("请填写回访日期。")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("回访日期不能晚于今天。")
    elif visited_on < timezone.localdate(rating.created_at):
        errors["visited_on"] = _("回访日期不能早于评价日期。")
    if errors:
        raise ValidationError(errors, code="invalid")
    with transaction.atomic():
        locked = Rating.objects.select_for_update().get(pk=rating.pk)
        if locked.follow_up != expected:
            raise FOLLOW_UPS.refusal(locked.follow_up, "follow_up")
        before, after = FOLLOW_UPS.move(locked, "follow_up", field="follow_up")
        locked.visitor, locked.visited_on, locked.follow_up_note = visitor, visited_on, note
        locked.followed_by_id, locked.followed_at = actor.pk, timezone.now()
        locked.save(
            update_fields=["follow_up", "visitor", "visited_on", "follow_up_note", "followed_by", "followed_at"]
        )
        RatingEvent.objects.create(
            rating=locked, action="follow_up", from_status=before, to_status=after, actor_id=actor.pk, note=note
        )
        audit_record(
            actor=actor,
            action="ratings.follow_up",
            target=locked,
            target_repr=locked.title or str(locked),
            unit=locked.unit,
            data={"visited_on": visited_on.isoformat()},
        )
    return locked
