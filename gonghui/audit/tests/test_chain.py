"""The audit log is append-only and hash-chained: tampering, deletion and insertion are detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from gonghui.audit.chain import GENESIS
from gonghui.audit.models import AuditChainHead, AuditEvent
from gonghui.audit.services import audit_record, diff, snapshot
from gonghui.audit.verify import verify_chain
from gonghui.common.context import request_context
from gonghui.common.models import AppendOnlyError
from gonghui.orgs.permissions import MANAGE_UNIT
from gonghui.orgs.services import unit_update
from gonghui.orgs.tests.factories import OrgUnitFactory


@pytest.fixture
def events(world):
    """Five events written through a real service."""
    actor = world.actor("ancestor", MANAGE_UNIT)
    for i in range(5):
        unit_update(actor=actor, unit=world.target, short_name=f"简称{i}")
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) == 5
    return rows


def test_an_intact_chain_verifies(events):
    result = verify_chain()
    assert result.ok
    assert result.checked == 5
    assert events[0].prev_hash == GENESIS
    for previous, current in zip(events, events[1:], strict=False):
        assert current.prev_hash == previous.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_hash, head.last_event_id) == (events[-1].hash, events[-1].pk)


def test_an_empty_log_verifies(db):
    assert verify_chain().ok
    call_command("audit_verify")


def test_tampering_with_a_row_is_detected_and_named(events):
    victim = events[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action='x' WHERE id=%s", [victim.pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == victim.pk
    assert result.checked == 2
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit_verify")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET changes='{}' WHERE id=%s",
        "UPDATE audit_auditevent SET actor_repr='someone else' WHERE id=%s",
        "UPDATE audit_auditevent SET target_repr='' WHERE id=%s",
    ],
)
def test_any_altered_field_is_detected(events, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql, [events[1].pk])
    assert verify_chain().broken_id == events[1].pk


def test_deleting_a_middle_row_is_detected(events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id=%s", [events[2].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == events[3].pk
    assert "missing" in result.reason
    with pytest.raises(CommandError, match=f"#{events[3].pk}"):
        call_command("audit_verify")


def test_deleting_the_newest_row_is_detected(events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id=%s", [events[-1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == events[-1].pk


def test_recomputed_hashes_do_not_hide_tampering(events):
    """Rewriting a row and its own hash still breaks the link to the next row."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash=%s WHERE id=%s", ["f" * 64, events[1].pk])
    assert verify_chain().broken_id == events[1].pk


def test_the_orm_refuses_to_change_or_delete_events(events):
    event = AuditEvent.objects.get(pk=events[0].pk)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.action = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert verify_chain().ok
    assert AuditEvent.objects.get(pk=event.pk).action == "orgs.unit_rename"


@pytest.mark.django_db(transaction=True)
def test_audit_record_must_run_inside_the_service_transaction():
    unit = OrgUnitFactory.create()
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="orgs.unit_update", target=unit)
    assert not AuditEvent.objects.exists()


def test_audit_record_stores_request_context_and_masks_fields(world):
    actor = world.actor("ancestor", MANAGE_UNIT)
    with request_context(request_id="req-12345678", ip="10.1.2.3"), transaction.atomic():
        event = audit_record(
            actor=actor,
            action="orgs.unit_update",
            target=world.target,
            unit=world.target,
            before={"secret": "old", "name": "a"},
            after={"secret": "new", "name": "b"},
            masked=["secret"],
        )
    assert event.request_id == "req-12345678"
    assert str(event.ip) == "10.1.2.3"
    assert event.changes == {"name": ["a", "b"], "secret": ["***", "***"]}
    assert verify_chain().ok


def test_diff_and_snapshot(world):
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
    assert snapshot(world.child, ["name", "kind"]) == {"name": world.child.name, "kind": "grassroots"}
