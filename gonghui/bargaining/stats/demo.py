"""Nothing of its own to seed: the demo agreements are cases taken to their later stages by
``negotiations/demo.py`` (one model holds the case and the agreement), and the statistics read them."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    return None
