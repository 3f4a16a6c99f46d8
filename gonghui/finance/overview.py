"""Money paid by module on the one-screen overview (``gonghui.overview.registry``): payments made this calendar
year from the books of the unit's subtree, summed by the app their business source belongs to (one grouped
aggregate, ``payments.selectors.paid_by_app``), and the total. Each figure links to the paid payments of the
subtree; a module is named by its app's name."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import paid_by_app
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource, Group, Kind
from gonghui.overview.waits import unit_url


def _app_name(label: str) -> str:
    config = next((c for c in apps.get_app_configs() if c.label == label), None)
    return str(config.verbose_name) if config is not None else label


def figures(unit: OrgUnit) -> list[Figure]:
    today = timezone.localdate()
    paid = paid_by_app(unit=unit, since=today.replace(month=1, day=1), until=today)
    url = unit_url(reverse("finance:payment_list"), unit.pk, status=PaymentStatus.PAID)
    total = sum(paid.values(), Decimal("0.00"))
    out = [Figure("total", _("本年已支付合计"), total, kind=Kind.YUAN, url=url)]
    for app in sorted(paid, key=lambda a: (-paid[a], a)):
        out.append(Figure(app, _app_name(app), paid[app], kind=Kind.YUAN, url=url))
    return out


FIGURES = [FigureSource(code="finance.paid", title=_("本年资金支付"), compute=figures, group=Group.MONEY, order=10)]
