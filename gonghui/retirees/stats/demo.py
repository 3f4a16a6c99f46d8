from __future__ import annotations

from gonghui.common.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    return None
