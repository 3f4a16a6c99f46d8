"""URL sweep: the console shell's own URL argument (scoped to its URL name, so it needs no other app)."""

from gonghui.authz.testing import World


def _tree_unit(world: World) -> int:
    return world.target.pk  # its children carry CANARY


RESOLVERS = {"console:tree_children:unit_id": _tree_unit}
