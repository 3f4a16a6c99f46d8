"""Every app registers what it contributes, explicitly, from its ``AppConfig.ready()``."""

from __future__ import annotations

import importlib.util

import pytest
from django.apps import apps

from gonghui.common.contributions import Contributions
from gonghui.common.periodic import JOBS
from gonghui.console.nav import NAV
from gonghui.overview.registry import FIGURES
from gonghui.portal.tiles import TILES


def test_an_app_registering_again_replaces_its_items_and_order_sorts_across_apps():
    reg: Contributions[int] = Contributions("numbers", order=lambda n: n)
    reg.add("b", [5, 1])
    reg.add("a", [3])
    reg.add("b", [2])
    assert reg.items() == (2, 3)
    assert reg.apps() == ("b", "a")


def test_without_order_items_keep_registration_order():
    reg: Contributions[str] = Contributions("words")
    reg.add("x", ["z", "a"])
    reg.add("y", ["m"])
    assert reg.items() == ("z", "a", "m")


def _apps_having(module: str) -> set[str]:
    return {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("gonghui.") and importlib.util.find_spec(f"{config.name}.{module}") is not None
    }


@pytest.mark.parametrize(
    ("module", "registry"),
    [("nav", NAV), ("tiles", TILES), ("schedule", JOBS), ("overview", FIGURES)],
)
def test_every_app_with_contributions_registers_them(module, registry):
    """A ``nav.py`` / ``tiles.py`` / ``schedule.py`` that its app forgot to register would silently drop its
    entries; this guard names the app instead."""
    missing = _apps_having(module) - set(registry.apps()) - {"console", "portal"}
    assert not missing, f"{module}.py not registered in ready() of: {sorted(missing)}"
