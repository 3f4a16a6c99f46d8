# Legal aid cases (法律援助): the lawyers' roster, the cases, their progress and history.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal_aid", "0001_initial"),
        ("members", "0013_member_name_sort_key"),
        ("orgs", "0002_path_prefix_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Lawyer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, verbose_name="姓名")),
                ("firm", models.CharField(max_length=120, verbose_name="律师事务所")),
                ("licence_no", models.CharField(max_length=17, verbose_name="执业证号")),
                ("phone", models.CharField(max_length=20, verbose_name="联系电话")),
                ("specialties", models.JSONField(blank=True, default=list, verbose_name="擅长领域")),
                ("active", models.BooleanField(default=True, verbose_name="在册")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.orgunit",
                        verbose_name="所属工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "援助律师",
                "verbose_name_plural": "援助律师",
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="LegalAidCase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(blank=True, max_length=24, verbose_name="案件编号")),
                (
                    "channel",
                    models.CharField(
                        choices=[("portal", "网上申请"), ("hotline", "12351 热线"), ("visit", "来访")],
                        max_length=10,
                        verbose_name="申请渠道",
                    ),
                ),
                ("applicant_name", models.CharField(max_length=64, verbose_name="申请人")),
                ("applicant_phone", models.CharField(blank=True, max_length=20, verbose_name="联系电话")),
                ("id_cipher", models.TextField(blank=True)),
                ("id_masked", models.CharField(blank=True, max_length=32, verbose_name="证件号码")),
                ("employer_name", models.CharField(max_length=120, verbose_name="用人单位")),
                (
                    "dispute_kind",
                    models.CharField(
                        choices=[
                            ("wages", "拖欠工资"),
                            ("dismissal", "解除劳动关系与经济补偿"),
                            ("contract", "劳动合同订立与履行"),
                            ("social_insurance", "社会保险"),
                            ("injury", "工伤待遇"),
                            ("hours", "加班与休息休假"),
                            ("other", "其他劳动争议"),
                        ],
                        max_length=20,
                        verbose_name="争议类型",
                    ),
                ),
                (
                    "claim_amount",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="诉求金额（元）"
                    ),
                ),
                ("facts_cipher", models.TextField(verbose_name="争议事实（密文）")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "待审查"),
                            ("accepted", "已受理待指派律师"),
                            ("assigned", "承办中"),
                            ("closed", "已结案"),
                            ("rejected", "不予援助"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="applied",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("consultation", "法律咨询"),
                            ("mediation", "调解"),
                            ("arbitration", "劳动仲裁"),
                            ("litigation", "诉讼"),
                        ],
                        max_length=14,
                        verbose_name="办理阶段",
                    ),
                ),
                ("applied_on", models.DateField(verbose_name="申请日期")),
                ("decision_due_on", models.DateField(verbose_name="审查期限")),
                ("eligible", models.BooleanField(default=False, verbose_name="符合援助条件")),
                ("trace", models.JSONField(blank=True, default=dict)),
                ("policy_record_ids", models.JSONField(blank=True, default=list)),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="审查决定日期")),
                ("decision_reason", models.TextField(blank=True, verbose_name="审查意见")),
                ("assign_due_on", models.DateField(blank=True, null=True, verbose_name="指派期限")),
                ("assigned_on", models.DateField(blank=True, null=True, verbose_name="指派日期")),
                ("arbitration_accepted_on", models.DateField(blank=True, null=True, verbose_name="仲裁受理日期")),
                ("arbitration_due_on", models.DateField(blank=True, null=True, verbose_name="仲裁审理期限")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("supported", "仲裁或判决支持"),
                            ("partly", "部分支持"),
                            ("settled", "调解或和解结案"),
                            ("not_supported", "未获支持"),
                            ("dropped", "职工撤回或终止"),
                        ],
                        max_length=14,
                        verbose_name="结案结果",
                    ),
                ),
                (
                    "amount_recovered",
                    models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name="挽回金额（元）"),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="结案日期")),
                ("closing_note", models.TextField(blank=True, verbose_name="结案说明")),
                (
                    "rating",
                    models.CharField(
                        blank=True,
                        choices=[("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")],
                        max_length=12,
                        verbose_name="职工评价",
                    ),
                ),
                ("rated_at", models.DateTimeField(blank=True, null=True)),
                ("decision_escalated_at", models.DateTimeField(blank=True, null=True, verbose_name="审查逾期督办时间")),
                ("assign_escalated_at", models.DateTimeField(blank=True, null=True, verbose_name="指派逾期督办时间")),
                (
                    "arbitration_escalated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="仲裁超期提示时间"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "filed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "lawyer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="legal_aid.lawyer",
                        verbose_name="承办律师",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.member",
                        verbose_name="会员",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.orgunit",
                        verbose_name="受理工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "法律援助案件",
                "verbose_name_plural": "法律援助案件",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CaseProgress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("consultation", "法律咨询"),
                            ("mediation", "调解"),
                            ("arbitration", "劳动仲裁"),
                            ("litigation", "诉讼"),
                        ],
                        max_length=14,
                        verbose_name="办理阶段",
                    ),
                ),
                ("on", models.DateField(verbose_name="日期")),
                ("note", models.TextField(verbose_name="进展情况")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
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
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="legal_aid.legalaidcase",
                    ),
                ),
            ],
            options={
                "verbose_name": "案件进展",
                "verbose_name_plural": "案件进展",
                "ordering": ["on", "id"],
            },
        ),
        migrations.CreateModel(
            name="CaseEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=20, verbose_name="操作")),
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
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="legal_aid.legalaidcase"
                    ),
                ),
            ],
            options={
                "verbose_name": "法律援助办理记录",
                "verbose_name_plural": "法律援助办理记录",
                "ordering": ["at", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="lawyer",
            constraint=models.UniqueConstraint(fields=("unit", "licence_no"), name="legal_aid_lawyer_licence_once"),
        ),
        migrations.AddIndex(
            model_name="legalaidcase",
            index=models.Index(fields=["unit", "status"], name="legal_aid_case_unit_status"),
        ),
        migrations.AddIndex(
            model_name="legalaidcase",
            index=models.Index(fields=["status", "decision_due_on"], name="legal_aid_case_decision_due"),
        ),
        migrations.AddIndex(
            model_name="legalaidcase",
            index=models.Index(fields=["status", "assign_due_on"], name="legal_aid_case_assign_due"),
        ),
    ]
