from django.db import migrations


class Migration(migrations.Migration):
    """职工服务: the app's first migration; each part's tables follow in their own migrations."""

    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
