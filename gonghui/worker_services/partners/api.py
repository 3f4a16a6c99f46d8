"""``/api/v1/worker-services/partners/``: the benefits partners whose discount is for the caller (a member), read
only; ``/api/v1/worker-services/partner-verifications/``: a partner's verifier checks a member card (``POST`` with the
partner and the card code): valid or not, the masked name and the discount; recorded and audited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.worker_services.models import Partner, Redemption
from gonghui.worker_services.partners import selectors, services

TAGS = ["worker_services"]


class PartnerSerializer(serializers.ModelSerializer[Partner]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Partner
        fields: tuple[str, ...] = (
            "id",
            "name",
            "kind",
            "discount",
            "address",
            "unit_name",
            "valid_from",
            "valid_until",
        )
        read_only_fields = fields


class VerifyInSerializer(serializers.Serializer[Any]):
    partner = serializers.IntegerField(min_value=1)
    code = serializers.CharField(max_length=600, help_text="会员证二维码内容（或其核验地址）")


class RedemptionSerializer(serializers.ModelSerializer[Redemption]):
    discount = serializers.CharField(source="partner.discount", read_only=True)

    class Meta:
        model = Redemption
        fields: tuple[str, ...] = ("id", "partner", "state", "valid", "masked_name", "discount", "at")
        read_only_fields = fields


@extend_schema(tags=TAGS)
class PartnerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Partner]):
    serializer_class = PartnerSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.member_partners(actor=self.request.user)

    @extend_schema(summary="我可享受优惠的商户")
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


@extend_schema(tags=TAGS)
class VerificationViewSet(viewsets.GenericViewSet[Redemption]):
    serializer_class = RedemptionSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]

    def get_queryset(self) -> Any:
        return Redemption.objects.none()

    @extend_schema(
        summary="商户核验会员证",
        request=VerifyInSerializer,
        responses={201: RedemptionSerializer},
        examples=[OpenApiExample("核验", value={"partner": 3, "code": "q1.eyJ..."}, request_only=True)],
    )
    def create(self, request: Request) -> Response:
        body = VerifyInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partner = selectors.my_verifier_partner_get(actor=request.user, partner_id=body.validated_data["partner"])
        redemption = services.redemption_verify(actor=request.user, partner=partner, code=body.validated_data["code"])
        return Response(RedemptionSerializer(redemption).data, status=status.HTTP_201_CREATED)


routes: list[tuple[str, Any, str]] = [
    ("worker-services/partners", PartnerViewSet, "worker-services-partners"),
    ("worker-services/partner-verifications", VerificationViewSet, "worker-services-partner-verifications"),
]
urlpatterns: list[Any] = []
