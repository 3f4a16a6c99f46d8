"""Test data for hardship assistance: a member with a portal account, a household, staff, and an application
taken through the real services to any state."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gonghui.accounts.models import User
from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import services
from gonghui.assistance.applications.services import CostInput, Household, IncomeInput, PersonInput
from gonghui.assistance.models import HardshipApplication
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, REVIEW_HARDSHIP, VIEW_HARDSHIP
from gonghui.attachments.services import attachment_add
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.orgs.models import OrgUnit
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.services import case_act, publicity_close

HARDSHIP_STAFF_PERMS = (VIEW_HARDSHIP, MANAGE_HARDSHIP, REVIEW_HARDSHIP, REVEAL_HARDSHIP, "review.view_case")


def household(
    *, income: str = "1800.00", costs: str = "600.00", children: int = 1, cause: str = "illness"
) -> Household:
    people = [PersonInput(name="王兰芳", relation="self", id_number=resident_id(501, female=True), health="慢性肾病")]
    people.append(PersonInput(name="李建平", relation="spouse", health="腰椎损伤，不能重体力劳动"))
    for n in range(children):
        people.append(
            PersonInput(name=f"李小{'一二三四'[n]}", relation="child", schooling="higher", school_name="浙江大学")
        )
    return Household(
        cause=cause,
        cause_note="爱人因伤失去劳动能力，本人患慢性病长期服药。",
        people=people,
        incomes=[IncomeInput(source="wage", amount=income, earner="王兰芳")],
        costs=[CostInput(kind="medical", amount=costs, note="透析自付")] if costs else [],
    )


def image_upload(name: str = "photo.png", *, color: tuple[int, int, int] = (30, 120, 200)) -> SimpleUploadedFile:
    """A small real image, as a phone would upload it."""
    buf = io.BytesIO()
    Image.new("RGB", (48, 36), color).save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


_seq = [0]


def staff(unit: OrgUnit, perms: tuple[str, ...] = HARDSHIP_STAFF_PERMS, name: str = "") -> User:
    _seq[0] += 1
    user = User.objects.create_user(username=f"hs{_seq[0]}", name=name or f"帮扶干事{_seq[0]}", password="x-pass-12345")
    code = "hs-" + str(abs(hash(tuple(sorted(perms)))) % 10**8)
    role, created = Role.objects.get_or_create(code=code, defaults={"name": code})
    if created:
        RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in set(perms)])
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


def worker(unit: OrgUnit, *, phone: str = "13800000001", name: str = "王兰芳") -> Member:
    user = User.objects.filter(username=phone).first() or User.objects.create_user(
        username=phone, phone=phone, name=name
    )
    return MemberFactory.create(unit=unit, user=user, name=name, phone=phone)


@dataclass
class Journey:
    """An application of ``member`` moved by ``clerk`` (visits with ``partner``) and approved by ``reviewer``."""

    member: Member
    clerk: User
    partner: User
    reviewer: User
    county: User
    city: User

    def draft(self, **kwargs: Any) -> HardshipApplication:
        user = User.objects.get(pk=int(self.member.user_id or 0))
        return services.application_create(actor=user, member=self.member, household=household(**kwargs))

    def documented(self, **kwargs: Any) -> HardshipApplication:
        """A draft with the documents its cause requires, uploaded by the worker."""
        application = self.draft(**kwargs)
        user = User.objects.get(pk=int(self.member.user_id or 0))
        for purpose in documents.required_purposes(application):
            attachment_add(actor=user, owner=application, upload=image_upload(f"{purpose}.png"), purpose=purpose)
        return application

    def submitted(self, **kwargs: Any) -> HardshipApplication:
        application = self.documented(**kwargs)
        user = User.objects.get(pk=int(self.member.user_id or 0))
        return services.application_submit(actor=user, application=application)

    def visited(self, **kwargs: Any) -> HardshipApplication:
        application = self.submitted(**kwargs)
        services.visit_record(
            actor=self.clerk,
            application=application,
            visited_on=timezone.localdate(),
            partner=self.partner,
            findings="家中陈设简陋，爱人卧床。",
            income_confirmed=True,
            signed_record=image_upload("调查记录.jpg", color=(240, 240, 230)),
        )
        application.refresh_from_db()
        return application

    def in_publicity(self, **kwargs: Any) -> HardshipApplication:
        application = services.application_send(actor=self.clerk, application=self.visited(**kwargs))
        case = application.review_case
        assert case is not None
        case_act(actor=self.reviewer, case=case, action="approve", expected_version=case.version)
        application.refresh_from_db()
        return application

    def approved(self, **kwargs: Any) -> HardshipApplication:
        application = self.in_publicity(**kwargs)
        case = application.review_case
        assert case is not None
        case.refresh_from_db()
        assert case.status == CaseStatus.IN_PUBLICITY
        ReviewCase.objects.filter(pk=case.pk).update(publicity_ends_on=date(2000, 1, 3))
        case.refresh_from_db()
        publicity_close(actor=self.reviewer, case=case, expected_version=case.version)
        case.refresh_from_db()
        for actor in (self.county, self.city):
            if case.status == CaseStatus.IN_REVIEW:
                case_act(actor=actor, case=case, action="approve", expected_version=case.version)
                case.refresh_from_db()
        application.refresh_from_db()
        return application


def journey(world: Any, *, phone: str = "13800000001") -> Journey:
    """A member of ``world.child`` and staff at each level of the matrix world's tree."""
    return Journey(
        member=worker(world.child, phone=phone),
        clerk=staff(world.child, name="张干事"),
        partner=staff(world.child, name="陈干事"),
        reviewer=staff(world.child, name="基层审核人"),
        county=staff(world.target, name="区审核人"),
        city=staff(world.city, name="市审核人"),
    )
