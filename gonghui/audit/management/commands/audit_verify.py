from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit event hash chain; exit non-zero naming the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"audit chain broken at event #{result.broken_id}: {result.reason} "
                f"({result.checked} rows verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {result.checked} events verified"))
