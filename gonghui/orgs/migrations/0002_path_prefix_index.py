"""A prefix-search index on the materialized path for PostgreSQL.

Every scope check is ``path LIKE 'prefix%'``. The unique index treebeard creates uses the database collation,
which PostgreSQL cannot use for ``LIKE`` unless the collation is ``C``; ``varchar_pattern_ops`` can.
SQLite uses its own index for prefix ``LIKE`` via ``case_sensitive_like``-free ``GLOB``-style range scans,
so nothing is needed there.
"""

from django.db import migrations

INDEX = "orgs_orgunit_path_prefix_idx"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON orgs_orgunit (path varchar_pattern_ops)")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
