"""The public ``/api/v1/member-cards/verify/{token}/``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.members.cards import selectors


class CardVerificationSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["valid", "expired", "revoked", "invalid"])
    masked_name = serializers.CharField(allow_blank=True)
    union = serializers.CharField(allow_blank=True)
    issued = serializers.CharField(allow_blank=True)


class CardVerifyView(APIView):
    """Public: check a member-card token (the QR code's content). Says only valid / expired / revoked / invalid,
    with the masked name and union of a genuine card (from the current record)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: CardVerificationSerializer}, operation_id="member_cards_verify")
    def get(self, request: Request, token: str) -> Response:
        result = selectors.card_verify(token=token)
        data = {
            "state": result.state,
            "masked_name": result.masked_name,
            "union": result.union,
            "issued": result.issued,
        }
        return Response(CardVerificationSerializer(data).data)


urlpatterns = [
    path("member-cards/verify/<str:token>/", CardVerifyView.as_view(), name="member-card-verify"),
]
