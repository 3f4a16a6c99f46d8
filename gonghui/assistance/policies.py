"""Policy keys of assistance: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations
