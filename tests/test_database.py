"""The test databases are built from the models (``tests/database.py``): every ``RunPython`` of the
project's migrations must be either done at setup or known to do nothing on a new database."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.db import migrations

import gonghui
from gonghui.legal_aid.models import RequestCategory
from tests.database import AT_SETUP, NOTHING_ON_AN_EMPTY_DATABASE


def _run_python_operations() -> set[tuple[str, str]]:
    found = set()
    root = Path(gonghui.__file__).parent
    for path in sorted(root.glob("*/migrations/0*.py")):
        module = f"gonghui.{path.parent.parent.name}.migrations.{path.stem}"
        for operation in importlib.import_module(module).Migration.operations:
            if isinstance(operation, migrations.RunPython):
                found.add((module, operation.code.__name__))
    return found


def test_every_data_migration_is_accounted_for():
    listed = set(AT_SETUP) | set(NOTHING_ON_AN_EMPTY_DATABASE)
    found = _run_python_operations()
    assert found - listed == set(), "a migration's RunPython is neither run at test setup nor known to be empty"
    assert listed - found == set(), "a listed RunPython is no longer in the migrations"


def test_what_the_migrations_add_is_on_the_test_database(db):
    assert RequestCategory.objects.exists()


def test_a_flush_puts_back_what_the_migrations_add(db):
    from django.core.management.sql import emit_post_migrate_signal

    RequestCategory.objects.all().delete()
    # What ``flush`` does once it has emptied the tables, as a transactional test's teardown runs it.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert RequestCategory.objects.exists()
