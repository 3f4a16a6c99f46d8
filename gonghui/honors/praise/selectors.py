"""Reads of the praise wall: a member's wall (published posts of their union, featured ones first, with whether they
liked each), their own posts (every status, with the moderator's reason), and the moderators' queues (posts and
reports, scoped by ``honors.moderate_praise``)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.honors.models import PraiseLike, PraisePost, PraiseReport, PraiseStatus, ReportStatus
from gonghui.honors.permissions import MODERATE_PRAISE
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member

WAITING = (PraiseStatus.PENDING, PraiseStatus.HELD)


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def wall_member(*, actor: Actor) -> Member | None:
    return my_member(actor=actor)


def wall(*, actor: Actor, member: Member) -> QuerySet[PraisePost]:
    """Published posts of ``member``'s union, featured first, newest first; ``liked``: by the actor."""
    return (
        PraisePost.objects.filter(unit_id=member.unit_id, status=PraiseStatus.PUBLISHED)
        .annotate(liked=Exists(PraiseLike.objects.filter(post=OuterRef("pk"), user_id=getattr(actor, "pk", 0) or 0)))
        .order_by("-featured", "-created_at", "-pk")
    )


def my_posts(*, actor: Actor) -> QuerySet[PraisePost]:
    return PraisePost.objects.filter(author_id=getattr(actor, "pk", None)).order_by("-created_at", "-pk")


def wall_post(*, actor: Actor, post_id: object) -> PraisePost:
    """A post the member may act on from their wall (published, in their union), else 404."""
    member = my_member(actor=actor)
    post = PraisePost.objects.select_related("unit").filter(pk=_as_int(post_id)).first()
    if member is None or post is None or post.unit_id != member.unit_id or post.status != PraiseStatus.PUBLISHED:
        raise access.NotVisible
    return post


def moderation_list(*, actor: Actor, status: str = "", reported: bool = False, q: str = "") -> QuerySet[PraisePost]:
    """Posts in the actor's moderation scope (default: those waiting); ``reported``: with open reports."""
    qs = access.scope(PraisePost.objects.all(), actor, MODERATE_PRAISE)
    if status in PraiseStatus.values:
        qs = qs.filter(status=status)
    elif not reported:
        qs = qs.filter(status__in=WAITING)
    if reported:
        qs = qs.filter(reports__status=ReportStatus.OPEN).distinct()
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(subject_name__icontains=q) | Q(text__icontains=q))
    return (
        qs.select_related("unit", "author_member")
        .annotate(open_reports=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
        .order_by("created_at", "pk")
    )


def post_get(*, actor: Actor, post_id: object) -> PraisePost:
    post = (
        PraisePost.objects.select_related("unit", "author_member", "moderated_by").filter(pk=_as_int(post_id)).first()
    )
    if post is None:
        raise access.NotVisible
    access.require_visible(actor, MODERATE_PRAISE, post.unit)
    return post


def post_reports(post: PraisePost) -> list[PraiseReport]:
    return list(PraiseReport.objects.filter(post=post).select_related("reporter", "resolved_by").order_by("-at"))


def report_get(*, actor: Actor, report_id: object) -> PraiseReport:
    report = PraiseReport.objects.select_related("post__unit").filter(pk=_as_int(report_id)).first()
    if report is None:
        raise access.NotVisible
    access.require_visible(actor, MODERATE_PRAISE, report.post.unit)
    return report


def waiting_counts(*, actor: Actor) -> tuple[int, int]:
    """(posts waiting for moderation, open reports) in the actor's scope."""
    posts = access.scope(PraisePost.objects.filter(status__in=WAITING), actor, MODERATE_PRAISE).count()
    reports = PraiseReport.objects.filter(
        access.scope_q(actor, MODERATE_PRAISE, path_field="post__unit__path"), status=ReportStatus.OPEN
    ).count()
    return posts, reports
