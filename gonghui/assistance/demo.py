"""Demo data of assistance: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

# -- hardship assistance: applications at every step, household files with support, review and closing --
from gonghui.assistance.applications import demo as hardship_applications
from gonghui.assistance.households import demo as hardship_files
from gonghui.common.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    applications = hardship_applications.seed(world)
    hardship_files.seed(world, applications)

    # critical-illness relief (大病救助)
    from gonghui.assistance.relief import demo as relief_demo

    relief_demo.seed(world)
    # campaigns (送温暖、金秋助学)
    from gonghui.assistance.campaigns import demo as campaigns_demo

    campaigns_demo.seed(world)
