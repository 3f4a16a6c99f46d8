"""Openness of affairs (厂务公开): items published by a union to its members (category, period, body), withdrawn
when they no longer apply; a member of the union (or of a union below it) reads them on the portal and asks
questions; the answer is due ``congress.disclosure_answer_days`` days after the question (30 by default, the value
in force at the item's union that day, kept with the question); unanswered questions past their due day are
escalated (once) by the daily job and shown on the console home. Items and answers by holders of
``congress.manage_openness`` at the item's union."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.models import DisclosureCategory, DisclosureItem, DisclosureQuestion
from gonghui.congress.openness.policies import DISCLOSURE_ANSWER_DAYS
from gonghui.congress.permissions import MANAGE_OPENNESS, VIEW_CONGRESS
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get, policy_today

MAX_OPEN_QUESTIONS = 20  # a member's unanswered questions on one item


def _require(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=MANAGE_OPENNESS, unit=unit)


def _text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _audit(actor: Any, action: str, item: DisclosureItem, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"congress.disclosure_{action}",
        target=item,
        target_repr=item.title,
        unit=item.unit,
        data=data or None,
    )


def is_published(item: DisclosureItem) -> bool:
    return item.published_on is not None and item.withdrawn_on is None


def item_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    category: str,
    title: str,
    body: str,
    period: str = "",
    publish: bool = True,
) -> DisclosureItem:
    """A disclosure item of ``unit`` (published today unless ``publish`` is false: a draft)."""
    _require(actor, unit)
    user = access.require_user(actor)
    if category not in DisclosureCategory.values:
        raise ValidationError({"category": _("请选择公开类别。")}, code="category")
    title = _text(title, field="title", label=_("标题"), limit=200)
    body = _text(body, field="body", label=_("内容"), limit=20000)
    period = _text(period, field="period", label=_("所属期间"), limit=40, required=False)
    with transaction.atomic():
        item = DisclosureItem.objects.create(
            unit=unit,
            category=category,
            title=title,
            body=body,
            period=period,
            published_on=timezone.localdate() if publish else None,
            created_by=user,
        )
        _audit(actor, "create", item, published=publish)
    return item


def item_publish(*, actor: Actor, item: DisclosureItem) -> DisclosureItem:
    _require(actor, item.unit)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
        if item.published_on is not None:
            raise ValidationError(_("该事项已公开过。"), code="stale")
        item.published_on = timezone.localdate()
        item.save(update_fields=["published_on"])
        _audit(actor, "publish", item)
    return item


def item_withdraw(*, actor: Actor, item: DisclosureItem) -> DisclosureItem:
    """Take a published item down (its questions and answers stay on record)."""
    _require(actor, item.unit)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
        if not is_published(item):
            raise ValidationError(_("只有公开中的事项可以撤下。"), code="stale")
        item.withdrawn_on = timezone.localdate()
        item.save(update_fields=["withdrawn_on"])
        _audit(actor, "withdraw", item)
    return item


def may_read(member: Member | None, item: DisclosureItem) -> bool:
    """A member of the item's union or of a union below it, while the item is published."""
    return (
        member is not None
        and member.status in (MemberStatus.ACTIVE, MemberStatus.RETIRED)
        and member.unit.path.startswith(item.unit.path)
        and is_published(item)
    )


def question_ask(*, actor: Actor, item: DisclosureItem, member: Member, question: str) -> DisclosureQuestion:
    """A member asks about a published item; the answer is due by the policy's period."""
    if member.user_id is None or not access.is_self(actor, member.user_id) or not may_read(member, item):
        raise access.NotVisible()
    text = _text(question, field="question", label=_("问题"), limit=2000)
    today = policy_today()
    days = policy_get(DISCLOSURE_ANSWER_DAYS.key, item.unit, on=today)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one question at a time per member
        open_count = DisclosureQuestion.objects.filter(item=item, member=member, answered_on__isnull=True).count()
        if open_count >= MAX_OPEN_QUESTIONS:
            raise ValidationError(_("您在本事项上还有未答复的问询，请等待答复后再提。"), code="too_many")
        if DisclosureQuestion.objects.filter(
            item=item, member=member, question=text, answered_on__isnull=True
        ).exists():
            raise ValidationError({"question": _("同样的问题已经提过，正在等待答复。")}, code="duplicate")
        row = DisclosureQuestion.objects.create(
            item=item,
            member=member,
            question=text,
            asked_on=today,
            due_on=today + timedelta(days=int(days.value)),
            policy_record_ids=[days.record.pk] if days.record is not None else [],
        )
        _audit(actor, "ask", item, question=row.pk)
    return row


def question_answer(*, actor: Actor, question: DisclosureQuestion, answer: str) -> DisclosureQuestion:
    """Answer a question (once; the asker reads it on the portal)."""
    item = question.item
    _require(actor, item.unit)
    text = _text(answer, field="answer", label=_("答复"), limit=5000)
    with transaction.atomic():
        question = (
            DisclosureQuestion.objects.select_for_update(of=("self",)).select_related("item__unit").get(pk=question.pk)
        )
        if question.answered_on is not None:
            raise ValidationError(_("该问询已答复。"), code="stale")
        question.answer, question.answered_on = text, timezone.localdate()
        question.answered_by = access.require_user(actor)
        question.save(update_fields=["answer", "answered_on", "answered_by"])
        _audit(actor, "answer", item, question=question.pk, late=question.answered_on > question.due_on)
    return question


def questions_escalate(*, today: date | None = None, now: datetime | None = None) -> int:
    """Unanswered questions past their due day: escalated once (the console home shows them). Returns the count."""
    today = today or timezone.localdate()
    moment = now or timezone.now()
    escalated = 0
    overdue = DisclosureQuestion.objects.filter(
        answered_on__isnull=True, escalated_at__isnull=True, due_on__lt=today
    ).select_related("item__unit")
    for question in overdue.order_by("due_on", "pk")[:100000]:
        with transaction.atomic():
            if DisclosureQuestion.objects.filter(pk=question.pk, escalated_at__isnull=True).update(escalated_at=moment):
                _audit(None, "escalate", question.item, question=question.pk, due_on=question.due_on.isoformat())
                escalated += 1
    return escalated
