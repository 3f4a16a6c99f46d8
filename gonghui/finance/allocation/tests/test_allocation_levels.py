"""The split between levels decided by the kinds of the unions actually above the receiving union, not by depth
(issue 22): every depth and kind of union, hand-computed on 1,000.00 with the defaults (grassroots 60%; the
upper 400.00 shared county 50% = 200.00, city 30% = 120.00, province 20% = 80.00), and the national share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.authz.testing import _add
from gonghui.finance.allocation.services import (
    allocation_declare,
    allocation_receipt_confirm,
    allocation_receipt_record,
    federation_level,
    share_amounts,
    split_plan,
)
from gonghui.finance.models import AllocationShare, Entry
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.finance.tests.allocation_kit import declaration, employer, open_books, paid
from gonghui.finance.tests.factories import staff
from gonghui.orgs.models import UnitKind
from gonghui.policy.tests.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 1)


def _plan(unit, amount="1000.00"):
    plans, _traces = split_plan(unit, D(amount), on=ON)
    return [(p.level, p.amount, p.ledger.unit.name if p.ledger else None) for p in plans]


def test_federation_level_is_read_from_the_division_code_then_from_the_order():
    def fed(code):
        from gonghui.orgs.models import OrgUnit

        return OrgUnit(kind=UnitKind.FEDERATION, region_code=code)

    assert federation_level(fed("330000")) == "province"
    assert federation_level(fed("330100")) == "city"
    assert federation_level(fed("330106")) == "county"
    assert federation_level(fed("110105")) == "county", "a Beijing district: no city level above it"
    assert [federation_level(fed(""), n) for n in range(4)] == ["province", "city", "county", "county"]
    from gonghui.orgs.models import OrgUnit

    assert federation_level(OrgUnit(kind=UnitKind.INDUSTRY, region_code="330100")) is None
    assert federation_level(OrgUnit(kind=UnitKind.GRASSROOTS, region_code="330106")) is None


def test_grassroots_under_a_county_every_level_with_books(world):
    open_books(world.province, world.city, world.target, world.child)
    assert _plan(world.child) == [
        ("grassroots", D("600.00"), world.child.name),
        ("county", D("200.00"), world.target.name),
        ("city", D("120.00"), world.city.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_grassroots_directly_under_a_city_keeps_only_its_own_share(world):
    union = _add(world.city, "市直机关某单位工会", UnitKind.GRASSROOTS, "330100")
    open_books(world.province, world.city, union)
    # No county level above: its 200.00 passes up to the city, which also gets its own 120.00 (before the fix the
    # grassroots at depth 3 was taken for the county and kept 800.00).
    assert _plan(union) == [
        ("grassroots", D("600.00"), union.name),
        ("county", D("200.00"), world.city.name),
        ("city", D("120.00"), world.city.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_grassroots_under_a_city_industry_union_keeps_only_its_own_share(world):
    industry = _add(world.city, "市教育工会", UnitKind.INDUSTRY, "330100")
    union = _add(industry, "某中学工会", UnitKind.GRASSROOTS, "330100")
    open_books(world.province, world.city, industry, union)
    # The industry union is no level: the county share goes to the next level above, the city federation.
    assert _plan(union) == [
        ("grassroots", D("600.00"), union.name),
        ("county", D("200.00"), world.city.name),
        ("city", D("120.00"), world.city.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_grassroots_under_a_provincial_industry_union_passes_county_and_city_to_the_province(world):
    industry = _add(world.province, "省能源化学工会", UnitKind.INDUSTRY, "330000")
    union = _add(industry, "某电厂工会", UnitKind.GRASSROOTS, "330000")
    open_books(world.province, industry, union)
    assert _plan(union) == [
        ("grassroots", D("600.00"), union.name),
        ("county", D("200.00"), world.province.name),
        ("city", D("120.00"), world.province.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_a_missing_level_without_books_above_is_owed_upward(world):
    union = _add(world.city, "市直某单位工会", UnitKind.GRASSROOTS, "330100")
    open_books(union)  # nobody above keeps books
    assert _plan(union) == [
        ("grassroots", D("600.00"), union.name),
        ("county", D("200.00"), None),
        ("city", D("120.00"), None),
        ("province", D("80.00"), None),
    ]


def test_a_level_without_books_passes_to_the_next_level_with_books(world):
    open_books(world.province, world.target, world.child)  # the city keeps no books
    assert _plan(world.child) == [
        ("grassroots", D("600.00"), world.child.name),
        ("county", D("200.00"), world.target.name),
        ("city", D("120.00"), world.province.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_a_municipality_district_has_no_city_level(world):
    beijing = _add(None, "北京市总工会", UnitKind.FEDERATION, "110000")
    district = _add(beijing, "朝阳区总工会", UnitKind.FEDERATION, "110105")
    union = _add(district, "朝阳某公司工会", UnitKind.GRASSROOTS, "110105")
    open_books(beijing, district, union)
    assert _plan(union) == [
        ("grassroots", D("600.00"), union.name),
        ("county", D("200.00"), district.name),
        ("city", D("120.00"), beijing.name),
        ("province", D("80.00"), beijing.name),
    ]


def test_federations_receiving_directly_keep_their_own_and_lower_levels(world):
    open_books(world.province, world.city, world.target)
    assert _plan(world.target) == [  # a county federation (no grassroots books below)
        ("grassroots", D("600.00"), world.target.name),
        ("county", D("200.00"), world.target.name),
        ("city", D("120.00"), world.city.name),
        ("province", D("80.00"), world.province.name),
    ]
    city_employer_union = _add(world.city, "市直属企业联合工会", UnitKind.JOINT, "330100")
    assert _plan(city_employer_union)[1:] == [  # a joint union without books: the city receives and keeps county
        ("county", D("200.00"), world.city.name),
        ("city", D("120.00"), world.city.name),
        ("province", D("80.00"), world.province.name),
    ]
    assert _plan(world.province) == [
        ("grassroots", D("600.00"), world.province.name),
        ("county", D("200.00"), world.province.name),
        ("city", D("120.00"), world.province.name),
        ("province", D("80.00"), world.province.name),
    ]


def test_the_national_share_is_set_by_policy_and_sent_up(world):
    PolicyRecordFactory(
        key="finance.allocation_national_share", unit=world.province, value="0.05", effective_from=date(2026, 1, 1)
    )
    open_books(world.province, world.city, world.target, world.child)
    # national 1,000 × 5% = 50.00; the other 350.00 by 50/30/20: 175.00, 105.00, 70.00; grassroots 600.00.
    assert _plan(world.child) == [
        ("grassroots", D("600.00"), world.child.name),
        ("county", D("175.00"), world.target.name),
        ("city", D("105.00"), world.city.name),
        ("province", D("70.00"), world.province.name),
        ("national", D("50.00"), None),
    ]
    # The province itself receiving still sends the national share up (2201 应付上级经费), never keeps it.
    assert _plan(world.province)[-1] == ("national", D("50.00"), None)


def test_a_confirmed_receipt_posts_the_national_share_as_owed_upward(world):
    PolicyRecordFactory(
        key="finance.allocation_national_share", unit=world.province, value="0.05", effective_from=date(2026, 1, 1)
    )
    ledgers = open_books(world.province, world.city, world.target, world.child)
    decl = declaration(world, payroll="50000.00")  # × 2% = 1,000.00
    receipt = paid(world, decl, "1000.00", date(2026, 3, 10))
    shares = {s.level: s.amount for s in AllocationShare.objects.filter(receipt=receipt)}
    assert shares["national"] == D("50.00")
    child_ledger = ledgers[3]
    payable = Entry.objects.filter(ledger=child_ledger, account__code="2201").first()
    assert payable is not None
    assert payable.credit == D("400.00"), "county + city + province + national, all owed upward"
    province_income = Entry.objects.filter(ledger=ledgers[0], account__code="4101").first()
    assert province_income is not None
    assert province_income.credit == D("70.00"), "the province books its own share, not the national one"


amounts = st.integers(min_value=1, max_value=10**11).map(lambda n: D(n) / 100)


@given(
    amount=amounts,
    grassroots=st.integers(min_value=0, max_value=100).map(lambda n: D(n) / 100),
    national_pct=st.integers(min_value=0, max_value=100),
    a=st.integers(min_value=0, max_value=100),
    b=st.integers(min_value=0, max_value=100),
)
def test_split_with_a_national_share_adds_up_and_each_level_is_within_a_fen(amount, grassroots, national_pct, a, b):
    national = (1 - grassroots) * national_pct / 100
    b = min(b, 100 - a)
    uppers = {"county": str(D(a) / 100), "city": str(D(b) / 100), "province": str(D(100 - a - b) / 100)}
    split = share_amounts(amount, grassroots, uppers, national=national)
    assert sum(v for _r, v in split.values()) == amount
    assert all(v >= 0 for _r, v in split.values())
    rest = amount * (1 - grassroots - national)
    assert abs(split["national"][1] - amount * national) < D("0.01")
    for level in ("county", "city", "province"):
        assert abs(split[level][1] - rest * D(uppers[level])) < D("0.01")


def test_upper_shares_of_the_employer_declaration_unchanged_by_the_unit_kind(world):
    """A receipt for an employer of a grassroots union directly under the city, confirmed end to end."""
    union = _add(world.city, "市直某单位工会", UnitKind.GRASSROOTS, "330100")
    ledgers = open_books(world.province, world.city, union)
    recorder, confirmer = (staff(world.city, (VIEW_ALLOCATION, MANAGE_ALLOCATION)) for _ in range(2))
    decl = allocation_declare(actor=recorder, employer=employer(union), month=date(2026, 1, 1), payroll="50000.00")
    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount="1000.00", received_on=ON)
    receipt = allocation_receipt_confirm(actor=confirmer, receipt=receipt)
    own_income = Entry.objects.get(ledger=ledgers[2], account__code="4101")
    assert own_income.credit == D("600.00")
    city_income = Entry.objects.get(ledger=ledgers[1], account__code="4101")
    assert city_income.credit == D("320.00"), "county 200.00 + city 120.00"
    assert AllocationShare.objects.filter(receipt=receipt).count() == 4
