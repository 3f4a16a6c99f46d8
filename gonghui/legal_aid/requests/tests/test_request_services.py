"""Workers' requests, the services: routing (member, employer, county), the deadline in working days, the
handlers' matrix, sensitive requests invisible to all but the designated staff, transfer, the rating rule (a
property test against a reference model), escalation exactly once, and the one-time filing key."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.legal_aid.models import RequestEvent, RequestRoute, RequestStatus, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_REQUESTS, HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests import selectors, services
from gonghui.legal_aid.requests.tests import factories as f
from gonghui.orgs.models import Employer
from gonghui.workdays.selectors import add_working_days

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)


def test_member_request_goes_to_their_union_with_the_category_deadline(world):
    member = f.worker(world)
    item, created = services.request_submit(
        actor=f.u(member), category=f.category("wages", days=5), description="  工资\x00 拖欠  ", on=MONDAY
    )
    assert created
    assert (item.unit, item.route, item.member) == (world.child, RequestRoute.MEMBER_UNIT, member)
    assert item.due_on == add_working_days(MONDAY, 5) == date(2026, 11, 9)
    assert item.deadline_days == 5
    assert item.description == "工资 拖欠"
    assert item.number.startswith("SQ2026-")


def test_non_member_routes_by_employer_then_county(world):
    user = f.phone_user()
    employer = Employer.objects.create(unit=world.child, name="矩阵公司")
    by_employer, _ = services.request_submit(actor=user, category=f.category(), description="a", employer=employer)
    assert (by_employer.unit, by_employer.route, by_employer.employer) == (world.child, RequestRoute.EMPLOYER, employer)
    by_region, _ = services.request_submit(actor=user, category=f.category(), description="b", region_code="330106")
    # The county federation of 330106 nearest the root: the world's district federation.
    assert (by_region.unit, by_region.route, by_region.region_code) == (world.target, RequestRoute.REGION, "330106")
    with pytest.raises(ValidationError) as info:
        services.request_submit(actor=user, category=f.category(), description="c", region_code="330100")
    assert "region_code" in info.value.message_dict


def test_bad_input_writes_nothing(world):
    member = f.worker(world)
    before = (WorkerRequest.objects.count(), AuditEvent.objects.count())
    for text in ("   ", "x" * 5001):
        with pytest.raises(ValidationError):
            services.request_submit(actor=f.u(member), category=f.category(), description=text)
    assert (WorkerRequest.objects.count(), AuditEvent.objects.count()) == before


def test_request_key_files_once(world):
    member = f.worker(world)
    category, key = f.category(), "k" * 20
    first, created = services.request_submit(actor=f.u(member), category=category, description="x", request_key=key)
    again, created_again = services.request_submit(
        actor=f.u(member), category=category, description="x", request_key=key
    )
    assert (created, created_again, first.pk) == (True, False, again.pk)
    other = f.worker(world)
    with pytest.raises(ValidationError):
        services.request_submit(actor=f.u(other), category=category, description="x", request_key=key)


def test_answer_matrix(world):
    item = f.request(world)
    service_matrix(
        world,
        HANDLE_REQUESTS,
        lambda actor, w: services.request_answer(actor=actor, request=item, answer="已答复"),
        state=lambda w: WorkerRequest.objects.get(pk=item.pk).status,
        view_perm=VIEW_REQUESTS,
    )


def test_sensitive_request_matrix_and_invisibility(world):
    item = f.request(world, by=f.worker(world, unit=world.target), code="harass", sensitive=True)
    service_matrix(
        world,
        HANDLE_SENSITIVE_REQUESTS,
        lambda actor, w: services.request_answer(actor=actor, request=item, answer="已答复"),
        state=lambda w: WorkerRequest.objects.get(pk=item.pk).status,
        view_perm=HANDLE_SENSITIVE_REQUESTS,
        allowed=("same_with",),  # held only where granted: the province's staff do not see it either
    )
    # Staff holding every other permission at the union see nothing of it: not in lists, not by id.
    plain = f.clerk(world)
    assert not selectors.request_list(actor=plain).filter(pk=item.pk).exists()
    with pytest.raises(access.NotVisible):
        selectors.request_get(actor=plain, request_id=item.pk)
    assert selectors.request_list(actor=f.designated(world)).filter(pk=item.pk).exists()


def test_transfer_up_or_within_scope_with_reason(world):
    item = f.request(world)
    staff = f.clerk(world, world.child)
    with pytest.raises(ValidationError):
        services.request_transfer(actor=staff, request=item, to_unit=world.target, reason="")
    with pytest.raises(ValidationError):
        services.request_transfer(actor=staff, request=item, to_unit=world.sibling, reason="不归我们")
    moved = services.request_transfer(actor=staff, request=item, to_unit=world.target, reason="涉及多家单位")
    assert moved.unit == world.target
    assert moved.status == RequestStatus.SUBMITTED
    event = RequestEvent.objects.get(request=item, action="transfer")
    assert (event.from_unit, event.to_unit, event.comment) == (world.child, world.target, "涉及多家单位")
    # The grassroots clerk no longer sees it; the district does.
    assert not selectors.request_list(actor=staff).filter(pk=item.pk).exists()


def reference_rating(ratings: list[int], threshold: int) -> tuple[str, int]:
    """From domain notes: the first poor rating reopens once; a good rating or the second poor one closes."""
    reopened = 0
    for rating in ratings:
        if rating <= threshold and reopened == 0:
            reopened = 1
            continue
        return "closed", reopened
    return "reopened", reopened


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(1, 5), second=st.integers(1, 5))
def test_rating_rule_matches_the_reference(world, first, second):
    member = f.worker(world)
    item = f.request(world, by=member, status="answered")
    handler = f.clerk(world)
    threshold = 2
    want_status, want_reopened = reference_rating([first, second], threshold)
    item = services.request_rate(actor=f.u(member), request=item, rating=first)
    if item.status == RequestStatus.REOPENED:
        item = services.request_answer(actor=handler, request=item, answer="再次答复")
        item = services.request_rate(actor=f.u(member), request=item, rating=second)
    assert (item.status, item.reopen_count) == (want_status, want_reopened)


def test_rating_is_the_requesters_and_reopen_sets_a_new_deadline(world):
    member = f.worker(world)
    item = f.request(world, by=member, status="answered")
    with pytest.raises(access.NotVisible):
        services.request_rate(actor=f.clerk(world), request=item, rating=1)
    with pytest.raises(ValidationError):
        services.request_rate(actor=f.u(member), request=item, rating=6)
    reopened = services.request_rate(actor=f.u(member), request=item, rating=2, on=MONDAY)
    assert reopened.status == RequestStatus.REOPENED
    assert reopened.due_on == add_working_days(MONDAY, 5)
    with pytest.raises(ValidationError):  # not answered again yet
        services.request_rate(actor=f.u(member), request=reopened, rating=5)


def test_escalation_exactly_once_per_deadline(world):
    item = f.request(world)
    day = item.due_on + timedelta(days=1)
    assert services.requests_escalate(today=item.due_on) == 0
    assert services.requests_escalate(today=day) == 1
    assert services.requests_escalate(today=day + timedelta(days=3)) == 0
    assert RequestEvent.objects.filter(request=item, action="escalate").count() == 1
    assert AuditEvent.objects.filter(action="legal_aid.request_escalate", target_id=str(item.pk)).count() == 1
    # Up the tree: the city's staff see it among the overdue.
    city = world.staff("citystaff", world.city, [str(VIEW_REQUESTS)])
    assert list(selectors.overdue_scope(city).values_list("pk", flat=True)) == [item.pk]
    assert not selectors.overdue_scope(world.staff("sib", world.sibling, [str(VIEW_REQUESTS)])).exists()


def test_anonymous_requesters_steps_audited_without_actor(world):
    member = f.worker(world, name=f.SECRET_NAME)
    item = f.request(world, by=member, anonymous=True, status="answered")
    services.request_rate(actor=f.u(member), request=item, rating=5)
    events = AuditEvent.objects.filter(target_type="legal_aid.workerrequest", target_id=str(item.pk))
    assert {e.action for e in events} >= {"legal_aid.request_submit", "legal_aid.request_rate"}
    for event in events:
        text = f"{event.actor_repr}{event.target_repr}{event.data}{event.changes}"
        assert f.SECRET_NAME not in text
        assert member.phone not in text
        if event.action in ("legal_aid.request_submit", "legal_aid.request_rate"):
            assert event.actor_id is None
    assert not RequestEvent.objects.filter(request=item, actor=f.u(member)).exists()


def test_identity_only_for_handlers_of_an_anonymous_request(world):
    member = f.worker(world, name=f.SECRET_NAME)
    item = f.request(world, by=member, anonymous=True)
    assert selectors.identity(f.clerk(world), item).name == f.SECRET_NAME
    assert selectors.identity(f.clerk(world, world.province), item).visible
    for who in (f.viewer(world), f.viewer(world, world.province)):
        shown = selectors.identity(who, item)
        assert not shown.visible
        assert f.SECRET_NAME not in shown.name
        assert shown.phone == ""
    named = f.request(world, by=f.worker(world, name="公开名"))
    assert selectors.identity(f.viewer(world), named).name == "公开名"


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (24, 16), (10, 20, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_photos_of_an_anonymous_request_are_audited_without_the_requester(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.attachments.services import attachment_add, attachment_open

    member = f.worker(world, name=f.SECRET_NAME)
    hidden = f.request(world, by=member, anonymous=True)
    named = f.request(world, by=member)
    for item in (hidden, named):
        photo = attachment_add(
            actor=f.u(member),
            owner=item,
            upload=SimpleUploadedFile("p.png", _png(), content_type="image/png"),
            purpose="photo",
        )
        attachment_open(actor=f.u(member), attachment=photo)
        events = AuditEvent.objects.filter(action__in=("attachments.add", "attachments.open"), target_id=str(photo.pk))
        assert events.count() == 2
        actors = set(events.values_list("actor_id", flat=True))
        expected: set[int | None] = {None} if item is hidden else {f.u(member).pk}
        assert actors == expected
    # Staff who may only view the request may not add photos to it.
    with pytest.raises(access.Forbidden):
        attachment_add(
            actor=f.viewer(world),
            owner=hidden,
            upload=SimpleUploadedFile("q.png", _png(), content_type="image/png"),
            purpose="photo",
        )


def test_the_requester_is_told_of_an_answer_without_its_text(world):
    from gonghui.notifications.models import Notification

    worker = f.worker(world)
    item = f.request(world, by=worker)
    services.request_answer(actor=f.clerk(world), request=item, answer="经核实，工资已补发")
    [told] = Notification.objects.filter(recipient=f.u(worker), category="legal_aid.requests")
    assert item.number in told.title
    assert "工资已补发" not in told.title + told.body
    assert told.url == f"/legal-aid/requests/{item.pk}/"
