"""Honours statistics: counts by level and year from the register (current titles only, the actor's subtree),
studios by grade and status with their results and grants, the page's scope and the audited export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, login
from gonghui.honors.models import Apprenticeship, ApprenticeshipStatus, HonorLevel, StudioResult, StudioStatus
from gonghui.honors.permissions import VIEW_HONOREES
from gonghui.honors.register.tests import kit as register_kit
from gonghui.honors.stats import selectors
from gonghui.honors.studios.tests import kit as studio_kit
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def test_honours_by_level_and_year_and_studio_results(world):
    year = timezone.localdate().year
    register_kit.title(world, level=HonorLevel.CITY, year=year)
    register_kit.title(world, level=HonorLevel.CITY, year=year - 1)
    register_kit.title(world, level=HonorLevel.NATIONAL, year=year - 1)
    register_kit.title(world, level=HonorLevel.PROVINCIAL, year=year - 20)  # outside the ten years, in the totals
    register_kit.title(world, level=HonorLevel.CITY, year=year, revoked_on=timezone.localdate())  # not counted
    factories.honoree(factories.member(world.sibling), level=HonorLevel.CITY, year=year)  # outside the scope
    actor = world.actor("same_with", VIEW_HONOREES)
    stats = selectors.honor_stats(actor=actor, to_year=year)
    assert stats.years[-1] == year
    assert len(stats.years) == 10
    assert stats.by_level_year["city"][-2:] == [1, 1]
    assert stats.by_level_year["national"][-2:] == [1, 0]
    assert dict((v, n) for v, _l, n in stats.by_level) == {"national": 1, "provincial": 1, "city": 2}
    assert stats.total == 4
    named = studio_kit.studio(world)
    studio_kit.studio(world, status=StudioStatus.IN_REVIEW)
    StudioResult.objects.create(
        studio=named, kind="patent", title="专利", year=year, patent_no="ZL1", recorded_by=factories.recorder()
    )
    StudioResult.objects.create(
        studio=named,
        kind="saving",
        title="节约",
        year=year,
        savings=Decimal("1000.10"),
        recorded_by=factories.recorder(),
    )
    Apprenticeship.objects.create(
        studio=named,
        mentor=named.leader.member,
        apprentice=factories.member(world.child),
        goal="出师",
        started_on=timezone.localdate(),
        status=ApprenticeshipStatus.COMPLETED,
        created_by=factories.recorder(),
    )
    studios = selectors.studio_stats(actor=world.actor("same_with", "honors.view_studios"))
    assert dict((v, n) for v, _l, n in studios.by_status)["named"] == 1
    assert dict((v, n) for v, _l, n in studios.by_grade) == {"provincial": 0, "city": 1}
    assert (studios.patents, studios.other_results, studios.savings) == (1, 1, Decimal("1000.10"))
    assert (studios.pairs_active, studios.pairs_completed) == (0, 1)


def test_page_matrix_and_audited_export(world):
    register_kit.title(world, level=HonorLevel.CITY, year=timezone.localdate().year)
    for name in ("stats", "stats_export"):
        url = reverse(f"honors:{name}")
        assert login(Client(), world.member).get(url).status_code == 403
        assert login(Client(), world.actor("same_without", VIEW_HONOREES)).get(url).status_code == 403
        sibling = login(Client(), world.actor("sibling", VIEW_HONOREES)).get(url)
        assert sibling.status_code == 200
        assert CANARY not in sibling.content.decode(errors="replace")
    client = login(Client(), world.actor("same_with", VIEW_HONOREES))
    page = client.get(reverse("honors:stats")).content.decode()
    assert "<svg" in page
    before = AuditEvent.objects.filter(action="honors.stats_export").count()
    export = client.get(reverse("honors:stats_export"))
    assert AuditEvent.objects.filter(action="honors.stats_export").count() == before + 1
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    city = next(r for r in rows if r[0] == "市级")
    assert city[-1] == 1
