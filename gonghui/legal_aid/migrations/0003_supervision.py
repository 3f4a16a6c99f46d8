# Labour-law supervision notices (劳动法律监督意见书) and their history.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal_aid", "0002_cases"),
        ("orgs", "0002_path_prefix_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SupervisionNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(blank=True, max_length=24, verbose_name="文书编号")),
                ("employer_name", models.CharField(max_length=120, verbose_name="用人单位")),
                ("employer_credit_code", models.CharField(blank=True, max_length=18, verbose_name="统一社会信用代码")),
                ("finding", models.TextField(verbose_name="发现的问题")),
                ("legal_basis", models.TextField(verbose_name="法律依据")),
                ("demand", models.TextField(verbose_name="整改要求")),
                ("issued_on", models.DateField(verbose_name="发出日期")),
                ("reply_due_on", models.DateField(verbose_name="回复期限")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("issued", "待单位回复"),
                            ("replied", "单位已回复"),
                            ("referred", "已提请处理"),
                            ("closed", "已结案"),
                        ],
                        default="issued",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("reply", models.TextField(blank=True, verbose_name="单位回复")),
                ("replied_on", models.DateField(blank=True, null=True, verbose_name="回复日期")),
                ("overdue_at", models.DateTimeField(blank=True, null=True, verbose_name="逾期督办时间")),
                ("referred_to", models.CharField(blank=True, max_length=120, verbose_name="提请机关")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="结案日期")),
                ("closing_note", models.TextField(blank=True, verbose_name="结案说明")),
                ("policy_record_ids", models.JSONField(blank=True, default=list)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.orgunit",
                        verbose_name="发出工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "劳动法律监督意见书",
                "verbose_name_plural": "劳动法律监督意见书",
                "ordering": ["-issued_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="NoticeEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=16, verbose_name="操作")),
                ("from_status", models.CharField(blank=True, max_length=10)),
                ("to_status", models.CharField(max_length=10)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("comment", models.TextField(blank=True)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "notice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="legal_aid.supervisionnotice",
                    ),
                ),
            ],
            options={
                "verbose_name": "监督意见书办理记录",
                "verbose_name_plural": "监督意见书办理记录",
                "ordering": ["at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="supervisionnotice",
            index=models.Index(fields=["status", "reply_due_on"], name="legal_aid_notice_due"),
        ),
    ]
