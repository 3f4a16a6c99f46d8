"""The one shape of a status that changes by action.

Every model whose ``status`` moves by what people do (a review case, a voucher, an audit finding, a member, a
transfer, an import job, ...) declares one :class:`StateMachine`: a table from ``(from status, action)`` to the
statuses that action may lead to. Services move a record only through :meth:`StateMachine.move`, which refuses a
move the table does not hold (with the module's own message) and returns ``(from, to)`` for the event row and the
audit record the service writes in the same transaction::

    VOUCHER = StateMachine.of_actions(
        {"submit": ((DRAFT,), SUBMITTED), "approve": ((SUBMITTED,), APPROVED), ...},
        refusal=lambda status, action: ValidationError(_("凭证当前状态为“%(status)s”，不能执行该操作。") % ...),
    )
    before, after = VOUCHER.move(voucher, "approve")

An action that may lead to several statuses (approving a review case leads to the next step, a publicity or the
final approval) names its target: ``MACHINE.move(case, "approve", to=...)``. The table is data: pages ask
:meth:`actions_from` which buttons to show, and tests walk it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

Refusal = Callable[[str, str], ValidationError]


def _default_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(f"{status} → {action}", code="stale")


class StateMachine:
    """Allowed moves of one status field: ``(from status, action) → {to statuses}``."""

    def __init__(self, table: Mapping[tuple[str, str], Iterable[str]], *, refusal: Refusal = _default_refusal) -> None:
        self.table: dict[tuple[str, str], frozenset[str]] = {
            (str(src), str(action)): frozenset(str(t) for t in targets) for (src, action), targets in table.items()
        }
        if any(not targets for targets in self.table.values()):
            raise ValueError("every move needs at least one target status")
        self.refusal = refusal

    @classmethod
    def of_actions(
        cls, actions: Mapping[str, tuple[Iterable[str], str]], *, refusal: Refusal = _default_refusal
    ) -> StateMachine:
        """From ``{action: (from statuses, to status)}``: each action leads to one status."""
        table = {(src, action): (to,) for action, (sources, to) in actions.items() for src in sources}
        return cls(table, refusal=refusal)

    @classmethod
    def of_moves(cls, moves: Iterable[tuple[str, str]], *, refusal: Refusal = _default_refusal) -> StateMachine:
        """From ``(from status, to status)`` pairs, where the action is named by the status it leads to."""
        return cls({(src, to): (to,) for src, to in moves}, refusal=refusal)

    def allows(self, status: str, action: str) -> bool:
        return (status, action) in self.table

    def actions_from(self, status: str) -> frozenset[str]:
        return frozenset(action for (src, action) in self.table if src == status)

    def targets(self, status: str, action: str) -> frozenset[str]:
        return self.table.get((status, action), frozenset())

    def statuses(self) -> frozenset[str]:
        return frozenset({src for src, _ in self.table} | {t for ts in self.table.values() for t in ts})

    def check(self, status: str, action: str, to: str | None = None) -> str:
        """The status ``action`` leads to from ``status``; ``to`` must be named when the action has several.
        Raises the machine's refusal for a move the table does not hold."""
        targets = self.targets(status, action)
        if not targets or (to is not None and str(to) not in targets):
            raise self.refusal(status, action)
        if to is None:
            if len(targets) != 1:
                raise ValueError(f"{action!r} from {status!r} leads to {sorted(targets)}: name the target")
            (only,) = targets
            return only
        return str(to)

    def move(self, obj: Any, action: str, *, to: str | None = None, field: str = "status") -> tuple[str, str]:
        """Check the move and set ``obj.<field>``; returns ``(from, to)``. The caller saves ``obj`` and writes the
        event and audit rows in its transaction."""
        before = str(getattr(obj, field))
        after = self.check(before, action, to)
        setattr(obj, field, after)
        return before, after
