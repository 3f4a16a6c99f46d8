"""The test databases are built from the models, not by running the migrations (``--no-migrations``).

Running the project's migrations took about 50 seconds for each test database (two per engine and run): Django
renders the historical models again for every operation that touches a relation. Building the tables straight from
the models takes a few seconds. The migrations themselves are still run from zero, on both engines, by the tests
that need a database of their own (``members/imports/tests/test_import_kill.py`` migrates a SQLite file and, in the
PostgreSQL half, a fresh PostgreSQL database; ``tests/test_backup_restore.py`` migrates and seeds a fresh
PostgreSQL database), and ``makemigrations --check`` keeps the models and the migrations in step.

What a migration does beyond the schema must then be done here. Each ``RunPython`` of the project's migrations is
listed below: those in :data:`AT_SETUP` run once on each new test database (a row the platform needs, an index
the models cannot declare); those in :data:`NOTHING_ON_AN_EMPTY_DATABASE` change existing rows only (backfills,
copies of old rows), so on a new database they have nothing to do. ``tests/test_database.py``
fails when a migration's ``RunPython`` is in neither list.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.db import connections

# (migration module, function): run with the current models on every new test database.
AT_SETUP: tuple[tuple[str, str], ...] = (
    # PostgreSQL's prefix index on the org tree's path (scope queries); nothing on SQLite.
    ("gonghui.orgs.migrations.0002_path_prefix_index", "create"),
    # The default categories of workers' requests (诉求), which the platform ships with.
    ("gonghui.legal_aid.migrations.0004_requests", "add_categories"),
)

NOTHING_ON_AN_EMPTY_DATABASE: tuple[tuple[str, str], ...] = (
    ("gonghui.common.migrations.0002_task_paths_after_parts", "forwards"),
    ("gonghui.finance.migrations.0009_voucher_attachments_to_kernel", "copy_voucher_attachments"),
    ("gonghui.finance.migrations.0011_audit_files_to_kernel", "copy_audit_files"),
    ("gonghui.members.migrations.0004_join_member_unit_and_returned", "backfill"),
    ("gonghui.members.migrations.0008_search_gram_rank", "backfill"),
    ("gonghui.members.migrations.0013_member_name_sort_key", "backfill"),
)


def run_after_flush(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver: after a transactional test's ``flush`` (which sends the signal once per app),
    do :func:`run_at_setup` again, once (for the ``common`` app's signal)."""
    if getattr(sender, "label", None) == "common":
        run_at_setup(using)


def run_at_setup(alias: str = "default") -> None:
    """Do on the test database ``alias`` what the migrations do beyond the schema (:data:`AT_SETUP`)."""
    editor = _Editor(connections[alias])
    for module, function in AT_SETUP:
        forwards = getattr(importlib.import_module(module), function)
        forwards(apps, editor)


class _Editor:
    """What those functions use of a schema editor (``connection``, ``execute``), without opening one: SQLite
    refuses a schema editor inside a transaction, and a flush's ``post_migrate`` may come inside one."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
