"""What modules add to the worker's profile page ("我的"): e.g. the membership (union, member number, since when).

A module lists its providers in ``AppConfig.ready()``: ``PROFILE.add(self.label, [membership_block])``; each is
called with the signed-in user and returns a :class:`ProfileBlock` or ``None`` (nothing to show for that user).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class ProfileBlock:
    title: Promise | str
    facts: Sequence[tuple[Promise | str, str]] = field(default_factory=list)
    note: Promise | str = ""  # e.g. how to correct what cannot be edited here
    name: str = ""  # the person's name as the module holds it (the page shows it when the account has none)


ProfileProvider = Callable[[Any], ProfileBlock | None]

PROFILE: Contributions[ProfileProvider] = Contributions("portal profile blocks")


def profile_blocks(user: Any) -> list[ProfileBlock]:
    blocks = []
    for provider in PROFILE.items():
        block = provider(user)
        if block is not None:
            blocks.append(block)
    return blocks
