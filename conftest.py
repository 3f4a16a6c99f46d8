import pytest

from gonghui.authz.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    """The authorization-matrix world (see ``gonghui.authz.testing``)."""
    return build_world()


@pytest.fixture
def chromium():
    """A headless Debian chromium (see ``gonghui.common.testing.browser``)."""
    from gonghui.common.testing.browser import launch_chromium

    yield from launch_chromium()
