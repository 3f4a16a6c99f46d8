"""What members adds to "what is mine" on the portal home: each part's providers, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.members.cards import mine as cards

MINE: list[Any] = [cards.member_card]
