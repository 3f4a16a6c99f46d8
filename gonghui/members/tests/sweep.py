"""URL sweep resolvers of the member roster: each part's ``<part>/tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.members.cards.tests import sweep as cards
from gonghui.members.imports.tests import sweep as imports
from gonghui.members.joining.tests import sweep as joining
from gonghui.members.roster.tests import sweep as roster
from gonghui.members.stats.tests import sweep as stats
from gonghui.members.transfers.tests import sweep as transfers

RESOLVERS: dict[str, Any] = {
    **roster.RESOLVERS,
    **imports.RESOLVERS,
    **joining.RESOLVERS,
    **cards.RESOLVERS,
    **transfers.RESOLVERS,
    **stats.RESOLVERS,
}
PUBLIC: set[str] = {*roster.PUBLIC, *imports.PUBLIC, *joining.PUBLIC, *cards.PUBLIC, *transfers.PUBLIC, *stats.PUBLIC}
SIGNED_IN: set[str] = {
    *roster.SIGNED_IN,
    *imports.SIGNED_IN,
    *joining.SIGNED_IN,
    *cards.SIGNED_IN,
    *transfers.SIGNED_IN,
    *stats.SIGNED_IN,
}
