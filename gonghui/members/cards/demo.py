"""Demo data of member cards: the demo worker shows her electronic member card right after signing in."""

from __future__ import annotations

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.cards.services import card_issue_for
from gonghui.members.models import Member
from gonghui.members.models.joining import MemberCard


def seed(world: DemoWorld) -> None:
    member = Member.objects.filter(phone=world.worker_phone).first()
    if member is not None and not MemberCard.objects.filter(member=member, revoked_at__isnull=True).exists():
        with transaction.atomic():
            card_issue_for(member, actor=User.objects.get(username="admin"))
