"""JSON API of household files and statistics (read only), over ``assistance.households.selectors``.

``GET /api/v1/assistance/hardship/files/``              files in the caller's subtree (filters ``status``,
                                                        ``category``, ``cause``, ``q``)
``GET /api/v1/assistance/hardship/files/{hardship_file_id}/``    one, with its support items (the payment's status read
                                                        from finance) and annual reviews
``GET /api/v1/assistance/hardship/stats/``              open files by category and cause, money requested and
                                                        paid by item and by period (filters ``unit``, ``year``)

Names are masked; the amounts of support are the union's own spending (not the household's income) and are shown.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.assistance.households import selectors
from gonghui.assistance.models import (
    AnnualReview,
    FileStatus,
    HardshipCategory,
    HardshipCause,
    HouseholdFile,
    LeaveReason,
    ReviewStatus,
    SupportItem,
    SupportKind,
    SupportStatus,
)
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import IntParamField
from gonghui.common.sources import SOURCE_DISPLAY_HELP, source_label
from gonghui.orgs.models import OrgUnit

TAGS = ["assistance"]


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, **kwargs)


class SupportItemSerializer(serializers.ModelSerializer[SupportItem]):
    kind = serializers.ChoiceField(choices=SupportKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    amount = _money(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=SupportStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    child_name = serializers.SerializerMethodField(help_text="受助子女（脱敏）")
    payment = serializers.IntegerField(source="payment_id", allow_null=True, read_only=True, help_text="支付申请 id")
    payment_status = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="财务支付状态（从资金支付读取）：requested/approved/paid…，未申请为空",
    )
    # DRF pops declared fields off the class; the stubs see ``Field.source``.
    source = serializers.CharField(read_only=True, help_text="支付申请的业务来源")  # type: ignore[assignment]
    source_display = serializers.SerializerMethodField(help_text=SOURCE_DISPLAY_HELP)

    class Meta:
        model = SupportItem
        fields = [
            "id",
            "kind",
            "kind_display",
            "form",
            "form_display",
            "period",
            "child_name",
            "amount",
            "description",
            "status",
            "status_display",
            "planned_at",
            "delivered_on",
            "payment",
            "payment_status",
            "source",
            "source_display",
        ]
        read_only_fields = fields

    def get_child_name(self, item: SupportItem) -> str:
        return mask_name(item.child.name) if item.child_id and item.child is not None else ""

    def get_source_display(self, item: SupportItem) -> str:
        return source_label(item.source)


class HardshipAnnualReviewSerializer(serializers.ModelSerializer[AnnualReview]):
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    category = serializers.ChoiceField(choices=HardshipCategory.choices, allow_blank=True, read_only=True)

    class Meta:
        model = AnnualReview
        fields = ["id", "year", "status", "opened_on", "due_on", "category", "completed_on"]
        read_only_fields = fields


class FileSerializer(serializers.ModelSerializer[HouseholdFile]):
    member_name = serializers.SerializerMethodField(help_text="会员姓名（脱敏）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category = serializers.ChoiceField(choices=HardshipCategory.choices, read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    cause = serializers.ChoiceField(choices=HardshipCause.choices, read_only=True)
    cause_display = serializers.CharField(source="get_cause_display", read_only=True)
    status = serializers.ChoiceField(choices=FileStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    leave_reason = serializers.ChoiceField(
        choices=LeaveReason.choices, allow_blank=True, read_only=True, help_text="退出原因（在档为空）"
    )

    class Meta:
        model = HouseholdFile
        fields = [
            "id",
            "file_no",
            "member_name",
            "unit",
            "unit_name",
            "application",
            "category",
            "category_display",
            "cause",
            "cause_display",
            "status",
            "status_display",
            "opened_on",
            "household_size",
            "last_reviewed_on",
            "closed_on",
            "leave_reason",
        ]
        read_only_fields = fields

    def get_member_name(self, file: HouseholdFile) -> str:
        return mask_name(file.member.name)


class FileDetailSerializer(FileSerializer):
    support = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta(FileSerializer.Meta):
        fields = [*FileSerializer.Meta.fields, "support", "reviews"]
        read_only_fields = fields

    @extend_schema_field(SupportItemSerializer(many=True))
    def get_support(self, file: HouseholdFile) -> Any:
        return SupportItemSerializer(self.context["support"], many=True).data

    @extend_schema_field(HardshipAnnualReviewSerializer(many=True))
    def get_reviews(self, file: HouseholdFile) -> Any:
        return HardshipAnnualReviewSerializer(file.reviews.order_by("-year", "-id"), many=True).data


class FileQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(required=False, choices=FileStatus.choices)
    category = serializers.ChoiceField(required=False, choices=HardshipCategory.choices)
    cause = serializers.ChoiceField(required=False, choices=HardshipCause.choices)
    q = serializers.CharField(required=False, max_length=64, help_text="姓名、档案编号或会员编号")


class StatsQuerySerializer(serializers.Serializer[Any]):
    unit = IntParamField(required=False, help_text="组织 id（须在调用者所辖范围内），默认为全部所辖范围")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="帮扶期间所在年度")


class HardshipCountSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class HardshipMoneyRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    requested = _money()
    paid = _money()


class HardshipStatsSerializer(serializers.Serializer[Any]):
    files_open = serializers.IntegerField()
    files_closed = serializers.IntegerField()
    files_by_category = HardshipCountSerializer(many=True)
    files_by_cause = HardshipCountSerializer(many=True)
    money_by_kind = HardshipMoneyRowSerializer(many=True)
    money_by_period = HardshipMoneyRowSerializer(many=True)
    requested_total = _money()
    paid_total = _money()


FILE_EXAMPLE = {
    "id": 3,
    "file_no": "KN330106-2026-0003",
    "member_name": "王*芳",
    "unit": 5,
    "unit_name": "西湖电子科技有限公司工会",
    "application": 12,
    "category": "deep",
    "category_display": "深度困难",
    "cause": "illness",
    "cause_display": "因病",
    "status": "active",
    "status_display": "在档",
    "opened_on": "2026-03-20",
    "household_size": 4,
    "last_reviewed_on": None,
    "closed_on": None,
    "leave_reason": "",
}


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="困难职工档案列表",
        parameters=[FileQuerySerializer],
        examples=[OpenApiExample("档案", value=FILE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="困难职工档案详情",
        description="含帮扶项目（资金项目的支付状态从资金支付读取）和年审。",
        examples=[
            OpenApiExample(
                "档案详情",
                value={
                    **FILE_EXAMPLE,
                    "support": [
                        {
                            "id": 7,
                            "kind": "schooling",
                            "kind_display": "助学",
                            "form": "money",
                            "form_display": "资金",
                            "period": "2026",
                            "child_name": "李*一",
                            "amount": "2000.00",
                            "description": "",
                            "status": "payment_requested",
                            "status_display": "已申请付款",
                            "planned_at": "2026-03-21T10:00:00+08:00",
                            "delivered_on": None,
                            "payment": 41,
                            "payment_status": "paid",
                            "source": "assistance.support:7",
                            "source_display": "困难帮扶 · 帮扶项目 7",
                        }
                    ],
                    "reviews": [],
                },
                response_only=True,
            )
        ],
    ),
)
class FileViewSet(viewsets.ReadOnlyModelViewSet[HouseholdFile]):
    serializer_class = FileSerializer
    lookup_url_kwarg = "hardship_file_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return selectors.file_list(actor=self.request.user)

    def get_serializer_class(self) -> Any:
        return FileDetailSerializer if self.action == "retrieve" else FileSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = FileQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        qs = selectors.file_list(actor=request.user, **params).order_by("-opened_on", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(FileSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, hardship_file_id: str = "", **kwargs: Any) -> Response:
        file = selectors.file_get(actor=request.user, file_id=hardship_file_id)
        support = list(selectors.support_list(actor=request.user, file=file).order_by("-planned_at", "-id"))
        return Response(FileDetailSerializer(file, context={"support": support}).data)


class StatsView(APIView):
    """Statistics of the caller's subtree (or of one unit in it)."""

    @extend_schema(
        tags=TAGS,
        summary="困难帮扶统计",
        description="在档困难职工按类别、致困原因统计；帮扶资金按项目、期间统计已申请与已支付金额（从资金支付读取）。",
        parameters=[StatsQuerySerializer],
        responses={200: HardshipStatsSerializer},
        examples=[
            OpenApiExample(
                "统计",
                value={
                    "files_open": 2,
                    "files_closed": 1,
                    "files_by_category": [{"label": "深度困难", "count": 1}, {"label": "相对困难", "count": 1}],
                    "files_by_cause": [{"label": "因病", "count": 2}],
                    "money_by_kind": [{"label": "助学", "requested": "2000.00", "paid": "2000.00"}],
                    "money_by_period": [{"label": "2026", "requested": "2000.00", "paid": "2000.00"}],
                    "requested_total": "2000.00",
                    "paid_total": "2000.00",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_HARDSHIP)
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        unit = None
        if params.get("unit") is not None:
            unit = OrgUnit.objects.filter(pk=params["unit"]).first()
            if unit is None:
                raise access.NotVisible()
        stats = selectors.hardship_stats(actor=request.user, unit=unit, year=params.get("year"))
        data = {
            "files_open": stats.files_open,
            "files_closed": stats.files_closed,
            "files_by_category": [{"label": label, "count": n} for label, n in stats.files_by_category],
            "files_by_cause": [{"label": label, "count": n} for label, n in stats.files_by_cause],
            "money_by_kind": [{"label": k, "requested": r, "paid": p} for k, r, p in stats.money_by_kind],
            "money_by_period": [{"label": k, "requested": r, "paid": p} for k, r, p in stats.money_by_period],
            "requested_total": stats.requested_total,
            "paid_total": stats.paid_total,
        }
        return Response(HardshipStatsSerializer(data).data)


routes = [("assistance/hardship/files", FileViewSet, "assistance-hardship-files")]
urlpatterns = [path("assistance/hardship/stats/", StatsView.as_view(), name="assistance-hardship-stats")]
