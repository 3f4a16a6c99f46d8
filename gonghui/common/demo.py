"""What the demo province hands to each module's demo data.

``manage.py seed_demo`` (the ``gonghui.demo`` app) builds the org tree, the staff and the demo worker, then calls
each module's ``demo.seed(world)`` with a :class:`DemoWorld`. A module's demo code imports this type and never the
demo app itself: the demo depends on the modules, not the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoWorld:
    say: Say
    #: Name of the province federation (the root union).
    province: str
    #: Name of the grassroots union where most demo work happens, and of its employer.
    company_union: str
    company: str
    #: The demo worker (a member of ``company_union``), who signs in on the portal with her phone.
    worker_phone: str
    worker_name: str
    #: The demo staff account ``username`` (created on first use with the demo password), holding the given
    #: ``(role code, unit)`` grants, each handed out by the demo administrator through the audited grant service.
    account: Callable[[str, str, Sequence[tuple[str, Any]]], Any]
    #: Grant ``role code`` at ``unit`` to a user, once.
    grant: Callable[[Any, str, Any], None]
