import os

import pytest
from hypothesis import settings

from gonghui.authz.testing import World, build_world

# Property tests assert behaviour, not speed (benchmarks under bench/ measure speed): on a shared 2-core machine a
# single example may take longer than hypothesis' default 200 ms deadline, which would fail a correct test. The
# examples are derandomised so that a red CI run is reproducible (run with --hypothesis-seed to explore further).
#
# On PostgreSQL (the suite's second half) the same properties run with 25 examples each instead of 100, unless a test
# asks for its own number: the properties are the rules' (calculations, quotas, deadlines), checked in full on SQLite,
# and PostgreSQL's own behaviour (locks, constraints under concurrency) has tests of its own. This keeps the two halves
# inside the suite's 20-minute budget.
settings.register_profile("gonghui", deadline=None, derandomize=True)
settings.register_profile("gonghui-postgres", parent=settings.get_profile("gonghui"), max_examples=25)
settings.load_profile("gonghui-postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "gonghui")


@pytest.fixture
def world(db) -> World:
    """The authorization-matrix world (see ``gonghui.authz.testing``)."""
    return build_world()


@pytest.fixture
def chromium():
    """A headless Debian chromium (see ``gonghui.common.testing.browser``)."""
    from gonghui.common.testing.browser import launch_chromium

    yield from launch_chromium()


@pytest.fixture(autouse=True)
def _chinese_after_each_test():
    """A request served in English leaves English active in its thread (the language middleware activates the
    reader's choice per request, as Django's own does): each test starts from, and leaves, the default language."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database is built from the models (``--no-migrations`` in ``pyproject.toml``); what the migrations
    do beyond the schema is done here (see ``tests/database.py``)."""
    if request.config.getvalue("nomigrations"):
        from django.db.models.signals import post_migrate

        from tests.database import run_after_flush, run_at_setup

        with django_db_blocker.unblock():
            run_at_setup()
        # A transactional test empties every table when it ends (``flush``), which then sends ``post_migrate``:
        # what the migrations add is added again for the tests that follow on this database.
        post_migrate.connect(run_after_flush, dispatch_uid="gonghui.tests.database")
