# Idempotency keys of payment requests are unique per paying ledger, not platform-wide (security finding: a
# sibling union could learn or take another union's keys).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0007_voucher_closes_year"),
    ]

    operations = [
        migrations.AlterField(
            model_name="paymentrequest",
            name="idempotency_key",
            field=models.CharField(max_length=120),
        ),
        migrations.AddConstraint(
            model_name="paymentrequest",
            constraint=models.UniqueConstraint(
                fields=("ledger", "idempotency_key"), name="finance_payment_key_per_ledger"
            ),
        ),
    ]
