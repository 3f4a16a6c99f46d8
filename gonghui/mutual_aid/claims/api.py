"""``/api/v1/mutual-aid/claims/``: mutual-aid claims, scoped to ``mutual_aid.view``: list, detail with the calculation
line by line (the rule and plan version of each line), and create (a draft with its invoices, by staff holding
``mutual_aid.manage_claims`` at the member's union; photos and submission on the pages). The member's name is
masked and the health data (patient, illness, hospitals) never appears."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import body_id
from gonghui.members.models import Member
from gonghui.mutual_aid.claims import selectors, services
from gonghui.mutual_aid.models import BenefitKind, Claim, Relation
from gonghui.policy.trace import TraceLine

TAGS = ["mutual-aid"]


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kwargs)


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    version_number = serializers.SerializerMethodField()
    claimed_total = _money()
    computed = _money(allow_null=True)
    amount = _money(allow_null=True)

    class Meta:
        model = Claim
        fields: tuple[str, ...] = (
            "id",
            "claim_no",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "plan",
            "plan_name",
            "version_number",
            "kind",
            "relation",
            "status",
            "on_behalf",
            "event_on",
            "submitted_on",
            "claimed_total",
            "computed",
            "amount",
            "adjust_reason",
            "review_case",
            "decided_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Claim) -> str:
        return mask_name(obj.member.name)

    def get_version_number(self, obj: Claim) -> int | None:
        return obj.version.number if obj.version_id and obj.version else None


class TraceLineSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the line's label, not the field's
    value = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    formula = serializers.CharField(required=False)
    note = serializers.CharField(required=False, help_text="本行依据的给付规则与计划版本")


class ClaimDetailSerializer(ClaimSerializer):
    calculation = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = (*ClaimSerializer.Meta.fields, "calculation")
        read_only_fields = fields

    @extend_schema_field(TraceLineSerializer(many=True))
    def get_calculation(self, obj: Claim) -> list[dict[str, Any]]:
        # Each line's note (its rule and plan version) put together in the caller's language.
        out = []
        for line in (obj.trace or {}).get("lines", []):
            shown = {k: v for k, v in line.items() if k != "note_params"}
            if line.get("note"):
                shown["note"] = TraceLine.from_json(line).note_display
            out.append(shown)
        return out


class InvoiceInputSerializer(serializers.Serializer[Any]):
    invoice_no = serializers.CharField(max_length=40)
    hospital = serializers.CharField(max_length=120)
    issued_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    insurance_paid = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, default=Decimal("0"))
    excluded = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, default=Decimal("0"))
    excluded_items = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClaimCreateSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(min_value=1, help_text="会员 id")
    kind = serializers.ChoiceField(choices=BenefitKind.choices)
    event_on = serializers.DateField()
    relation = serializers.ChoiceField(choices=Relation.choices, default=Relation.SELF)
    patient_name = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    illness_code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    illness = serializers.CharField(max_length=200)
    invoices = InvoiceInputSerializer(many=True, required=False, default=list)


@extend_schema(tags=TAGS)
class ClaimViewSet(viewsets.GenericViewSet[Claim]):
    serializer_class = ClaimSerializer
    lookup_url_kwarg = "claim_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Claim]:
        params = self.request.query_params
        return (
            selectors.claim_list(actor=self.request.user, status=params.get("status", ""), kind=params.get("kind", ""))
            .select_related("plan", "version")
            .order_by("-pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("kind", str, required=False, description="保障责任"),
        ],
        responses={200: ClaimSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        access.require_anywhere(request.user, "mutual_aid.view")
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)

    @extend_schema(responses={200: ClaimDetailSerializer})
    def retrieve(self, request: Request, claim_id: str) -> Response:
        claim = selectors.my_claim_or_none(actor=request.user, claim_id=claim_id) or selectors.claim_get(
            actor=request.user, claim_id=claim_id
        )
        return Response(ClaimDetailSerializer(claim).data)

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimDetailSerializer})
    def create(self, request: Request) -> Response:
        # The member first: not visible 404, no right to file for them 403, before the body's 400.
        member = Member.objects.select_related("unit").filter(pk=body_id(request.data, "member")).first()
        if member is None:
            raise access.NotVisible
        if not (member.user_id is not None and access.is_self(request.user, member.user_id)):
            access.require_action(
                request.user, view_perm="mutual_aid.view", perm="mutual_aid.manage_claims", unit=member.unit
            )
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            claim = services.claim_create(
                actor=request.user,
                member=member,
                data=services.ClaimInput(
                    kind=data["kind"],
                    event_on=data["event_on"],
                    relation=data["relation"],
                    patient_name=data["patient_name"],
                    illness_code=data["illness_code"],
                    illness=data["illness"],
                ),
            )
            for item in data["invoices"]:
                services.invoice_add(actor=request.user, claim=claim, invoice=services.InvoiceInput(**item))
        claim = Claim.objects.select_related("member", "unit", "plan", "version").get(pk=claim.pk)
        return Response(ClaimDetailSerializer(claim).data, status=status.HTTP_201_CREATED)


routes = [("mutual-aid/claims", ClaimViewSet, "mutual-aid-claims")]
urlpatterns: list[Any] = []
