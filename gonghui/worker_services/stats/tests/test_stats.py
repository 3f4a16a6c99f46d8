"""Worker services statistics: figures against a hand count of the same data, the actor's subtree only, the page
matrix and the audited export."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, login
from gonghui.worker_services.activities import services
from gonghui.worker_services.models import Activity
from gonghui.worker_services.partners.services import redemption_verify
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES, VIEW_SERVICE_STATS
from gonghui.worker_services.stats.selectors import service_stats
from gonghui.worker_services.tests import factories as f


def test_figures_match_a_hand_count_and_stay_in_the_subtree(world):
    staff = world.staff("st", world.province, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    mine = f.published_activity(staff, world.child, places=2, category="健康讲座")
    people = [f.member(world.child) for _i in range(3)]
    signups = [f.sign_up(mine, m) for m in people]
    f.started(mine)
    services.checkin_from_list(actor=staff, signup=signups[0])
    Activity.objects.filter(pk=mine.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    mine.refresh_from_db()
    services.activity_finish(actor=staff, activity=mine)
    f.published_activity(staff, world.sibling, places=5, category="健康讲座")  # outside the target's subtree
    partner = f.partner(world, world.target)
    redemption_verify(actor=f.verifier(world, partner.pk).user, partner=partner, code="forged")
    viewer = world.staff("sv", world.target, [VIEW_SERVICE_STATS])
    stats = service_stats(actor=viewer, year=timezone.localdate(mine.starts_at).year)
    [row] = stats.by_category
    assert (row.label, row.activities, row.places, row.signed_up, row.completed, row.no_show) == (
        "健康讲座",
        1,
        2,
        2,
        1,
        1,
    )
    assert [(p.label, p.valid, p.refused) for p in stats.by_partner] == [(partner.name, 0, 1)]


def test_stats_page_scope_and_export(world, client):
    staff = world.staff("st2", world.province, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    f.published_activity(staff, world.child, category="健康讲座")  # its union's name holds CANARY
    login(client, world.staff("nope", world.target, [VIEW_ACTIVITIES]))
    assert client.get(reverse("worker_services:stats")).status_code == 403
    client.logout()
    login(client, world.staff("sib", world.sibling, [VIEW_SERVICE_STATS]))
    page = client.get(reverse("worker_services:stats"))
    assert page.status_code == 200
    assert CANARY not in page.content.decode()  # the sibling's own subtree only
    client.logout()
    login(client, world.staff("sx", world.target, [VIEW_SERVICE_STATS]))
    assert CANARY in client.get(reverse("worker_services:stats")).content.decode()
    assert client.get(reverse("worker_services:stats_export")).status_code == 200
    assert AuditEvent.objects.filter(action="worker_services.stats_export").count() == 1
