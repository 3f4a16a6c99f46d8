"""Reads of the member roster, always scoped with ``access.scope`` on ``Member.unit``.

The one search box (:func:`search_q`) turns a query into indexed lookups on the keys the services store:

- a query needs 2 characters (4 digits for a phone or ID tail): shorter ones match nothing and the page shows
  :func:`search_hint` (one character would match a tenth of the roster, which no index serves cheaply);
- Chinese text: 2 characters → one ``MemberNameGram`` lookup (trigram indexes
  cannot serve a 2-character substring, an exact bigram can), joined rather than a subquery: the gram row carries
  the rank, the pinyin and the union, so the ranked first page is read in the order of the gram index, scoped on
  the gram's union, and stops after a page (no sort over every match); longer → every bigram must match, then
  ``name__contains`` confirms the order;
- Latin letters → prefix of the full pinyin (``wanglanfang``) or of the initials (``wlf``), surnames read as
  surnames (单 shan, 曾 zeng, ...);
- digits → ≥ 4: a phone suffix (prefix of the reversed phone); 4-6 characters (digits, last may be X): the keyed
  tail of the ID number; both are ORed when the query could be either; 18 characters: the blind index (exact);
- a member number (``HY…``) matches exactly.

Results are ranked exact-first (``search_rank``: exact name/pinyin/initials 0, name or pinyin prefix 1, others 2),
then by ``search_pinyin`` (the pinyin of the name: the member's, or for a 2-character query the gram row's copy of
it, so that the order is the gram index's) and the member's id. A slice of a pinyin/initials or phone/ID-tail
search is read tier by tier from indexes (:class:`RankTiers`, PostgreSQL) instead of ranking every match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.identity import clean_text
from gonghui.common.params import int_param
from gonghui.members.models import Member, MemberEvent, MemberNameGram, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.orgs.models import OrgUnit, UnitStatus

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"^[a-z]+$")
_TAIL = re.compile(r"^\d{3,5}[\dX]$")
MIN_QUERY = 2  # characters of a search-box query
MIN_DIGITS = 4  # digits of a phone or ID-number tail
ANY_GIG = "any"

AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "18-25": (18, 25),
    "26-35": (26, 35),
    "36-45": (36, 45),
    "46-55": (46, 55),
    "56+": (56, None),
}

SORTS: dict[str, str] = {
    "rank": "search_rank",  # then search_pinyin (see ``ordering``)
    "name": "name_sort",  # surname first, as one unit (``keys.name_sort_key``)
    "-name": "-name_sort",
    "joined_on": "joined_on",
    "-joined_on": "-joined_on",
    "member_no": "member_no",
    "-member_no": "-member_no",
    "age": "-birth_date",
    "-age": "birth_date",
}


# Alternate-key matches read per Latin query (rank 2, after every pinyin and initials match).
ALT_IDS = 1000


@dataclass(frozen=True)
class Search:
    q: Q
    rank: Case | Value
    gram: str = ""  # a 2-character Chinese query: one ``MemberNameGram`` lookup, ranked by the gram row's ``rk``
    tiers: tuple[Q, ...] = ()  # the matches as tiers for ``RankTiers`` (pinyin/initials, phone/ID tail)


def ordering(sort: str, *, searching: bool) -> list[str]:
    """The ``order_by`` of :func:`member_list` for a key of :data:`SORTS` (unknown or empty: rank when searching,
    name otherwise), always ending with ``pk``."""
    key = sort if sort in SORTS else ("rank" if searching else "name")
    order = [SORTS[key]]
    if key == "rank":
        order.append("search_pinyin")
    return [*order, "pk"]


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_q(band: str, *, today: date | None = None) -> Q:
    """Members whose age (in full years, today) lies in ``band`` (``18-25`` ... ``56+``)."""
    if band not in AGE_BANDS:
        return Q()
    today = today or timezone.localdate()
    low, high = AGE_BANDS[band]
    q = Q(birth_date__lte=_years_ago(today, low))
    if high is not None:
        # Age ≤ high: born after the day ``high + 1`` years ago.
        q &= Q(birth_date__gt=_years_ago(today, high + 1))
    return q


def _gram_filter(text: str) -> Q:
    grams = sorted({text[i : i + 2] for i in range(len(text) - 1)})
    q = Q()
    for gram in grams:
        q &= Q(pk__in=MemberNameGram.objects.filter(gram=gram).values("member_id"))
    if len(text) > 2:
        contains = Q(name__contains=text)
        if "·" not in text:  # a dotted name typed without its dot (阿依古丽买买提): its bigrams are stored too
            contains |= Q(Contains(Replace(F("name"), Value("·"), Value("")), text))
        q &= contains
    return q


def _compact(raw: str) -> str:
    return clean_text("".join((raw or "").split()))


def search_hint(raw: str) -> str:
    """Why a non-empty query is too short to search ("" when it is long enough or empty).

    One character (a surname, one letter) would match a tenth of a province and no index serves it cheaply, so
    the search box asks for a second one; a phone or ID tail needs at least 4 digits.
    """
    compact = _compact(raw)
    if not compact:
        return ""
    if len(compact) < MIN_QUERY:
        return _("请至少输入两个字符：姓名至少两个字，拼音或首字母至少两个字母。")
    if compact.isascii() and compact.isdigit() and len(compact) < MIN_DIGITS:
        return _("手机号或证件号码请输入末尾至少 4 位。")
    return ""


def search_q(raw: str) -> Search | None:
    """The filter and rank for one search-box query, or ``None`` for an empty query (a query that is too short,
    see :func:`search_hint`, matches nothing)."""
    text = keys.normalize_dots("".join((raw or "").split()))
    if not text:
        return None
    if search_hint(text):
        return Search(q=Q(pk__in=[]), rank=Value(2))
    compact = clean_text(text)  # full-width → half-width, upper case
    lower = compact.lower()
    q = Q(pk__in=[])
    rank_whens: list[When] = []
    if _CJK.search(text):
        name = text
        q |= _gram_filter(name)
        rank_whens += [When(name=name, then=Value(0)), When(name__startswith=name, then=Value(1))]
        if len(name) == 2:  # nothing else matches a text with a Chinese character (not Latin, digits nor HY…)
            return Search(q=q, rank=Case(*rank_whens, default=Value(2), output_field=IntegerField()), gram=name)
    if _LATIN.match(lower):  # nothing else matches letters only (not CJK, digits, a tail nor HY…)
        # The alternate keys (``keys.name_keys``: a polyphonic surname's everyday reading, the given name alone),
        # by prefix from ``members_gram_alt_idx``; rank 2. Read first, as ids (at most ALT_IDS): a subquery in the
        # OR would keep PostgreSQL from combining the pinyin and initials indexes (the count then read the whole
        # scope), while a list of ids is one more index in the same bitmap.
        alt_ids = list(
            MemberNameGram.objects.filter(rk=keys.ALT_RANK, gram__startswith=lower[:64])
            .values_list("member_id", flat=True)
            .order_by()[:ALT_IDS]
        )
        alternate = Q(pk__in=alt_ids)
        q = Q(name_pinyin__startswith=lower) | Q(name_initials__startswith=lower) | alternate
        rank_whens = [
            When(name_pinyin=lower, then=Value(0)),
            When(name_initials=lower, then=Value(0)),
            When(name_pinyin__startswith=lower, then=Value(1)),
        ]
        latin_tiers = (
            Q(name_pinyin=lower),  # rank 0
            Q(name_initials=lower) & ~Q(name_pinyin=lower),  # rank 0
            Q(name_pinyin__startswith=lower) & ~Q(name_pinyin=lower) & ~Q(name_initials=lower),  # rank 1
            Q(name_initials__startswith=lower) & ~Q(name_pinyin__startswith=lower) & ~Q(name_initials=lower),  # 2
            alternate & ~Q(name_pinyin__startswith=lower) & ~Q(name_initials__startswith=lower),  # rank 2
        )
        return Search(q=q, rank=Case(*rank_whens, default=Value(2), output_field=IntegerField()), tiers=latin_tiers)
    tiers: tuple[Q, ...] = ()
    # nothing else matches 4-11 digits but an ID tail
    if compact.isascii() and compact.isdigit() and 4 <= len(compact) <= 11:
        q |= Q(phone_rev__startswith=compact[::-1])
        rank_whens.append(When(phone=compact, then=Value(0)))
        # phone == q (rank 0; phone_rev is the phone reversed), then the suffixes (rank 2, the exact one too).
        tiers = (Q(phone_rev=compact[::-1]), Q(phone_rev__startswith=compact[::-1]))
    if _TAIL.match(compact) and 4 <= len(compact) <= 6:
        tail = Q(**{f"id_tail{len(compact)}": crypto.suffix_index(compact, len(compact))})
        q |= tail
        tiers = (*tiers, tail) if tiers else ()  # rank 2, or 0 when the phone is q too (then also in tier 1)
    if len(compact) == 18:
        q |= Q(id_bidx=crypto.blind_index(compact))
        rank_whens.append(When(id_bidx=crypto.blind_index(compact), then=Value(0)))
    if compact.startswith("HY") and compact[2:].isascii() and compact[2:].isdigit():
        q |= Q(member_no=compact)
        rank_whens.append(When(member_no=compact, then=Value(0)))
    rank: Case | Value = Case(*rank_whens, default=Value(2), output_field=IntegerField()) if rank_whens else Value(2)
    return Search(q=q, rank=rank, tiers=tiers)


class RankTiers:
    """A search's matches as tiers, each read in index order and cut after ``stop`` rows (PostgreSQL).

    Ranking every match (a common initials key or phone suffix has hundreds to thousands) means reading each
    from the table, then sorting; instead each tier (``Search.tiers``) is one scoped read ordered by
    (name_pinyin, id) from an index that carries pinyin, id and union (``Member``'s search indexes: index-only,
    in order or sorting index entries only), cut after ``stop`` rows, and the page's rows are picked by id from
    their union (at most tiers × ``stop`` ids) and put in the full order (rank, pinyin, id). The same rows as
    ranking every match, as long as each member lies in a tier whose members all rank at least as well as it
    does (the first ``stop`` of the whole order then lie in the first ``stop`` of their tiers): pinyin/initials
    tiers are disjoint, one rank each; phone tiers are "phone = q" (rank 0), every suffix (ranks 0 and 2) and
    the ID tail (ranks 0 and 2). Sorting by name works the same way (every tier is in name order).

    Used by :class:`MemberQuerySet` for a slice of the search's own QuerySet only (no other filter or order
    added since); SQLite cannot limit the parts of a UNION, so it ranks every match.
    """

    def __init__(
        self,
        *,
        base: QuerySet[Member],
        page: QuerySet[Member],
        tiers: tuple[Q, ...],
        where: Any,
        order: tuple[Any, ...],
    ) -> None:
        # ``base``: the scoped members (tiers filter it); ``page``: the listed QuerySet without the search filter
        # (the page's rows are picked by id from the tiers: the search's OR would tempt the planner to read every
        # match again).
        self.base, self.page, self.tiers, self.where, self.order = base, page, tiers, where, order

    def applies(self, qs: QuerySet[Member]) -> bool:
        query = qs.query
        return (
            connection.features.supports_slicing_ordering_in_compound
            and not query.is_sliced
            and not query.distinct
            and query.order_by == self.order
            and query.where == self.where
        )

    def ids(self, stop: int) -> QuerySet[Member, Any]:
        """The ids of the first ``stop`` members of each tier (a subquery)."""
        parts = [self.base.filter(t).order_by("name_pinyin", "pk").values("pk")[:stop] for t in self.tiers]
        return parts[0].union(*parts[1:], all=True)


class MemberQuerySet(QuerySet[Member]):
    """The roster QuerySet of :func:`member_list`; a slice of a pinyin/initials or phone/ID-tail search (what
    the fragment, the API and the console page read) goes through its :class:`RankTiers`: the same rows in the
    same order, one query, without ranking every match. Counting and iterating are unchanged."""

    tiers: RankTiers | None = None

    def _clone(self) -> Self:  # Django's copy of a QuerySet for every derived one: ``tiers`` goes along
        clone: Self = super()._clone()  # type: ignore[misc]
        clone.tiers = self.tiers
        return clone

    def __getitem__(self, k: Any) -> Any:
        tiers = self.tiers
        if (
            tiers is not None
            and isinstance(k, slice)
            and k.step is None
            and isinstance(k.stop, int)
            and k.stop > (k.start or 0) >= 0
            and self._result_cache is None
            and tiers.applies(self)
        ):
            page = tiers.page.filter(pk__in=tiers.ids(k.stop))
            page.query.deferred_loading = self.query.deferred_loading  # ``only()``/``defer()`` since
            return page[k]
        return super().__getitem__(k)


def member_list(
    *,
    actor: Actor,
    q: str = "",
    status: str = "",
    gender: str = "",
    age_band: str = "",
    gig_type: str = "",
    joined_from: date | None = None,
    joined_to: date | None = None,
    unit_id: int | None = None,
    flagged: bool | None = None,
    sort: str = "",
) -> QuerySet[Member]:
    """Members where the actor holds ``members.view_member``, filtered, annotated with ``search_rank`` and
    ``search_pinyin``, ordered by :func:`ordering`.

    ``sort`` is a key of :data:`SORTS`; empty sorts by rank when searching and by name otherwise. ``unit_id``
    narrows to that union's subtree (a union outside the actor's scope gives nothing).
    """
    search = search_q(q)
    base = MemberQuerySet(Member).select_related("unit")
    if search is not None and search_hint(q):
        return base.none().annotate(search_rank=search.rank, search_pinyin=F("name_pinyin")).order_by("pk")
    within: OrgUnit | None = None
    if unit_id:
        within = OrgUnit.objects.filter(pk=unit_id).first()
        if within is None or not access.check(actor, VIEW_MEMBER, within):
            return base.none().annotate(search_rank=Value(2), search_pinyin=F("name_pinyin")).order_by("pk")
    qs: Any  # a MemberQuerySet, annotated differently per branch
    if search is not None and search.gram:
        # Scoped on the joined gram row's union, which every writer keeps equal to the member's
        # (``services.name_grams_follow_unit``): the scope is checked from the gram index before the member is read,
        # and the planner sees one scope condition (two, on the member's union too, would make it guess too few
        # matches for a page and sort them all). One filter() call: every condition applies to the same gram row.
        on_gram = Q(name_grams__gram=search.gram) & access.scope_q(
            actor, VIEW_MEMBER, path_field="name_grams__unit__path"
        )
        if within is not None:
            on_gram &= Q(name_grams__unit__path__startswith=within.path)
        # Defence in depth: the member's own union must be the gram row's (scoped) one, so a gram row left behind
        # by a write that forgot ``name_grams_follow_unit`` hides its member instead of showing it out of scope.
        on_gram &= Q(name_grams__unit_id=F("unit_id"))
        qs = base.filter(on_gram).annotate(search_rank=F("name_grams__rk"), search_pinyin=F("name_grams__name_pinyin"))
    else:
        qs = access.scope(base, actor, VIEW_MEMBER)
        if within is not None:
            qs = qs.filter(unit__path__startswith=within.path)
        if search is not None:
            unsearched = qs
            qs = qs.filter(search.q).annotate(search_rank=search.rank, search_pinyin=F("name_pinyin"))
        else:
            qs = qs.annotate(search_rank=Value(2, output_field=IntegerField()), search_pinyin=F("name_pinyin"))
    if status:
        qs = qs.filter(status=status)
    if gender:
        qs = qs.filter(gender=gender)
    if age_band:
        qs = qs.filter(age_band_q(age_band))
    if gig_type == ANY_GIG:
        qs = qs.exclude(gig_type="")
    elif gig_type == "none":
        qs = qs.filter(gig_type="")
    elif gig_type:
        qs = qs.filter(gig_type=gig_type)
    if joined_from:
        qs = qs.filter(joined_on__gte=joined_from)
    if joined_to:
        qs = qs.filter(joined_on__lte=joined_to)
    if flagged is True:
        qs = qs.filter(inactive_flagged_on__isnull=False)
    elif flagged is False:
        qs = qs.filter(inactive_flagged_on__isnull=True)
    order = ordering(sort, searching=search is not None)
    qs = qs.order_by(*order)
    filtered = status or gender or age_band or gig_type or joined_from or joined_to or flagged is not None
    if search is not None and search.tiers and not filtered and order[0] in ("search_rank", "name_pinyin"):
        # By rank or by name: the first n of the union of each tier's first n (tiers ordered by pinyin, id) hold
        # the first n of either order.
        scoped = access.scope(Member.objects.all(), actor, VIEW_MEMBER)
        if within is not None:
            scoped = scoped.filter(unit__path__startswith=within.path)
        page = unsearched.annotate(search_rank=search.rank, search_pinyin=F("name_pinyin")).order_by(*order)
        qs.tiers = RankTiers(
            base=scoped, page=page, tiers=search.tiers, where=qs.query.where, order=tuple(qs.query.order_by)
        )
    members: QuerySet[Member] = qs
    return members


def member_get(*, actor: Actor, member_id: int | str) -> Member:
    """One member in the actor's scope; 404 otherwise (its existence does not leak)."""
    qs = access.scope(Member.objects.select_related("unit", "employer", "user"), actor, VIEW_MEMBER)
    pk = int_param(member_id, min_value=1)
    member = qs.filter(pk=pk).first() if pk is not None else None
    if member is None:
        raise access.NotVisible
    return member


def member_history(*, actor: Actor, member: Member) -> QuerySet[MemberEvent]:
    """The membership's events, newest first (404 when the member is not visible)."""
    access.require_visible(actor, VIEW_MEMBER, member.unit)
    return (
        MemberEvent.objects.filter(member=member).select_related("unit", "other_unit", "actor").order_by("-at", "-id")
    )


def my_membership(*, actor: Actor) -> Member | None:
    """The signed-in worker's own membership (portal), or ``None``."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    member: Member | None = Member.objects.select_related("unit").filter(user_id=actor.pk).first()
    if member is None or not access.is_self(actor, member.user_id):
        return None
    return member


def member_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """Active unions where the actor may enrol members (the unit choice of the create form)."""
    from gonghui.members.roster.services import MEMBER_UNIT_KINDS

    return (
        access.units(actor, MANAGE_MEMBER)
        .filter(status=UnitStatus.ACTIVE, kind__in=sorted(MEMBER_UNIT_KINDS))
        .order_by("path")
    )


# --- my membership (the portal pages of joining, cards and transfers) -------------------------------------------------

HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


def _as_int(value: object) -> int:
    """An id from a request (``common.params.int_param``); anything else answers 404 like a missing id."""
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def _signed_in(actor: Actor) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def my_member(*, actor: Actor) -> Member | None:
    if not _signed_in(actor):
        return None
    return Member.objects.select_related("unit").filter(user_id=actor.pk, status__in=HOLDING).first()


def member_acted_for(*, actor: Actor, member_id: int | None, perm: str) -> Member:
    """Whom a request acts for: the signed-in worker's own membership when no member is named, else a member in the
    scope of ``perm`` (staff acting on a member's behalf: booking, signing up). 404 when there is none."""
    if member_id is None:
        member = my_member(actor=actor)
    else:
        access.require_anywhere(actor, perm)
        member = access.scope(Member.objects.filter(pk=member_id), actor, perm).select_related("unit").first()
    if member is None:
        raise access.NotVisible
    return member


_IS_MEMBER_MEMO = "_gonghui_is_member"
_MY_MEMBER_MEMO = "_gonghui_my_member"


def my_member_memoized(*, actor: Actor) -> Member | None:
    """:func:`my_member`, asked once per request: the portal home's tiles and "what is mine" blocks share it
    (memoized on the user object, with :func:`is_member`)."""
    if actor is None:
        return None
    if getattr(actor, _IS_MEMBER_MEMO, None) is None:
        member = my_member(actor=actor)
        setattr(actor, _MY_MEMBER_MEMO, member)
        setattr(actor, _IS_MEMBER_MEMO, member is not None)
    return getattr(actor, _MY_MEMBER_MEMO, None)


def is_member(*, actor: Actor) -> bool:
    """Whether the signed-in worker holds a membership: what the portal's tiles ask (every module's members-only
    tile asks it on the same page, so the answer is memoized on the user object, i.e. for one request)."""
    memo = getattr(actor, _IS_MEMBER_MEMO, None)
    if memo is None:
        memo = my_member_memoized(actor=actor) is not None
    return bool(memo)


def members_only(user: Actor) -> bool:
    """A portal tile's ``when`` (called with the signed-in user): shown only to a member (``is_member``, memoized)."""
    return is_member(actor=user)


def not_members(user: Actor) -> bool:
    """A portal tile's ``when``: shown only to a worker who is not a member (joining)."""
    return not is_member(actor=user)
