"""Mutual-aid claims (target P6): N claims calculated against an M-member enrolment, with the cover look-up, the
plan version in force on each event date, the rule of the cover's tier and the yearly-cap accounting, each claim
explained line by line (the trace naming its rule and plan version), against a naive per-claim ORM path in the same
run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_maclaims .venv/bin/python bench/claims.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_maclaims .venv/bin/python bench/claims.py \
        --members 1000000 --claims 100000 --naive 3000

PostgreSQL only (the enrolment is built with ``INSERT ... SELECT generate_series``). Builds once (reused by the
next run) its own root ``给付基准省总工会`` with 1,000 grassroots unions, M members spread over them (plain
placeholder identity columns: the bench reads no personal data), a published plan of the bench year with two tiers
and two versions (v2 from 1 July changes the hospital deductible and bands), and one paid enrolment per union
covering every member from 1 January (one member in four a first-time enrolee, so the 90-day waiting period refuses
some claims). Then N claims are drawn (random members, one in five of them claiming again so the yearly cap binds;
benefit hospital 70 %, outpatient 20 %, critical 10 %; 1-3 invoices each with insurance and excluded amounts).

- **bulk** (what a batch or a recomputation would run): the claims in chunks of 5,000; per chunk one query for the
  covers of the chunk's members and one for their yearly-cap rows; the versions and rules read once and held as
  ``calculation.Terms``; each claim checked (cover, waiting period, illness list), computed and explained
  (``calculation.trace_lines``: the trace as stored with a claim, built as JSON without the line objects, and
  serialised); the cap used is accumulated in
  memory in claim order and written back at the end with one ``INSERT ... ON CONFLICT DO UPDATE``.
- **naive** (per claim, through the ORM, the way a claim page would do it one at a time): ``cover_on``,
  ``version_on``, ``rule_for``, the cap row locked (``select_for_update``) in a transaction, ``explain``, the row
  saved. Run on the first ``--naive`` claims (a sample; its rate is extrapolated to N) from an empty cap state.
- **check**: on the sample, both paths give the same payable, the same refusal and the same trace for every claim;
  after the bulk run the cap rows equal the sum of the payables per cover and benefit, and no cap row exceeds its
  yearly cap.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

ROOT_NAME = "给付基准省总工会"
UNITS = 1000
YEAR = 2026
CHUNK = 5000
ZERO = Decimal("0.00")
HOSPITAL_V1: dict[str, Any] = {
    "deductible": Decimal("1000.00"),
    "bands": [{"from": "0", "rate": "0.5"}, {"from": "10000", "rate": "0.6"}, {"from": "30000", "rate": "0.7"}],
    "per_event_cap": Decimal("20000.00"),
    "yearly_cap": Decimal("50000.00"),
    "waiting_days": 90,
}
HOSPITAL_V2 = dict(HOSPITAL_V1, deductible=Decimal("800.00"), bands=[{"from": "0", "rate": "0.55"}])
OUTPATIENT: dict[str, Any] = {
    "deductible": Decimal("200.00"),
    "bands": [{"from": "0", "rate": "0.4"}],
    "per_event_cap": Decimal("3000.00"),
    "yearly_cap": Decimal("8000.00"),
    "waiting_days": 90,
    "illnesses": [{"code": f"M{i:02d}", "name": f"慢病{i}"} for i in range(1, 11)],
}
CRITICAL: dict[str, Any] = {
    "fixed_amount": Decimal("10000.00"),
    "per_event_cap": Decimal("10000.00"),
    "yearly_cap": Decimal("10000.00"),
    "waiting_days": 180,
    "illnesses": [{"code": f"C{i:02d}", "name": f"重疾{i}"} for i in range(1, 21)],
}


def _path(parent: str, i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out, n = "", i
    for _ in range(4):
        out = digits[n % 36] + out
        n //= 36
    return parent + out


@dataclass(frozen=True)
class ClaimIn:
    member_id: int
    kind: str
    event_on: date
    illness_code: str
    invoices: tuple[tuple[Decimal, Decimal, Decimal], ...]


def build(members: int) -> Any:
    """The bench tree, members, plan and enrolment (reused when already there with as many members)."""
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.mutual_aid.models import BenefitKind, BenefitRule, Plan, PlanStatus, PlanTier, PlanVersion
    from gonghui.orgs.models import OrgUnit, UnitKind

    root = OrgUnit.objects.filter(name=ROOT_NAME, depth=1).first()
    if root is not None:
        plan = Plan.objects.filter(code="BENCH-P6").first()
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM mutual_aid_enrolledmember WHERE plan_id = %s", [plan.pk if plan else 0])
            if plan is not None and cur.fetchone()[0] == members:
                return plan
        clear(root.path)
    t0 = time.perf_counter()
    root = OrgUnit.objects.add_root(instance=OrgUnit(name=ROOT_NAME, kind=UnitKind.FEDERATION, region_code="330000"))
    rows = []
    for i in range(1, UNITS + 1):
        rows.append(
            OrgUnit(path=_path(root.path, i), depth=2, numchild=0, name=f"给付基层{i}", kind=UnitKind.GRASSROOTS)
        )
    OrgUnit.objects.bulk_create(rows, batch_size=5000)
    OrgUnit.objects.filter(pk=root.pk).update(numchild=UNITS)
    user = User.objects.filter(username="bench-p6").first() or User.objects.create_user(
        username="bench-p6", name="给付基准"
    )
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM orgs_orgunit WHERE path LIKE %s AND depth = 2", [root.path + "%"])
        low, high = cur.fetchone()
        cur.execute(
            """
            INSERT INTO members_member (member_no, name, name_pinyin, name_initials, name_sort, gender, ethnicity,
                id_type, id_cipher, id_bidx, id_masked, id_tail4, id_tail5, id_tail6, phone, phone_rev, education,
                employer_name, job, household_type, political_status, gig_type, gig_platform, joined_on, status,
                source, created_at, updated_at, unit_id)
            SELECT 'P6' || lpad(g::text, 10, '0'), '基准职工', 'jizhunzhigong', 'jzzg', 'jizhunzhigong', 'M', '',
                'id_card', 'x', 'p6' || g, '', '', '', '', '', '', '', '', '', '', '', '', '', DATE '2020-01-01',
                'active', 'import', now(), now(), %s + (g %% %s)
            FROM generate_series(1, %s) AS g
            """,
            [low, high - low + 1, members],
        )
    print(f"setup: tree and {members:,} members in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    plan = Plan.objects.create(
        unit=root,
        code="BENCH-P6",
        name=f"{YEAR}年度给付基准计划",
        year=YEAR,
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 12, 31),
        status=PlanStatus.PUBLISHED,
        created_by=user,
    )
    tiers = [
        PlanTier.objects.create(plan=plan, code="basic", name="基础档", fee=Decimal("24.00"), order=1),
        PlanTier.objects.create(plan=plan, code="higher", name="提高档", fee=Decimal("70.00"), order=2),
    ]
    for number, start, hospital in ((1, date(YEAR, 1, 1), HOSPITAL_V1), (2, date(YEAR, 7, 1), HOSPITAL_V2)):
        version = PlanVersion.objects.create(
            plan=plan, number=number, effective_from=start, published=True, created_by=user
        )
        for tier in tiers:
            scale = Decimal("1") if tier.code == "basic" else Decimal("2")
            for kind, fields in (
                (BenefitKind.HOSPITAL, hospital),
                (BenefitKind.OUTPATIENT, OUTPATIENT),
                (BenefitKind.CRITICAL, CRITICAL),
            ):
                values = dict(fields)
                for cap in ("per_event_cap", "yearly_cap", "fixed_amount"):
                    if values.get(cap) is not None:
                        values[cap] = values[cap] * scale
                BenefitRule.objects.create(version=version, tier=tier, kind=kind, **values)
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO mutual_aid_enrolment (plan_id, tier_id, unit_id, status, partial, partial_reason,
                member_count, eligible_count, fee_total, paid_on, covered_from, policy_record_ids, review_comment,
                created_by_id, created_at, updated_at)
            SELECT %s, CASE WHEN u.id %% 4 = 0 THEN %s ELSE %s END, u.id, 'active', false, '', 0, 0, 0,
                DATE %s, DATE %s, '[]', '', %s, now(), now()
            FROM orgs_orgunit u WHERE u.path LIKE %s AND u.depth = 2
            """,
            [plan.pk, tiers[1].pk, tiers[0].pk, f"{YEAR - 1}-12-31", f"{YEAR}-01-01", user.pk, root.path + "%"],
        )
        cur.execute(
            """
            INSERT INTO mutual_aid_enrolledmember (enrolment_id, plan_id, member_id, tier_id, fee, first_time,
                added_on, covered_from, covered_to, removed_on, removed_reason)
            SELECT e.id, e.plan_id, m.id, e.tier_id, 24, (m.id %% 4 = 0), DATE %s, DATE %s, NULL, NULL, ''
            FROM members_member m JOIN mutual_aid_enrolment e ON e.unit_id = m.unit_id AND e.plan_id = %s
            WHERE m.member_no LIKE 'P6%%'
            """,
            [f"{YEAR}-01-01", f"{YEAR}-01-01", plan.pk],
        )
        cur.execute("ANALYZE members_member")
        cur.execute("ANALYZE mutual_aid_enrolledmember")
    print(f"setup: plan, 2 versions, {UNITS:,} enrolments and their members in {time.perf_counter() - t0:.1f} s")
    return plan


def clear(root_path: str) -> None:
    from django.db import connection

    like = [root_path + "%"]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM mutual_aid_capusage")
        cur.execute(
            "DELETE FROM mutual_aid_benefitrule WHERE version_id IN (SELECT v.id FROM mutual_aid_planversion v "
            "JOIN mutual_aid_plan p ON p.id = v.plan_id WHERE p.code = 'BENCH-P6')"
        )
        for sql in (
            "DELETE FROM mutual_aid_enrolledmember WHERE plan_id IN (SELECT id FROM mutual_aid_plan WHERE code = 'BENCH-P6')",  # noqa: E501
            "DELETE FROM mutual_aid_enrolment WHERE plan_id IN (SELECT id FROM mutual_aid_plan WHERE code = 'BENCH-P6')",  # noqa: E501
            "DELETE FROM mutual_aid_planversion WHERE plan_id IN (SELECT id FROM mutual_aid_plan WHERE code = 'BENCH-P6')",  # noqa: E501
            "DELETE FROM mutual_aid_plantier WHERE plan_id IN (SELECT id FROM mutual_aid_plan WHERE code = 'BENCH-P6')",
            "DELETE FROM mutual_aid_plan WHERE code = 'BENCH-P6'",
        ):
            cur.execute(sql)
        cur.execute(
            "DELETE FROM members_member WHERE unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)", like
        )
        cur.execute("DELETE FROM orgs_orgunit WHERE path LIKE %s", like)


def draw_claims(plan: Any, n: int, rng: random.Random) -> list[ClaimIn]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT member_id FROM mutual_aid_enrolledmember WHERE plan_id = %s", [plan.pk])
        ids = [row[0] for row in cur.fetchall()]
    repeaters = rng.sample(ids, max(1, n // 20))
    out: list[ClaimIn] = []
    start = date(YEAR, 1, 1).toordinal()
    for _ in range(n):
        member = rng.choice(repeaters) if rng.random() < 0.2 else rng.choice(ids)
        roll = rng.random()
        kind = "hospital" if roll < 0.7 else "outpatient" if roll < 0.9 else "critical"
        code = ""
        if kind == "outpatient":
            code = f"M{rng.randint(1, 12):02d}"  # M11, M12 are not on the list: refused
        elif kind == "critical":
            code = f"C{rng.randint(1, 21):02d}"
        invoices = []
        for _i in range(rng.randint(1, 3)):
            amount = Decimal(rng.randint(50_000, 6_000_000)) / 100
            paid = (amount * Decimal(rng.randint(0, 70)) / 100).quantize(Decimal("0.01"))
            excluded = (amount * Decimal(rng.randint(0, 10)) / 100).quantize(Decimal("0.01"))
            invoices.append((amount, paid, excluded))
        event = date.fromordinal(start + rng.randint(0, 330))
        out.append(ClaimIn(member, kind, event, code, tuple(invoices)))
    return out


@dataclass
class Result:
    payable: Decimal | None  # None: refused
    reason: str
    trace: str


def _refusal(cover: Any, version: Any, rule: Any, claim: ClaimIn, covered_from: date | None, first: bool) -> str:
    if cover is None:
        return "no_cover"
    if version is None or rule is None:
        return "no_rule"
    waiting = rule["waiting_days"]
    if first and waiting and covered_from is not None and claim.event_on < covered_from + timedelta(days=waiting):
        return "waiting"
    if rule["codes"] and claim.illness_code not in rule["codes"]:
        return "illness"
    return ""


def run_bulk(plan: Any, claims: list[ClaimIn]) -> list[Result]:
    """The bulk path (see the module docstring)."""
    from django.db import connection

    from gonghui.mutual_aid.claims.calculation import Invoice, compute, trace_lines
    from gonghui.mutual_aid.claims.services import terms_of
    from gonghui.mutual_aid.models import BenefitRule, PlanVersion

    versions = list(PlanVersion.objects.filter(plan=plan, published=True).order_by("effective_from", "number"))
    rules: dict[tuple[int, int, str], dict[str, Any]] = {}
    for row in BenefitRule.objects.filter(version__in=versions).select_related("tier", "version"):
        rules[(row.version_id, row.tier_id, row.kind)] = {
            "terms": terms_of(row, row.version, row.tier.name),
            "waiting_days": row.waiting_days,
            "codes": {str(i.get("code")) for i in row.illnesses or []},
        }

    def version_for(day: date) -> Any:
        found = None
        for v in versions:
            if v.effective_from <= day:
                found = v
        return found

    results: list[Result] = []
    used: dict[tuple[int, str], Decimal] = {}
    loaded: set[int] = set()  # covers whose cap rows have been read
    for offset in range(0, len(claims), CHUNK):
        chunk = claims[offset : offset + CHUNK]
        member_ids = list({c.member_id for c in chunk})
        with connection.cursor() as cur:
            cur.execute(
                "SELECT member_id, id, tier_id, covered_from, covered_to, first_time FROM mutual_aid_enrolledmember "
                "WHERE plan_id = %s AND member_id = ANY(%s) AND removed_on IS NULL AND covered_from IS NOT NULL",
                [plan.pk, member_ids],
            )
            covers = {row[0]: row[1:] for row in cur.fetchall()}
            fresh = [c[0] for c in covers.values() if c[0] not in loaded]
            loaded.update(fresh)
            cur.execute("SELECT cover_id, kind, used FROM mutual_aid_capusage WHERE cover_id = ANY(%s)", [fresh])
            for cover_id, kind, amount in cur.fetchall():
                used[(cover_id, kind)] = amount
        for claim in chunk:
            cover = covers.get(claim.member_id)
            version: Any = None
            rule: dict[str, Any] | None = None
            covered_from, first = None, False
            if cover is not None:
                cover_id, tier_id, covered_from, covered_to, first = cover
                if not (covered_from <= claim.event_on and (covered_to is None or claim.event_on <= covered_to)):
                    cover = None
                else:
                    version = version_for(claim.event_on)
                    rule = rules.get((version.pk, tier_id, claim.kind)) if version is not None else None
            reason = _refusal(cover, version, rule, claim, covered_from, first)
            if reason:
                results.append(Result(None, reason, ""))
                continue
            assert rule is not None
            assert cover is not None
            key = (cover[0], claim.kind)
            before = used.get(key, ZERO)
            outcome = compute(rule["terms"], [Invoice(a, p, e) for a, p, e in claim.invoices], before)
            used[key] = before + outcome.payable
            trace = {"version": 1, "lines": trace_lines(rule["terms"], outcome, before)}
            results.append(Result(outcome.payable, "", json.dumps(trace, ensure_ascii=False)))
    rows = [(cover_id, kind, amount) for (cover_id, kind), amount in used.items()]
    with connection.cursor() as cur:
        for offset in range(0, len(rows), 20000):
            part = rows[offset : offset + 20000]
            cur.execute(
                "INSERT INTO mutual_aid_capusage (cover_id, kind, used) "
                "SELECT * FROM unnest(%s::bigint[], %s::varchar[], %s::numeric[]) "
                "ON CONFLICT (cover_id, kind) DO UPDATE SET used = EXCLUDED.used",
                [[r[0] for r in part], [r[1] for r in part], [r[2] for r in part]],
            )
    return results


def run_naive(plan: Any, claims: list[ClaimIn]) -> list[Result]:
    """One claim at a time through the ORM and the selectors a claim page uses."""
    from django.db import transaction

    from gonghui.members.models import Member
    from gonghui.mutual_aid.claims.calculation import Invoice, explain
    from gonghui.mutual_aid.claims.services import cap_row, terms_of
    from gonghui.mutual_aid.enrolment.selectors import cover_on
    from gonghui.mutual_aid.plans.selectors import rule_for, version_on

    results: list[Result] = []
    for claim in claims:
        member = Member.objects.get(pk=claim.member_id)
        cover = cover_on(member.pk, claim.event_on)
        version = version_on(cover.plan, claim.event_on) if cover is not None else None
        rule_row = rule_for(version, cover.tier_id, claim.kind) if version is not None and cover is not None else None
        rule = None
        if rule_row is not None:
            rule = {
                "waiting_days": rule_row.waiting_days,
                "codes": {str(i.get("code")) for i in rule_row.illnesses or []},
            }
        reason = _refusal(
            cover, version, rule, claim, cover.covered_from if cover else None, bool(cover and cover.first_time)
        )
        if reason:
            results.append(Result(None, reason, ""))
            continue
        assert cover is not None
        assert version is not None
        assert rule_row is not None
        with transaction.atomic():
            usage = cap_row(cover.pk, claim.kind)
            terms = terms_of(rule_row, version, cover.tier.name)
            outcome, trace = explain(terms, [Invoice(a, p, e) for a, p, e in claim.invoices], usage.used)
            usage.used += outcome.payable
            usage.save(update_fields=["used"])
        results.append(Result(outcome.payable, "", json.dumps(trace.to_json(), ensure_ascii=False)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=2_000, help="claims run through the naive path (a sample)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench/claims.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    call_command("migrate", verbosity=0)
    from gonghui.mutual_aid.models import CapUsage

    plan = build(args.members)
    rng = random.Random(6)
    claims = draw_claims(plan, args.claims, rng)
    sample = claims[: args.naive]

    CapUsage.objects.all().delete()
    t0 = time.perf_counter()
    naive = run_naive(plan, sample)
    naive_s = time.perf_counter() - t0

    CapUsage.objects.all().delete()
    t0 = time.perf_counter()
    bulk = run_bulk(plan, claims)
    bulk_s = time.perf_counter() - t0

    same = all(
        (a.payable, a.reason, a.trace) == (b.payable, b.reason, b.trace) for a, b in zip(naive, bulk, strict=False)
    )
    expected: dict[tuple[int, str], Decimal] = {}
    from gonghui.mutual_aid.models import EnrolledMember

    cover_of = dict(
        EnrolledMember.objects.filter(plan=plan, member_id__in={c.member_id for c in claims}).values_list(
            "member_id", "pk"
        )
    )
    for claim, result in zip(claims, bulk, strict=True):
        if result.payable is not None:
            key = (cover_of[claim.member_id], claim.kind)
            expected[key] = expected.get(key, ZERO) + result.payable
    stored = {(r.cover_id, r.kind): r.used for r in CapUsage.objects.all()}
    caps_ok = stored == expected
    over = 0
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT count(*) FROM mutual_aid_capusage u
            JOIN mutual_aid_enrolledmember c ON c.id = u.cover_id
            JOIN mutual_aid_benefitrule r ON r.tier_id = c.tier_id AND r.kind = u.kind
            JOIN mutual_aid_planversion v ON v.id = r.version_id AND v.number = 1
            WHERE r.yearly_cap IS NOT NULL AND u.used > r.yearly_cap
            """
        )
        over = cur.fetchone()[0]
    paid = [r for r in bulk if r.payable is not None]
    refused: dict[str, int] = {}
    for r in bulk:
        if r.reason:
            refused[r.reason] = refused.get(r.reason, 0) + 1
    bulk_rate = len(claims) / bulk_s
    naive_rate = len(sample) / naive_s
    print()
    print(f"| P6 mutual-aid claims ({args.members:,}-member enrolment) | claims | seconds | claims/s |")
    print("|---|---:|---:|---:|")
    label = "bulk: cover look-up, version, rule, checks, explain, yearly cap"
    print(f"| {label} | {len(claims):,} | {bulk_s:.2f} | {bulk_rate:,.0f} |")
    print(f"| naive per-claim ORM (sample) | {len(sample):,} | {naive_s:.2f} | {naive_rate:,.0f} |")
    extrapolated = len(claims) / naive_rate
    print(f"| naive extrapolated to {len(claims):,} | {len(claims):,} | {extrapolated:.1f} | {naive_rate:,.0f} |")
    print()
    print(f"speed-up bulk / naive: {bulk_rate / naive_rate:.1f}x")
    print(f"paid {len(paid):,}, total {sum((r.payable or ZERO for r in paid), ZERO):,.2f} yuan; refused {refused}")
    print(f"check: sample identical in both paths (payable, refusal, trace): {same}")
    print(f"check: cap rows equal the sum of payables: {caps_ok}; cap rows above their yearly cap: {over}")


if __name__ == "__main__":
    main()
