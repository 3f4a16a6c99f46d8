from django.utils import translation

from gonghui.finance.models import PaymentStatus
from gonghui.orgs.models import UnitStatus


def test_cancelled_payments_are_not_dissolved_unions_in_english():
    with translation.override("en"):
        assert str(PaymentStatus.CANCELLED.label) == "Cancelled"
        assert str(UnitStatus.DISSOLVED.label) == "Dissolved"


def test_balance_sides_are_translated():
    """Issue 13: the trial balance's 借/贷 were shown untranslated in English."""
    from gonghui.finance.templatetags.finance_tags import side_label

    with translation.override("zh-hans"):
        assert side_label("借") == "借"
    with translation.override("en"):
        assert side_label("借") == "Dr"
        assert side_label("贷") == "Cr"
        assert side_label("平") == "Nil"
        assert side_label("?") == "?"
