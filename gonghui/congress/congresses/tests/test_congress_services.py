"""Congress services: a congress, a term with its quota trace, sections, representatives from the union's roster,
substitutions, the composition warning and the authorization matrix of every service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz.testing import service_matrix
from gonghui.congress.congresses import selectors, services
from gonghui.congress.models import Congress, CongressSection, CongressTerm, RepCategory, Representative, RepStatus
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def manager(world):
    return world.staff("cm", world.child, [VIEW_CONGRESS, MANAGE_CONGRESS])


def test_term_quota_is_computed_and_traced(world):
    clerk = manager(world)
    congress = services.congress_create(actor=clerk, unit=world.child, name="矩阵公司职代会")
    term = services.term_create(
        actor=clerk, congress=congress, number=1, starts_on=date(2026, 1, 1), ends_on=date(2030, 12, 31), headcount=2500
    )
    assert term.quota == 120
    assert term.quota_trace["lines"][-1]["value"] == 120
    with pytest.raises(ValidationError):
        services.congress_create(actor=clerk, unit=world.child, name="第二个")


def test_representatives_elected_substituted_and_composition(world):
    clerk = manager(world)
    kit = f.congress_kit(world.child, reps=0)
    member = f.representative_member(world.child)
    rep = services.representative_elect(
        actor=clerk,
        term=kit.term,
        section=kit.sections[0],
        member=member,
        category=RepCategory.MANAGER,
        elected_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.representative_elect(
            actor=clerk,
            term=kit.term,
            section=kit.sections[0],
            member=member,
            category=RepCategory.FRONT_LINE,
            elected_on=timezone.localdate(),
        )
    composition = selectors.term_composition(kit.term)
    assert not composition.ok  # one manager, no front-line worker
    other = f.representative_member(world.child)
    new = services.representative_substitute(
        actor=clerk,
        rep=rep,
        member=other,
        category=RepCategory.FRONT_LINE,
        elected_on=timezone.localdate(),
        reason="调离本单位",
    )
    assert new.replaces_id == rep.pk
    assert Representative.objects.get(pk=rep.pk).status == RepStatus.REPLACED
    assert selectors.term_composition(kit.term).ok


def test_member_outside_the_union_cannot_be_elected(world):
    clerk = manager(world)
    kit = f.congress_kit(world.child, reps=0)
    outsider = f.representative_member(world.sibling)
    with pytest.raises(ValidationError):
        services.representative_elect(
            actor=clerk,
            term=kit.term,
            section=kit.sections[0],
            member=outsider,
            category=RepCategory.FRONT_LINE,
            elected_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError):
        services.member_for_term(actor=clerk, term=kit.term, member_no=outsider.member_no)
    assert services.member_for_term(
        actor=clerk, term=kit.term, member_no=f.representative_member(world.child).member_no
    )


def test_overdue_congress(world):
    kit = f.congress_kit(world.child, reps=2)
    clerk = manager(world)
    Congress.objects.filter(pk=kit.congress.pk).update(created_at=timezone.now() - timedelta(days=800))
    assert [c.pk for c in selectors.overdue_congresses(actor=clerk)] == [kit.congress.pk]
    f.session(kit, held_on=timezone.localdate() - timedelta(days=30))
    assert selectors.overdue_congresses(actor=clerk) == []


def test_congress_create_matrix(world):
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.congress_create(actor=actor, unit=w.target, name="矩阵职代会"),
        state=lambda w: Congress.objects.count(),
        view_perm=VIEW_CONGRESS,
    )


def test_term_and_section_matrix(world):
    kit = f.congress_kit(world.target, reps=0)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.term_create(
            actor=actor,
            congress=kit.congress,
            number=2,
            starts_on=date(2026, 1, 1),
            ends_on=date(2030, 1, 1),
            headcount=500,
        ),
        state=lambda w: CongressTerm.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.section_add(actor=actor, term=kit.term, name="新选区", seats=3),
        state=lambda w: CongressSection.objects.count(),
        view_perm=VIEW_CONGRESS,
    )


def test_representative_matrix(world):
    kit = f.congress_kit(world.target, reps=1)
    member = f.representative_member(world.child)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.representative_elect(
            actor=actor,
            term=kit.term,
            section=kit.sections[0],
            member=member,
            category=RepCategory.FRONT_LINE,
            elected_on=timezone.localdate(),
        ),
        state=lambda w: Representative.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.representative_end(actor=actor, rep=kit.reps[0], reason="退休"),
        state=lambda w: Representative.objects.get(pk=kit.reps[0].pk).status,
        view_perm=VIEW_CONGRESS,
    )


def test_overdue_interval_is_the_unions_policy_and_the_panel_is_pinned(world, django_assert_max_num_queries):
    from gonghui.congress.congresses.panels import waiting
    from gonghui.policy.models import PolicyRecord

    child = f.congress_kit(world.child, reps=1)
    sibling = f.congress_kit(world.sibling, reps=1)
    for kit in (child, sibling):
        f.session(kit, held_on=timezone.localdate() - timedelta(days=240))  # eight months ago
    admin = world.staff("adm", world.province, [VIEW_CONGRESS])
    assert selectors.overdue_congresses(actor=admin) == []
    PolicyRecord.objects.create(
        key="congress.session_interval_months",
        unit=world.target,
        value=6,
        effective_from=date(2020, 1, 1),
        note="",
        created_by=admin,
    )
    assert [c.pk for c in selectors.overdue_congresses(actor=admin)] == [child.congress.pk]
    for unit in (world.city, world.target):  # more congresses, the same number of queries
        f.session(f.congress_kit(unit, reps=1))
    with django_assert_max_num_queries(6):
        shown = waiting(admin)
    assert shown[0].count == 1


def test_substitute_matrix(world):
    kit = f.congress_kit(world.target, reps=1)
    member = f.representative_member(world.child)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.representative_substitute(
            actor=actor,
            rep=kit.reps[0],
            member=member,
            category=RepCategory.FRONT_LINE,
            elected_on=timezone.localdate(),
            reason="调离",
        ),
        state=lambda w: Representative.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
