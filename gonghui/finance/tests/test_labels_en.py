from django.utils import translation

from gonghui.finance.models import PaymentStatus
from gonghui.orgs.models import UnitStatus


def test_cancelled_payments_are_not_dissolved_unions_in_english():
    with translation.override("en"):
        assert str(PaymentStatus.CANCELLED.label) == "Cancelled"
        assert str(UnitStatus.DISSOLVED.label) == "Dissolved"
