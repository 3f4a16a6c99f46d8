"""Idempotent demo data, built through the same services the console uses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from stdnum.cn import uscc

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz.access import Actor
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.roles import DEFAULT_ROLES
from gonghui.authz.services import grant_create, roles_sync
from gonghui.common.demo import DemoWorld
from gonghui.demo import data
from gonghui.demo.grants import demo_account, demo_grant
from gonghui.orgs import codes
from gonghui.orgs.models import Employer, OrgUnit, UnitKind
from gonghui.orgs.services import employer_create, unit_create, unit_create_root

Say = Callable[[str], None]


def demo_credit_code(seed: str, *, prefix: str = "91", region: str = "330100") -> str:
    """A well-formed unified social credit code, stable for ``seed`` (demo data only)."""
    digest = hashlib.sha256(seed.encode()).hexdigest().upper()
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + region + "".join(alphabet[int(ch, 16) % len(alphabet)] for ch in digest[:9])
    return body + uscc.calc_check_digit(body)


def _child(actor: Actor, parent: OrgUnit, name: str, kind: str, **fields: Any) -> OrgUnit:
    existing = OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name=name).first()
    if existing is not None:
        return existing
    return unit_create(actor=actor, parent=parent, name=name, kind=kind, **fields)


def _employer(actor: Actor, unit: OrgUnit, name: str, **fields: Any) -> Employer:
    existing = Employer.objects.filter(unit=unit, name=name).first()
    if existing is not None:
        return existing
    return employer_create(actor=actor, unit=unit, name=name, **fields)


def _ensure_admin() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_user("admin", data.DEMO_PASSWORD, name="省总工会系统管理员")
    return admin


def _bootstrap_grants(admin: User, province: OrgUnit) -> None:
    """The first administrator cannot be granted by anyone: write the grants directly, audited."""
    with transaction.atomic():
        for code in DEFAULT_ROLES:
            role = Role.objects.get(code=code)
            if not RoleGrant.objects.filter(user=admin, role=role, unit=province, revoked_at__isnull=True).exists():
                grant = RoleGrant.objects.create(user=admin, role=role, unit=province)
                audit_record(
                    actor=None,
                    action="authz.grant_bootstrap",
                    target=grant,
                    unit=province,
                    after={"user": admin.pk, "role": code, "unit": province.pk},
                )


def seed_demo(say: Say = lambda _msg: None) -> dict[str, Any]:
    roles_sync()
    admin = _ensure_admin()
    name, short, region = data.PROVINCE
    province = OrgUnit.objects.filter(depth=1, name=name).first()
    if province is None:
        province = unit_create_root(
            actor=admin,
            name=name,
            short_name=short,
            kind=UnitKind.FEDERATION,
            region_code=region,
            credit_code=demo_credit_code(name, prefix="81", region=region),
        )
    _bootstrap_grants(admin, province)
    say(f"组织：{province.name}")

    cities: dict[str, OrgUnit] = {}
    counties_made = grassroots_made = 0
    for city_name, city_short, city_code in data.CITIES:
        city = _child(
            admin,
            province,
            city_name,
            UnitKind.FEDERATION,
            short_name=city_short,
            region_code=city_code,
            credit_code=demo_credit_code(city_name, prefix="81", region=city_code),
        )
        cities[city_name] = city
        for county in codes.region_children(city_code):
            county_unit = _child(
                admin,
                city,
                f"{county.name}总工会",
                UnitKind.FEDERATION,
                short_name=county.name,
                region_code=county.code,
            )
            counties_made += 1
            for pattern, employer_pattern, industry in data.GRASSROOTS_PATTERNS[:2]:
                place = county.name.removesuffix("区").removesuffix("县").removesuffix("市") or county.name
                g_name = pattern.format(place=place)
                grassroots = _child(
                    admin,
                    county_unit,
                    g_name,
                    UnitKind.GRASSROOTS,
                    region_code=county.code,
                    industry_code=industry,
                    credit_code=demo_credit_code(g_name, prefix="81", region=county.code),
                )
                grassroots_made += 1
                e_name = employer_pattern.format(place=place)
                _employer(
                    admin,
                    grassroots,
                    e_name,
                    credit_code=demo_credit_code(e_name, region=county.code),
                    industry_code=industry,
                    region_code=county.code,
                    staff_count=80 + len(e_name) * 7,
                )
        say(f"  {city.name}：{len(codes.region_children(city_code))} 个县（市、区）总工会")

    for industry_name, section in data.INDUSTRY_UNIONS:
        _child(admin, province, industry_name, UnitKind.INDUSTRY, industry_code=section, region_code=region)

    # The named grassroots union under 西湖区 with its employer, sub-union and group.
    xihu = OrgUnit.objects.get(path__startswith=cities["杭州市总工会"].path, name="西湖区总工会")
    xh_union = _child(
        admin,
        xihu,
        data.XIHU_GRASSROOTS,
        UnitKind.GRASSROOTS,
        region_code="330106",
        industry_code="65",
        credit_code=demo_credit_code(data.XIHU_GRASSROOTS, prefix="81", region="330106"),
    )
    _employer(
        admin,
        xh_union,
        data.XIHU_EMPLOYER,
        credit_code=demo_credit_code(data.XIHU_EMPLOYER, region="330106"),
        industry_code="65",
        region_code="330106",
        staff_count=860,
    )
    sub = _child(admin, xh_union, "研发中心分工会", UnitKind.SUB_UNION, region_code="330106")
    _child(admin, sub, "算法组工会小组", UnitKind.GROUP, region_code="330106")

    units_by_name = {u.name: u for u in [*cities.values(), xh_union]}
    for username, full_name, unit_name, role_codes in data.DEMO_STAFF:
        unit = units_by_name[unit_name]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, data.DEMO_PASSWORD, name=full_name)
        for code in role_codes:
            role = Role.objects.get(code=code)
            if not RoleGrant.objects.filter(user=user, role=role, unit=unit, revoked_at__isnull=True).exists():
                grant_create(actor=admin, user=user, role=role, unit=unit)

    worker = User.objects.filter(phone=data.DEMO_WORKER_PHONE).first()
    if worker is None:
        User.objects.create_user(data.DEMO_WORKER_PHONE, phone=data.DEMO_WORKER_PHONE, name=data.DEMO_WORKER_NAME)

    _seed_policy_examples(admin, cities)
    extras = _seed_optional_kernel(say)
    _seed_review_examples(xh_union, sub)
    _seed_modules(say)
    total = OrgUnit.objects.count()
    say(f"共 {total} 个组织，{Employer.objects.count()} 家用人单位。")
    return {"units": total, "counties": counties_made, "grassroots": grassroots_made, **extras}


def _seed_policy_examples(admin: User, cities: dict[str, OrgUnit]) -> None:
    """Cities set some of their own rules (domain rules: Shaoxing caps recuperation at 400 yuan a day)."""
    from django.utils import timezone

    from gonghui.policy.models import PolicyRecord
    from gonghui.policy.services import policy_set

    for city_name, key, value, note in data.POLICY_EXAMPLES:
        unit = cities[city_name]
        if not PolicyRecord.objects.filter(key=key, unit=unit).exists():
            policy_set(actor=admin, key=key, unit=unit, value=value, effective_from=timezone.localdate(), note=note)


def _seed_review_examples(xh_union: OrgUnit, sub_union: OrgUnit) -> None:
    """A grassroots clerk asks for a new sub-union; it waits in the county's and the city's review queues."""
    from gonghui.review.demo import DEMO_UNIT_APPLICATION
    from gonghui.review.models import ReviewCase
    from gonghui.review.services import case_submit

    if ReviewCase.objects.filter(subject_id=str(sub_union.pk), process__code=DEMO_UNIT_APPLICATION).exists():
        return
    clerk = User.objects.get(username="xh_staff")
    case_submit(
        actor=clerk,
        process_code=DEMO_UNIT_APPLICATION,
        unit=xh_union,
        subject=sub_union,
        title=f"{sub_union.name}组建申请",
    )


def _account(username: str, name: str, grants: Sequence[tuple[str, OrgUnit]] = ()) -> User:
    user: User = demo_account(username, name, list(grants))
    return user


def world(say: Say = lambda _msg: None) -> DemoWorld:
    """What each module's ``demo.seed(world)`` gets: the demo province's names, the demo worker, and demo accounts
    granted by the demo administrator."""
    return DemoWorld(
        say=say,
        province=data.PROVINCE[0],
        company_union=data.XIHU_GRASSROOTS,
        company=data.XIHU_EMPLOYER,
        worker_phone=data.DEMO_WORKER_PHONE,
        worker_name=data.DEMO_WORKER_NAME,
        account=_account,
        grant=demo_grant,
    )


def _seed_modules(say: Say) -> None:
    """Each module seeds its own demo data: the roster (members, a pending online join, the demo worker's card),
    then union funds (books, vouchers, payments, allocation, dues, budgets, audits)."""
    from gonghui.assistance import demo as assistance_demo
    from gonghui.bargaining import demo as bargaining_demo
    from gonghui.congress import demo as congress_demo
    from gonghui.contests import demo as contests_demo
    from gonghui.finance import demo as finance_demo
    from gonghui.honors import demo as honors_demo
    from gonghui.legal_aid import demo as legal_aid_demo
    from gonghui.members import demo as members_demo
    from gonghui.mutual_aid import demo as mutual_aid_demo
    from gonghui.recuperation import demo as recuperation_demo
    from gonghui.retirees import demo as retirees_demo
    from gonghui.worker_services import demo as worker_services_demo

    demo_world = world(say)
    members_demo.seed(demo_world)
    finance_demo.seed(demo_world)
    assistance_demo.seed(demo_world)
    mutual_aid_demo.seed(demo_world)
    honors_demo.seed(demo_world)
    recuperation_demo.seed(demo_world)
    congress_demo.seed(demo_world)
    bargaining_demo.seed(demo_world)
    legal_aid_demo.seed(demo_world)
    contests_demo.seed(demo_world)
    worker_services_demo.seed(demo_world)
    retirees_demo.seed(demo_world)


def _seed_optional_kernel(say: Say) -> dict[str, Any]:
    """Calendar and demo review process, from their own apps."""
    out: dict[str, Any] = {}
    from gonghui.workdays.services import seed_calendar

    for year in (2026, 2027):
        out[f"calendar_{year}"] = seed_calendar(year)
    from gonghui.review.demo import ensure_demo_processes

    ensure_demo_processes()
    say("工作日历与演示审核流程已就绪。")
    return out
