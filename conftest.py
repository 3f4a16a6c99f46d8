import pytest

from gonghui.authz.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    """The authorization-matrix world (see ``gonghui.authz.testing``)."""
    return build_world()
