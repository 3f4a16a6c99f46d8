"""Re-derive the name keys of existing members (after a change of ``roster.keys``, e.g. issue 12's surname
readings and alternate keys, issue 13's sort key): ``name_pinyin``, ``name_initials``, ``name_sort`` and the
``MemberNameGram`` rows, in batches, one transaction each. Idempotent; safe to run while the site is up (a member
renamed meanwhile is rewritten from its current name). Run once after deploying a release that changes how keys
are derived (``docs/members.md``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.members.models import Member, MemberNameGram
from gonghui.members.roster import keys
from gonghui.members.roster.services import name_gram_rows


class Command(BaseCommand):
    help = "Re-derive members' name pinyin, initials, sort key and search grams (surname readings, alternate keys)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="members per transaction")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        last = 0
        done = changed = 0
        while True:
            with transaction.atomic():
                members = list(
                    Member.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", "name", "name_pinyin", "name_initials", "name_sort", "unit_id")[:batch]
                )
                if not members:
                    break
                for member in members:
                    found = keys.name_keys(member.name)
                    new = (found.pinyin[:128], found.initials[:32], found.sort)
                    if (member.name_pinyin, member.name_initials, member.name_sort) != new:
                        member.name_pinyin, member.name_initials, member.name_sort = new
                        changed += 1
                Member.objects.bulk_update(members, ["name_pinyin", "name_initials", "name_sort"])
                MemberNameGram.objects.filter(member__in=members).delete()
                MemberNameGram.objects.bulk_create([row for m in members for row in name_gram_rows(m)])
            done += len(members)
            last = members[-1].pk
        self.stdout.write(f"{done} members re-derived ({changed} with new pinyin or initials).")
