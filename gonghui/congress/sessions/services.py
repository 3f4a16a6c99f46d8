"""Congress sessions: the agenda, attendance by sign-in, the quorum, votes and the tally.

- A session of a term is planned, opened (the composition rules are checked and WARNED about, not enforced: a
  congress still meets while a by-election is pending), then closed; its minutes and resolutions are published to
  the employer's members.
- Attendance: the sign-in desk scans the member card's live QR code (or pastes it), or ticks the representative on
  the list; a representative may also sign in from the portal while the session is open. Once per session.
- An item is put to the vote only when the session is open and the representatives present reach the quorum (two
  thirds of ALL active representatives, policy ``congress.quorum``).
- Open vote: an ``OpenVote`` per representative. Secret ballot (elections and major matters always): a
  ``BallotReceipt`` (that they voted) and a ``SealedBallot`` (the choice only: random UUID, no voter, no time) in one
  transaction. The unique constraints make a second vote (double click, a second device) fail as a whole: no second
  sealed ballot is ever written. The audit records "voted on item X", never the choice of a secret ballot.
- Closing an item tallies (recounted from the sealed ballots for secret items) and decides "passed": votes for
  strictly more than ``congress.pass_share`` of ALL active representatives of the term, stored as a trace.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.congresses import selectors as congress_selectors
from gonghui.congress.congresses.services import clean_body, clean_text, require_manage
from gonghui.congress.models import (
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Attendance,
    BallotReceipt,
    Choice,
    CongressSession,
    CongressTerm,
    OpenVote,
    Representative,
    RepStatus,
    SealedBallot,
    SessionStatus,
)
from gonghui.congress.sessions import rules
from gonghui.congress.sessions.policies import parse_fraction
from gonghui.members.cards.selectors import card_member_for_token
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

ALWAYS_SECRET = (AgendaKind.ELECTION, AgendaKind.MAJOR)


def _refusal(message: str) -> ValidationError:
    return ValidationError(message, code="stale")


def _lock_session(session: CongressSession) -> CongressSession:
    return (
        CongressSession.objects.select_for_update(of=("self",))
        .select_related("term", "term__congress", "term__congress__unit")
        .get(pk=session.pk)
    )


def _lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("session", "session__term", "session__term__congress", "session__term__congress__unit")
        .get(pk=item.pk)
    )


# --- sessions and the agenda -------------------------------------------------------------------------------------


def session_create(
    *, actor: Actor, term: CongressTerm, number: int, title: str, held_on: date, venue: str = ""
) -> CongressSession:
    unit = term.congress.unit
    require_manage(actor, unit)
    user = access.require_user(actor)
    title = clean_text(title, field="title", label=_("会议名称"), limit=120, required=True)
    venue = clean_text(venue, field="venue", label=_("会议地点"), limit=120)
    if not 1 <= number <= 999:
        raise ValidationError({"number": _("次数须为 1 至 999。")}, code="number")
    try:
        with transaction.atomic():
            session = CongressSession.objects.create(
                term=term, number=number, title=title, held_on=held_on, venue=venue, created_by=user
            )
            audit_record(actor=actor, action="congress.session_create", target=session, target_repr=title, unit=unit)
    except IntegrityError:
        raise ValidationError({"number": _("本届已有该次会议。")}, code="duplicate") from None
    return session


def item_add(*, actor: Actor, session: CongressSession, title: str, kind: str, secret: bool = False) -> AgendaItem:
    """An agenda item; elections and major matters are always put to a secret ballot."""
    unit = session.term.congress.unit
    require_manage(actor, unit)
    title = clean_text(title, field="title", label=_("议题"), limit=200, required=True)
    if kind not in AgendaKind.values:
        raise ValidationError({"kind": _("请选择议题类型。")}, code="kind")
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status == SessionStatus.CLOSED:
            raise _refusal(_("会议已闭会，不能再增加议题。"))
        order = (
            AgendaItem.objects.filter(session=locked).order_by("-order").values_list("order", flat=True).first() or 0
        ) + 1
        item = AgendaItem.objects.create(
            session=locked, order=order, title=title, kind=kind, secret=secret or kind in ALWAYS_SECRET
        )
        audit_record(
            actor=actor,
            action="congress.item_add",
            target=item,
            target_repr=title,
            unit=unit,
            data={"kind": kind, "secret": item.secret},
        )
    return item


def session_open(*, actor: Actor, session: CongressSession) -> CongressSession:
    """The session opens (sign-in starts). The composition is checked and warned about on the page, not refused."""
    unit = session.term.congress.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status != SessionStatus.PLANNED:
            raise _refusal(_("只有筹备中的会议可以开幕。"))
        locked.status, locked.opened_at = SessionStatus.OPEN, timezone.now()
        locked.save(update_fields=["status", "opened_at"])
        composition = congress_selectors.term_composition(locked.term)
        audit_record(
            actor=actor,
            action="congress.session_open",
            target=locked,
            target_repr=locked.title,
            unit=unit,
            data={"composition_ok": composition.ok},
        )
    return locked


def session_close(*, actor: Actor, session: CongressSession) -> CongressSession:
    unit = session.term.congress.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status != SessionStatus.OPEN:
            raise _refusal(_("只有进行中的会议可以闭会。"))
        if AgendaItem.objects.filter(session=locked, status=AgendaStatus.VOTING).exists():
            raise _refusal(_("仍有议题正在表决，请先结束表决。"))
        locked.status, locked.closed_at = SessionStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, action="congress.session_close", target=locked, target_repr=locked.title, unit=unit)
    return locked


def session_publish(*, actor: Actor, session: CongressSession, minutes: str) -> CongressSession:
    """The minutes and resolutions published to the employer's members (after the session closed)."""
    unit = session.term.congress.unit
    require_manage(actor, unit)
    minutes = clean_body(minutes, field="minutes", label=_("会议纪要"), limit=20000, required=True)
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status != SessionStatus.CLOSED:
            raise _refusal(_("闭会后方可公布会议纪要和决议。"))
        locked.minutes, locked.published_at = minutes, timezone.now()
        locked.save(update_fields=["minutes", "published_at"])
        audit_record(actor=actor, action="congress.session_publish", target=locked, target_repr=locked.title, unit=unit)
    return locked


# --- attendance ---------------------------------------------------------------------------------------------------


def _sign(actor: Actor, session: CongressSession, rep: Representative, method: str) -> Attendance:
    user = access.require_user(actor)
    unit = session.term.congress.unit
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status != SessionStatus.OPEN:
            raise _refusal(_("会议开幕后方可签到。"))
        if rep.term_id != locked.term_id or rep.status != RepStatus.ACTIVE:
            raise ValidationError(_("不是本届在任代表，不能签到。"), code="not_representative")
        existing = Attendance.objects.filter(session=locked, representative=rep).first()
        if existing is not None:
            return existing
        attendance = Attendance.objects.create(session=locked, representative=rep, method=method, by=user)
        audit_record(
            actor=actor,
            action="congress.attendance_sign",
            target=locked,
            target_repr=locked.title,
            unit=unit,
            data={"representative": rep.pk, "method": method},
        )
    return attendance


def attendance_sign(*, actor: Actor, session: CongressSession, rep: Representative) -> Attendance:
    """Signed in from the list by the desk (idempotent: a second tick returns the first sign-in)."""
    require_manage(actor, session.term.congress.unit)
    return _sign(actor, session, rep, "list")


def attendance_by_code(*, actor: Actor, session: CongressSession, code: str) -> Attendance:
    """Signed in by the member card's live QR code (scanned or pasted: the code itself or the verify address)."""
    require_manage(actor, session.term.congress.unit)
    token = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    member = card_member_for_token(token=token)
    if member is None:
        raise ValidationError({"code": _("会员证二维码无效、已过期或已作废，请刷新后重新出示。")}, code="card")
    rep = Representative.objects.filter(term_id=session.term_id, member=member, status=RepStatus.ACTIVE).first()
    if rep is None:
        raise ValidationError({"code": _("持证人不是本届在任代表。")}, code="not_representative")
    return _sign(actor, session, rep, "qr")


def _my_rep(actor: Actor, term_id: int) -> Representative:
    for rep in congress_selectors.my_mandates(actor=actor):
        if rep.term_id == term_id:
            return rep
    raise access.NotVisible


def attendance_self(*, actor: Actor, session: CongressSession) -> Attendance:
    """A representative signs in from the portal while the session is open."""
    rep = _my_rep(actor, session.term_id)
    return _sign(actor, session, rep, "portal")


# --- quorum, votes and the tally ---------------------------------------------------------------------------------


def quorum_state(session: CongressSession) -> dict[str, object]:
    """What the session page shows live: active representatives, present, needed, reached."""
    total = congress_selectors.active_count(session.term)
    present = Attendance.objects.filter(session=session, representative__status=RepStatus.ACTIVE).count()
    share = parse_fraction(policy_get("congress.quorum", session.term.congress.unit, on=session.held_on).value)
    needed = rules.quorum_needed(total, share)
    return {"total": total, "present": present, "needed": needed, "reached": rules.has_quorum(present, total, share)}


def item_open(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Voting on ``item`` opens: the session must be open and the quorum reached."""
    unit = item.session.term.congress.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_item(item)
        if locked.session.status != SessionStatus.OPEN:
            raise _refusal(_("会议开幕后方可表决。"))
        if locked.status != AgendaStatus.PENDING:
            raise _refusal(_("该议题已经表决过或正在表决。"))
        state = quorum_state(locked.session)
        if not state["reached"]:
            raise ValidationError(
                _("到会代表 %(present)s 人，未达到法定人数 %(needed)s 人，不能表决。") % state, code="quorum"
            )
        locked.status, locked.opened_at = AgendaStatus.VOTING, timezone.now()
        locked.save(update_fields=["status", "opened_at"])
        audit_record(
            actor=actor,
            action="congress.item_open",
            target=locked,
            target_repr=locked.title,
            unit=unit,
            data={"present": state["present"], "total": state["total"]},
        )
    return locked


def vote_cast(*, actor: Actor, item: AgendaItem, choice: str) -> None:
    """The signed-in representative's vote on ``item`` (once; a second vote is refused and changes nothing)."""
    rep = _my_rep(actor, item.session.term_id)
    if choice not in Choice.values:
        raise ValidationError({"choice": _("请选择赞成、反对或弃权。")}, code="choice")
    unit = item.session.term.congress.unit
    already = ValidationError(_("您已对该议题投票，每位代表只能投一次。"), code="voted")
    try:
        with transaction.atomic():
            locked = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
            if locked.status != AgendaStatus.VOTING:
                raise _refusal(_("该议题当前不在表决中。"))
            if not Attendance.objects.filter(session_id=locked.session_id, representative=rep).exists():
                raise ValidationError(_("请先签到再投票。"), code="not_signed_in")
            if locked.secret:
                BallotReceipt.objects.create(item=locked, representative=rep)
                SealedBallot.objects.create(item=locked, choice=choice)
                data: dict[str, object] = {"item": locked.pk, "secret": True}
            else:
                OpenVote.objects.create(item=locked, representative=rep, choice=choice)
                data = {"item": locked.pk, "secret": False, "choice": choice}
            audit_record(
                actor=actor, action="congress.vote_cast", target=locked, target_repr=locked.title, unit=unit, data=data
            )
    except IntegrityError:
        raise already from None


def has_voted(item: AgendaItem, rep: Representative) -> bool:
    model = BallotReceipt if item.secret else OpenVote
    return model.objects.filter(item=item, representative=rep).exists()


def count_votes(item: AgendaItem) -> dict[str, int]:
    """The votes by choice: from the sealed ballots for a secret item, from the open votes otherwise."""
    source = SealedBallot.objects if item.secret else OpenVote.objects
    counts = dict(source.filter(item=item).values_list("choice").annotate(n=Count("pk")).values_list("choice", "n"))
    return {c: int(counts.get(c, 0)) for c in Choice.values}


def explain_tally(item: AgendaItem, *, total: int, counts: dict[str, int]) -> tuple[bool, Trace]:
    trace = Trace()
    trace.given(gettext_noop("本届在任代表总数"), total, kind="int", unit=gettext_noop("人"))
    trace.given(gettext_noop("赞成"), counts[Choice.FOR], kind="int", unit=gettext_noop("票"))
    trace.given(gettext_noop("反对"), counts[Choice.AGAINST], kind="int", unit=gettext_noop("票"))
    trace.given(gettext_noop("弃权"), counts[Choice.ABSTAIN], kind="int", unit=gettext_noop("票"))
    share = trace.rule(
        gettext_noop("决议通过比例"),
        policy_get("congress.pass_share", item.session.term.congress.unit, on=item.session.held_on),
    )
    needed = rules.pass_needed(total, share)
    trace.step(
        gettext_noop("通过所需赞成票"),
        needed,
        kind="int",
        unit=gettext_noop("票"),
        formula=gettext_noop("赞成票须超过全体在任代表（不是到会代表）乘以通过比例"),
    )
    passed = rules.passes(counts[Choice.FOR], total, share)
    trace.result(gettext_noop("表决结果"), gettext_noop("通过") if passed else gettext_noop("未通过"), kind="text")
    return passed, trace


def item_close(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Voting ends: the tally (recounted from the sealed ballots for a secret item) and the decision."""
    unit = item.session.term.congress.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_item(item)
        if locked.status != AgendaStatus.VOTING:
            raise _refusal(_("该议题不在表决中。"))
        counts = count_votes(locked)
        total = congress_selectors.active_count(locked.session.term)
        passed, trace = explain_tally(locked, total=total, counts=counts)
        locked.votes_for, locked.votes_against, locked.votes_abstain = (
            counts[Choice.FOR],
            counts[Choice.AGAINST],
            counts[Choice.ABSTAIN],
        )
        locked.passed, locked.status, locked.closed_at = passed, AgendaStatus.CLOSED, timezone.now()
        locked.tally_trace, locked.policy_record_ids = trace.to_json(), trace.policy_record_ids
        locked.save(
            update_fields=[
                "votes_for",
                "votes_against",
                "votes_abstain",
                "passed",
                "status",
                "closed_at",
                "tally_trace",
                "policy_record_ids",
            ]
        )
        audit_record(
            actor=actor,
            action="congress.item_close",
            target=locked,
            target_repr=locked.title,
            unit=unit,
            data={
                "for": counts[Choice.FOR],
                "against": counts[Choice.AGAINST],
                "abstain": counts[Choice.ABSTAIN],
                "passed": passed,
            },
        )
    return locked


def recount(item: AgendaItem) -> dict[str, int]:
    """The tally again from the stored ballots (a check anyone with the session's page may ask for)."""
    return count_votes(item)
