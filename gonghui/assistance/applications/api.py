"""JSON API of hardship applications (read only), over ``assistance.applications.selectors``.

``GET /api/v1/assistance/hardship/applications/``                 applications in the caller's subtree (filters
                                                                   ``status``, ``category``, ``cause``, ``q``)
``GET /api/v1/assistance/hardship/applications/{hardship_id}/`` one, with its steps, what is missing, the
                                                                   documents and the decision with its trace
``GET /api/v1/assistance/hardship/decisions/``                    decided applications (approved or not), newest
                                                                   first (filters ``outcome``, ``category``)

Names are masked (``王*芳``); ID numbers, health notes and income never appear. The decision's trace shows the
rules applied (policy values, with their policy records) and the result in full; the household's own figures
(the ``given`` and ``step`` lines: income, costs, the per-capita amount) are shown as ``***``: they are revealed,
audited, on the console page only (``assistance.reveal_hardship``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import selectors
from gonghui.assistance.models import HardshipApplication, HardshipCategory, HardshipCause, HardshipStatus
from gonghui.attachments.serializers import AttachmentSerializer
from gonghui.common.masking import mask_name
from gonghui.policy.trace import TraceLine

TAGS = ["assistance"]
HIDDEN = "***"
PLAIN_ROLES = ("rule", "result")


class HardshipTraceLineSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(
        choices=["given", "rule", "step", "result"], help_text="given 已知数据、rule 适用标准、step 计算、result 结果"
    )
    label = serializers.CharField(source="label_display")  # type: ignore[assignment]
    value = serializers.SerializerMethodField(
        method_name="value_shown", help_text="显示值；家庭自身的数据（given、step）脱敏为 ***"
    )
    formula = serializers.CharField(source="formula_display")
    policy_record = serializers.IntegerField(
        source="policy_record_id", allow_null=True, help_text="适用标准所依据的政策记录 id"
    )

    def value_shown(self, line: TraceLine) -> str:
        return line.value_display if line.role in PLAIN_ROLES else HIDDEN


class HardshipStepSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    state = serializers.ChoiceField(choices=["done", "current", "todo", "stopped"])


class HardshipDocumentGroupSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=list(documents.APPLICATION_PURPOSES))
    label = serializers.CharField()  # type: ignore[assignment]
    required = serializers.BooleanField(help_text="按致困原因必交")  # type: ignore[assignment]
    files = AttachmentSerializer(many=True, read_only=True)


class ApplicationSerializer(serializers.ModelSerializer[HardshipApplication]):
    member_name = serializers.SerializerMethodField(help_text="申请人姓名（脱敏）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.ChoiceField(choices=HardshipStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    cause = serializers.ChoiceField(choices=HardshipCause.choices, read_only=True)
    cause_display = serializers.CharField(source="get_cause_display", read_only=True)
    category = serializers.ChoiceField(choices=HardshipCategory.choices, allow_blank=True, read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    review_case = serializers.IntegerField(source="review_case_id", allow_null=True, read_only=True)

    class Meta:
        model = HardshipApplication
        fields = [
            "id",
            "member_name",
            "unit",
            "unit_name",
            "status",
            "status_display",
            "cause",
            "cause_display",
            "category",
            "category_display",
            "by_member",
            "decided_on",
            "review_case",
            "created_at",
            "submitted_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_member_name(self, application: HardshipApplication) -> str:
        return mask_name(application.member.name)


class ApplicationDetailSerializer(ApplicationSerializer):
    steps = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField(help_text="还需要做的事（含缺少的证明材料）")
    documents = serializers.SerializerMethodField()
    trace = serializers.SerializerMethodField(help_text="认定计算过程")
    policy_record_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    review_comment = serializers.CharField(read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "review_comment", "policy_record_ids", "steps", "missing"]
        fields += ["documents", "trace"]
        read_only_fields = fields

    @extend_schema_field(HardshipStepSerializer(many=True))
    def get_steps(self, application: HardshipApplication) -> Any:
        return HardshipStepSerializer(selectors.application_steps(application), many=True).data

    def get_missing(self, application: HardshipApplication) -> list[str]:
        return selectors.application_missing(application)

    @extend_schema_field(HardshipDocumentGroupSerializer(many=True))
    def get_documents(self, application: HardshipApplication) -> Any:
        return HardshipDocumentGroupSerializer(selectors.application_documents(application), many=True).data

    @extend_schema_field(HardshipTraceLineSerializer(many=True))
    def get_trace(self, application: HardshipApplication) -> Any:
        return HardshipTraceLineSerializer(application.trace_obj.lines, many=True).data


class DecisionSerializer(ApplicationSerializer):
    outcome = serializers.SerializerMethodField(help_text="approved 批准建档、rejected 未批准")
    review_comment = serializers.CharField(read_only=True)
    trace = serializers.SerializerMethodField(help_text="认定计算过程（家庭数据脱敏）")

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "outcome", "review_comment", "trace"]
        read_only_fields = fields

    def get_outcome(self, application: HardshipApplication) -> str:
        return str(application.status)

    @extend_schema_field(HardshipTraceLineSerializer(many=True))
    def get_trace(self, application: HardshipApplication) -> Any:
        return HardshipTraceLineSerializer(application.trace_obj.lines, many=True).data


class ApplicationQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(required=False, choices=HardshipStatus.choices)
    category = serializers.ChoiceField(required=False, choices=HardshipCategory.choices)
    cause = serializers.ChoiceField(required=False, choices=HardshipCause.choices)
    q = serializers.CharField(required=False, max_length=64, help_text="姓名、会员编号或工会名称")


class DecisionQuerySerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        required=False, choices=[(HardshipStatus.APPROVED, "批准"), (HardshipStatus.REJECTED, "未批准")]
    )
    category = serializers.ChoiceField(required=False, choices=HardshipCategory.choices)


LIST_EXAMPLE = OpenApiExample(
    "困难帮扶申请",
    value={
        "id": 12,
        "member_name": "王*芳",
        "unit": 5,
        "unit_name": "西湖电子科技有限公司工会",
        "status": "in_review",
        "status_display": "审核中",
        "cause": "illness",
        "cause_display": "因病",
        "category": "deep",
        "category_display": "深度困难",
        "by_member": True,
        "decided_on": "2026-03-02",
        "review_case": 31,
        "created_at": "2026-03-01T09:30:00+08:00",
        "submitted_at": "2026-03-01T10:02:00+08:00",
        "closed_at": None,
    },
    response_only=True,
)
TRACE_EXAMPLE = [
    {"role": "given", "label": "家庭月收入合计", "value": HIDDEN, "formula": "", "policy_record": None},
    {"role": "rule", "label": "最低生活保障标准（低保）", "value": "1,120.00 元", "formula": "", "policy_record": 4},
    {"role": "result", "label": "认定结果", "value": "深度困难", "formula": "", "policy_record": None},
]
DECISION_EXAMPLE = OpenApiExample(
    "认定结果",
    value={
        **LIST_EXAMPLE.value,
        "status": "approved",
        "status_display": "已批准",
        "outcome": "approved",
        "review_comment": "情况属实，同意建档。",
        "closed_at": "2026-03-20T16:00:00+08:00",
        "trace": TRACE_EXAMPLE,
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="困难帮扶申请列表",
        description="调用者所辖范围内的申请；姓名脱敏，不含证件号、健康与收入。",
        parameters=[ApplicationQuerySerializer],
        examples=[LIST_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="困难帮扶申请详情",
        description="含办理步骤、还需要做的事、证明材料和认定计算过程（家庭数据脱敏）。",
        examples=[
            OpenApiExample(
                "申请详情",
                value={
                    **LIST_EXAMPLE.value,
                    "review_comment": "",
                    "policy_record_ids": [4, 5],
                    "steps": [
                        {"label": "填写申请", "state": "done"},
                        {"label": "入户调查", "state": "done"},
                        {"label": "审核与公示", "state": "current"},
                        {"label": "建档帮扶", "state": "todo"},
                    ],
                    "missing": ["等待逐级审核。"],
                    "documents": [
                        {
                            "purpose": "income",
                            "label": "收入证明（工资单、养老金、补贴等）",
                            "required": True,
                            "files": [],
                        }
                    ],
                    "trace": TRACE_EXAMPLE,
                },
                response_only=True,
            )
        ],
    ),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet[HardshipApplication]):
    serializer_class = ApplicationSerializer
    lookup_url_kwarg = "hardship_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return selectors.application_list(actor=self.request.user)

    def get_serializer_class(self) -> Any:
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = ApplicationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        qs = selectors.application_list(actor=request.user, **params).order_by("-created_at", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ApplicationSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, hardship_id: str = "", **kwargs: Any) -> Response:
        application = selectors.application_get(actor=request.user, application_id=hardship_id)
        return Response(ApplicationDetailSerializer(application).data)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="困难帮扶认定结果",
        description="已办结的申请（批准建档或未批准），按办结时间倒序，含认定计算过程（家庭数据脱敏）。",
        parameters=[DecisionQuerySerializer],
        examples=[DECISION_EXAMPLE],
    ),
)
class DecisionViewSet(viewsets.GenericViewSet[HardshipApplication]):
    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        return selectors.application_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        query = DecisionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        qs = selectors.application_list(actor=request.user, category=params.get("category", ""))
        outcome = params.get("outcome")
        qs = qs.filter(status=outcome) if outcome else qs.filter(status__in=DECIDED)
        page = self.paginate_queryset(qs.order_by("-closed_at", "-id"))
        return self.get_paginated_response(DecisionSerializer(page, many=True).data)


DECIDED = (HardshipStatus.APPROVED, HardshipStatus.REJECTED)

routes = [
    ("assistance/hardship/applications", ApplicationViewSet, "assistance-hardship-applications"),
    ("assistance/hardship/decisions", DecisionViewSet, "assistance-hardship-decisions"),
]
