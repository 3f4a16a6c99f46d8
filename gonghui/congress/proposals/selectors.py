"""Reads of proposals: the committee's list scoped by ``congress.view``, a proposal with its seconders and
history, a representative's own proposals and those of their term awaiting seconders."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.congresses.selectors import as_pk, my_mandates
from gonghui.congress.models import Proposal, ProposalEvent, ProposalSeconder, ProposalStatus
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue

SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "due": "due_on",
    "-due": "-due_on",
    "number": "number",
    "-number": "-number",
}
# Drafts are the proposer's own until they open them to seconders.
NOT_YET_THE_UNIONS = (ProposalStatus.DRAFT,)


def proposal_list(
    *,
    actor: Actor,
    status: str = "",
    q: str = "",
    unit: OrgUnit | None = None,
    escalated: bool = False,
    code: str = "",
    term_id: int | None = None,
) -> QuerySet[Proposal]:
    qs = access.scope(Proposal.objects.all(), actor, VIEW_CONGRESS, unit_field="term__congress__unit").exclude(
        status__in=NOT_YET_THE_UNIONS
    )
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(number=q) | Q(department__contains=q))
    if unit is not None:
        qs = qs.filter(term__congress__unit__path__startswith=unit.path)
    if escalated:
        qs = qs.filter(escalated_at__isnull=False, status=ProposalStatus.ACCEPTED)
    if code:
        qs = qs.filter(answer_code=code)
    if term_id is not None:
        qs = qs.filter(term_id=term_id)
    return (
        qs.select_related("term", "term__congress", "proposer", "proposer__member")
        .annotate(seconder_count=Count("seconders"))
        .order_by("-created_at", "-pk")
    )


def proposal_get(*, actor: Actor, proposal_id: object) -> Proposal:
    proposal = (
        Proposal.objects.select_related(
            "term", "term__congress", "term__congress__unit", "proposer", "proposer__member", "session"
        )
        .filter(pk=as_pk(proposal_id))
        .first()
    )
    if proposal is None or proposal.status in NOT_YET_THE_UNIONS:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, proposal.term.congress.unit)
    return proposal


def seconders(proposal: Proposal) -> list[ProposalSeconder]:
    return list(
        ProposalSeconder.objects.filter(proposal=proposal).select_related("representative__member").order_by("at")
    )


def events(proposal: Proposal) -> list[ProposalEvent]:
    return list(ProposalEvent.objects.filter(proposal=proposal).select_related("actor").order_by("at", "pk"))


def _my_terms(actor: Actor) -> dict[int, int]:
    """``{term id: my member id}`` of the signed-in representative's active mandates."""
    return {rep.term_id: rep.member_id for rep in my_mandates(actor=actor)}


def my_proposals(*, actor: Actor) -> list[Proposal]:
    """Proposals the signed-in worker made as a representative (any term, any status)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Proposal.objects.filter(proposer__member__user_id=actor.pk)
        .select_related("term", "term__congress")
        .annotate(seconder_count=Count("seconders"))
        .order_by("-created_at")[:100]
    )


def to_second(*, actor: Actor) -> list[Proposal]:
    """Proposals of the representative's terms awaiting seconders, not theirs, not yet seconded by them."""
    terms = _my_terms(actor)
    if not terms:
        return []
    qs = (
        Proposal.objects.filter(term_id__in=list(terms), status=ProposalStatus.SECONDING)
        .exclude(proposer__member__user_id=actor.pk)
        .exclude(seconders__representative__member__user_id=actor.pk)
        .select_related("term", "term__congress", "proposer__member")
        .annotate(seconder_count=Count("seconders"))
        .order_by("-created_at")
    )
    return list(qs[:100])


def my_proposal(*, actor: Actor, proposal_id: object) -> Proposal:
    """A proposal the representative may open from the portal: their own, or one of their term open to seconders
    or past that stage (representatives follow their congress's proposals)."""
    pk = as_pk(proposal_id)
    terms = _my_terms(actor)
    proposal = (
        Proposal.objects.select_related(
            "term", "term__congress", "term__congress__unit", "proposer", "proposer__member"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise access.NotVisible
    own = proposal.proposer.member.user_id == getattr(actor, "pk", None) and access.is_self(
        actor, proposal.proposer.member.user_id
    )
    if own:
        return proposal
    if proposal.term_id in terms and proposal.status not in NOT_YET_THE_UNIONS:
        return proposal
    raise access.NotVisible


def is_mine(actor: Actor, proposal: Proposal) -> bool:
    return proposal.proposer.member.user_id == getattr(actor, "pk", None)


def has_seconded(actor: Actor, proposal: Proposal) -> bool:
    return ProposalSeconder.objects.filter(
        proposal=proposal, representative__member__user_id=getattr(actor, "pk", 0) or 0
    ).exists()


def escalated_count(*, actor: Actor) -> QuerySet[Proposal]:
    return access.scope(Proposal.objects.all(), actor, VIEW_CONGRESS, unit_field="term__congress__unit").filter(
        status=ProposalStatus.ACCEPTED, escalated_at__isnull=False
    )


def proposals_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Proposals of ``unit``'s subtree waiting for the committee's review and accepted ones whose answer is overdue
    (escalated by the daily job), in one aggregate, for the one-screen overview (which checks that the reader may
    see ``unit`` first: the whole subtree is then theirs)."""
    waiting = Q(status=ProposalStatus.SUBMITTED)
    row = (
        Proposal.objects.filter(term__congress__unit__path__startswith=unit.path)
        .order_by()
        .aggregate(
            n=Count("pk", filter=waiting),
            oldest=Min("submitted_at", filter=waiting),
            late=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED, escalated_at__isnull=False)),
        )
    )
    return Queue(count=row["n"] or 0, oldest=row["oldest"], overdue=row["late"] or 0)
