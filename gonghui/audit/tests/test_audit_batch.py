"""``audit_record_many``: a batch of events is appended to the same hash chain as single events, with the same row
fields, and verifies; tampering with one event of a batch is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from gonghui.audit.chain import GENESIS
from gonghui.audit.models import AuditChainHead, AuditEvent
from gonghui.audit.services import AuditSpec, audit_record, audit_record_many
from gonghui.audit.verify import verify_chain
from gonghui.common.context import request_context
from gonghui.orgs.permissions import MANAGE_UNIT
from gonghui.orgs.tests.factories import OrgUnitFactory

COMPARED = [
    "actor_id",
    "actor_repr",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "unit_id",
    "changes",
    "data",
    "request_id",
    "ip",
]


def _spec(world, i: int) -> AuditSpec:
    return AuditSpec(
        action="orgs.unit_update",
        target=world.target,
        unit=world.target,
        before={"name": "旧", "secret": "a"},
        after={"name": f"新{i}", "secret": "b"},
        masked=["secret"],
        data={"i": i},
    )


@pytest.fixture
def batch(world):
    """Two single events, a batch of five, one single event after it."""
    actor = world.actor("ancestor", MANAGE_UNIT)
    with transaction.atomic():
        for i in range(2):
            audit_record(actor=actor, action="orgs.unit_update", target=world.target, data={"single": i})
    with transaction.atomic():
        created = audit_record_many(actor=actor, events=[_spec(world, i) for i in range(5)])
    with transaction.atomic():
        audit_record(actor=actor, action="orgs.unit_update", target=world.target, data={"single": 2})
    return created


def test_a_batch_is_chained_in_order_and_verifies(batch):
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) == 8
    assert [r.pk for r in rows[2:7]] == [e.pk for e in batch]
    assert rows[0].prev_hash == GENESIS
    for previous, current in zip(rows, rows[1:], strict=False):
        assert current.prev_hash == previous.hash
    assert [r.data for r in rows[2:7]] == [{"i": i} for i in range(5)]
    result = verify_chain()
    assert result.ok
    assert result.checked == 8
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_hash, head.last_event_id) == (rows[-1].hash, rows[-1].pk)
    call_command("audit_verify")


def test_the_head_after_a_batch_points_at_its_last_event(world):
    actor = world.actor("ancestor", MANAGE_UNIT)
    with transaction.atomic():
        created = audit_record_many(actor=actor, events=[_spec(world, i) for i in range(3)])
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_hash, head.last_event_id) == (created[-1].hash, created[-1].pk)
    assert created[0].prev_hash == GENESIS
    assert all(e.pk is not None for e in created)


@pytest.mark.parametrize("position", [0, 2, 4])
def test_tampering_with_one_event_of_a_batch_is_detected(batch, position):
    victim = batch[position]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data='{}' WHERE id=%s", [victim.pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == victim.pk
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit_verify")


def test_deleting_an_event_inside_a_batch_is_detected(batch):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id=%s", [batch[1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == batch[2].pk


def test_batch_rows_have_the_same_fields_as_single_events(world):
    actor = world.actor("ancestor", MANAGE_UNIT)
    with request_context(request_id="req-batch-1", ip="10.9.8.7"), transaction.atomic():
        single = audit_record(
            actor=actor,
            action="orgs.unit_update",
            target=world.target,
            unit=world.target,
            before={"name": "旧", "secret": "a"},
            after={"name": "新0", "secret": "b"},
            masked=["secret"],
            data={"i": 0},
        )
        (many,) = audit_record_many(actor=actor, events=[_spec(world, 0)])
    single.refresh_from_db()
    many.refresh_from_db()
    assert {f: getattr(many, f) for f in COMPARED} == {f: getattr(single, f) for f in COMPARED}
    assert many.changes == {"name": ["旧", "新0"], "secret": ["***", "***"]}
    assert many.request_id == "req-batch-1"
    assert many.prev_hash == single.hash


def test_unit_id_stands_for_the_unit_and_explicit_targets_are_kept(world):
    actor = world.actor("ancestor", MANAGE_UNIT)
    with transaction.atomic():
        (event,) = audit_record_many(
            actor=actor,
            events=[
                AuditSpec(
                    action="orgs.unit_update",
                    target_type="orgs.orgunit",
                    target_id=world.target.pk,
                    target_repr="x" * 300,
                    unit_id=world.target.pk,
                )
            ],
        )
    event.refresh_from_db()
    assert (event.unit_id, event.target_id, len(event.target_repr)) == (world.target.pk, str(world.target.pk), 200)
    assert verify_chain().ok


def test_an_empty_batch_writes_nothing(world):
    with transaction.atomic():
        assert audit_record_many(actor=None, events=[]) == []
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_audit_record_many_must_run_inside_the_service_transaction():
    unit = OrgUnitFactory.create()
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record_many(actor=None, events=[AuditSpec(action="orgs.unit_update", target=unit)])
    assert not AuditEvent.objects.exists()
