"""Task rows queued before the modules were split into parts name the tasks by their old module paths; a worker
would fail them with an import error. Each old path is rewritten to the task's new home (the functions moved
unchanged). Rows already finished keep their history as it was."""

from django.db import migrations

MOVED = {
    "gonghui.members.tasks.import_validate": "gonghui.members.imports.tasks.import_validate",
    "gonghui.members.tasks.import_run": "gonghui.members.imports.tasks.import_run",
    "gonghui.members.tasks_roster.flag_inactive_members": "gonghui.members.roster.tasks.flag_inactive_members",
    "gonghui.members.tasks_stats.refresh_member_stats": "gonghui.members.stats.tasks.refresh_member_stats",
    "gonghui.finance.tasks.escalate_overdue_rectifications": (
        "gonghui.finance.audits.tasks.escalate_overdue_rectifications"
    ),
}
PENDING = ("READY", "RUNNING")


def forwards(apps, schema_editor):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        task_result.objects.filter(task_path=old, status__in=PENDING).update(task_path=new)


def backwards(apps, schema_editor):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        task_result.objects.filter(task_path=new, status__in=PENDING).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_periodic_run"),
        ("django_tasks_database", "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
