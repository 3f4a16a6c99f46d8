"""A support item's payment request names its source "困难帮扶 · 帮扶项目" and links to the household file for whoever
may see it (``common.sources``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.assistance.applications.tests.factories import journey, staff
from gonghui.assistance.households import services
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import HouseholdFile
from gonghui.common.sources import source_label, source_show
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books

pytestmark = pytest.mark.django_db


def test_the_payment_shows_the_support_item_by_name(world):
    j = journey(world)
    application = j.approved()
    books(world.child)
    file = HouseholdFile.objects.get(application=application)
    item = services.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00")
    )
    services.support_pay(actor=j.clerk, item=item, bank_account="6222021202004567891")
    payment = PaymentRequest.objects.get(source=item.source)
    assert source_label(payment.source) == f"困难帮扶 · 帮扶项目 {item.pk}"
    shown = source_show(payment.source, actor=j.clerk)
    assert shown is not None
    assert shown.known
    assert shown.url == reverse("assistance:file_detail", args=[file.pk]) + f"#support-{item.pk}"
    # Staff of another district see the name but get no link to a file they may not open.
    outsider = staff(world.sibling)
    shown = source_show(payment.source, actor=outsider)
    assert shown is not None
    assert shown.url == ""
    # Any other assistance kind is still named by the module, never "其他业务".
    assert source_label("assistance.other:3").startswith("困难帮扶")  # the app covers kinds without their own entry
