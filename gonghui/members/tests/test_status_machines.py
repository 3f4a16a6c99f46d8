"""The members' status machines, walked: every move the table holds is made, a few others are refused with the
message the services always gave (the services' own tests cover the event and audit rows of each move)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from gonghui.common.statemachine import StateMachine
from gonghui.members.imports.services import IMPORT_JOB
from gonghui.members.joining.services import JOIN_APPLICATION
from gonghui.members.models import ImportStatus, JoinStatus, MemberStatus, TransferStatus
from gonghui.members.roster.services import MEMBER, REJOIN
from gonghui.members.transfers.services import TRANSFER


def _walk(machine: StateMachine) -> int:
    """Make every move of ``machine``'s table on a fresh object; the number of moves made."""
    moves = 0
    for (status, action), targets in machine.table.items():
        for to in targets:
            obj = SimpleNamespace(status=status)
            assert machine.move(obj, action, to=to) == (status, to)
            assert obj.status == to
            moves += 1
    return moves


def _refused(machine: StateMachine, status: str, action: str) -> ValidationError:
    obj = SimpleNamespace(status=status)
    with pytest.raises(ValidationError) as caught:
        machine.move(obj, action)
    assert obj.status == status
    return caught.value


def test_member_machine():
    assert _walk(MEMBER) == 6
    assert MEMBER.actions_from(MemberStatus.ACTIVE) == {MemberStatus.RETIRED, MemberStatus.LEFT, MemberStatus.DECEASED}
    assert MEMBER.actions_from(MemberStatus.DECEASED) == frozenset()
    left = _refused(MEMBER, MemberStatus.LEFT, MemberStatus.ACTIVE)
    assert left.message_dict == {"status": ["已离会的会员只能通过重新入会恢复会籍。"]}
    back = _refused(MEMBER, MemberStatus.RETIRED, MemberStatus.ACTIVE)
    assert back.message_dict == {"status": ["会员状态不能从“退休”改为“在册”。"]}
    stale = _refused(MEMBER, MemberStatus.ACTIVE, REJOIN)
    assert (stale.messages, stale.code) == (["该会员的状态刚刚发生了变化，请刷新后重试。"], "stale")


def test_join_application_machine():
    assert _walk(JOIN_APPLICATION) == 6
    assert JOIN_APPLICATION.actions_from(JoinStatus.RETURNED) == {"resubmit", "withdraw"}
    for status, action in [
        (JoinStatus.SUBMITTED, "resubmit"),
        (JoinStatus.RETURNED, "approve"),
        (JoinStatus.APPROVED, "withdraw"),
    ]:
        refused = _refused(JOIN_APPLICATION, status, action)
        assert (refused.messages, refused.code) == (["该申请的状态已变化，请刷新页面。"], "stale")


def test_transfer_machine():
    assert _walk(TRANSFER) == 6
    assert TRANSFER.actions_from(TransferStatus.RELEASED) == {
        TransferStatus.ACCEPTED,
        TransferStatus.REJECTED,
        TransferStatus.CANCELLED,
    }
    for status, action in [
        (TransferStatus.REQUESTED, TransferStatus.ACCEPTED),
        (TransferStatus.RELEASED, TransferStatus.RELEASED),
        (TransferStatus.ACCEPTED, TransferStatus.CANCELLED),
    ]:
        refused = _refused(TRANSFER, status, action)
        label = TransferStatus(status).label
        assert refused.messages == [f"该接转当前为“{label}”，不能执行此操作，请刷新页面。"]


def test_import_job_machine():
    # issue 12: every state that is not final can be cancelled (a failed job could not be), a dry run whose worker
    # was lost is started again (recheck), the clean-up closes a job whose file it removed (expire)
    assert _walk(IMPORT_JOB) == 17
    assert IMPORT_JOB.actions_from(ImportStatus.UPLOADED) == {"validate", "fail", "cancel", "recheck", "expire"}
    assert IMPORT_JOB.actions_from(ImportStatus.FAILED) == {"resume", "recheck", "cancel", "expire"}
    assert IMPORT_JOB.actions_from(ImportStatus.DONE) == frozenset()
    started = _refused(IMPORT_JOB, ImportStatus.UPLOADED, "confirm")
    assert (started.messages, started.code) == (["该导入任务当前状态不能开始导入。"], "state")
    resumed = _refused(IMPORT_JOB, ImportStatus.DONE, "resume")
    assert resumed.messages == ["该导入任务当前状态不能开始导入。"]
    cancelled = _refused(IMPORT_JOB, ImportStatus.DONE, "cancel")
    assert (cancelled.messages, cancelled.code) == (["该导入任务当前状态不能取消。"], "state")
