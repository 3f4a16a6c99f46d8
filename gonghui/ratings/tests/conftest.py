import pytest

from gonghui.ratings.tests import factories


@pytest.fixture(autouse=True)
def rateable():
    """The ratings tests' own rateable kind, registered for each test and removed after it."""
    factories.register()
    yield factories.TEST_KIND
    factories.unregister()
