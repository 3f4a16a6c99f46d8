"""JSON API of the member roster, over ``members.selectors`` / ``members.services``.

``GET/POST   /api/v1/members/``               members in the caller's scope (one search box ``q`` and the filters of
                                              the console page); POST enrols a member at ``unit``
``GET/PATCH  /api/v1/members/{member_id}/``

Serializers expose the masked ID number and phone only; the full number is never part of a response here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from gonghui.api.fields import ChoiceLabelField
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import IntParamField, body_id, int_param
from gonghui.members.models import Gender, GigType, IdType, Member, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster import selectors, services
from gonghui.orgs.models import Employer, OrgUnit

TAGS = ["members"]


class MemberSerializer(serializers.ModelSerializer[Member]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    id_number_masked = serializers.CharField(source="id_masked", read_only=True, help_text="脱敏证件号码")
    phone_masked = serializers.CharField(source="masked_phone", read_only=True, help_text="脱敏手机号")
    gender_display = ChoiceLabelField(source="gender")
    status_display = ChoiceLabelField(source="status")
    gig_type_display = ChoiceLabelField(source="gig_type")

    class Meta:
        model = Member
        fields = [
            "id",
            "member_no",
            "name",
            "gender",
            "gender_display",
            "birth_date",
            "ethnicity",
            "id_type",
            "id_number_masked",
            "phone_masked",
            "education",
            "employer",
            "employer_name",
            "job",
            "household_type",
            "political_status",
            "gig_type",
            "gig_type_display",
            "gig_platform",
            "unit",
            "unit_name",
            "joined_on",
            "status",
            "status_display",
            "status_changed_on",
            "source",
            "inactive_flagged_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MemberListSerializer(serializers.ModelSerializer[Member]):
    """One row of the list (what a result list shows; every other field is on ``GET /members/{member_id}/``)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    id_number_masked = serializers.CharField(source="id_masked", read_only=True, help_text="脱敏证件号码")
    phone_masked = serializers.CharField(source="masked_phone", read_only=True, help_text="脱敏手机号")
    # a plain string here: a second component with the status enum would make drf-spectacular rename it
    status = serializers.CharField(read_only=True, help_text="active 在册、retired 退休、left 已离会、deceased 已故")

    class Meta:
        model = Member
        fields = [
            "id",
            "member_no",
            "name",
            "gender",
            "birth_date",
            "id_number_masked",
            "phone_masked",
            "gig_type",
            "unit",
            "unit_name",
            "joined_on",
            "status",
        ]
        read_only_fields = fields


LIST_COLUMNS = (
    "id",
    "member_no",
    "name",
    "name_pinyin",
    "gender",
    "birth_date",
    "id_masked",
    "phone",
    "gig_type",
    "unit_id",
    "unit__name",
    "joined_on",
    "status",
)


class NoCountPagination(PageNumberPagination):
    """Page-number pages without ``COUNT(*)``: one row more than the page tells whether a next page exists
    (counting every match of a search over a million members costs as much as finding the page)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = self.base = request
        size = self.get_page_size(request) or self.page_size
        raw = request.query_params.get(self.page_query_param, "1")
        number = int_param(raw, max_value=10**9) or 0
        if number < 1:
            raise NotFound(_("无效的页码。"))
        rows = list(queryset[(number - 1) * size : number * size + 1])
        self.number, self.has_more = number, len(rows) > size
        return rows[:size]

    def get_next_link(self) -> str | None:
        if not self.has_more:
            return None
        return replace_query_param(self.base.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number <= 1:
            return None
        url = self.base.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "has_more": self.has_more,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["required"] = ["has_more", "results"]
        out["properties"].pop("count", None)
        out["properties"]["has_more"] = {"type": "boolean", "description": "是否还有下一页（不统计总数）"}
        return out


class MemberFieldsSerializer(serializers.Serializer[Any]):
    """Editable fields; the service validates the ID number, phone and one-membership rule (errors in Chinese)."""

    name = serializers.CharField(max_length=64, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    ethnicity = serializers.CharField(max_length=16, required=False, allow_blank=True)
    education = serializers.CharField(max_length=16, required=False, allow_blank=True)
    employer = IntParamField(required=False, allow_null=True, help_text="用人单位 id")
    employer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    job = serializers.CharField(max_length=64, required=False, allow_blank=True)
    household_type = serializers.CharField(max_length=16, required=False, allow_blank=True)
    political_status = serializers.CharField(max_length=16, required=False, allow_blank=True)
    gig_type = serializers.ChoiceField(choices=GigType.choices, required=False, allow_blank=True)
    gig_platform = serializers.CharField(max_length=64, required=False, allow_blank=True)
    joined_on = serializers.DateField(required=False)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=40, required=False, help_text="修改证件号码需要“查看完整证件号码”权限")


class MemberCreateSerializer(MemberFieldsSerializer):
    unit = IntParamField(help_text="所在工会 id")
    name = serializers.CharField(max_length=64)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.RESIDENT)
    id_number = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=20, allow_blank=True, default="")
    joined_on = serializers.DateField()


class MemberQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        max_length=64,
        help_text="姓名（含两个字的片段）、全拼、首字母、手机尾号（4位以上）或证件号后4-6位；"
        "少于两个字符（尾号少于4位数字）时不返回结果",
    )
    status = serializers.ChoiceField(required=False, choices=MemberStatus.choices)
    gender = serializers.ChoiceField(required=False, choices=Gender.choices)
    age_band = serializers.ChoiceField(required=False, choices=list(selectors.AGE_BANDS))
    gig_type = serializers.ChoiceField(
        required=False,
        choices=[selectors.ANY_GIG, "none", *[v for v in GigType.values if v]],
        help_text="any：全部新就业形态；none：非新就业形态",
    )
    joined_from = serializers.DateField(required=False)
    joined_to = serializers.DateField(required=False)
    unit = IntParamField(required=False, help_text="只列出该工会及其下级工会的会员")
    flagged = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="疑似失联标记")
    sort = serializers.ChoiceField(required=False, choices=list(selectors.SORTS))


def _employer(actor: Actor, employer_id: int | None) -> Employer | None:
    if employer_id is None:
        return None
    employer = Employer.objects.select_related("unit").filter(pk=employer_id).first()
    if employer is None or not access.check(actor, VIEW_MEMBER, employer.unit):
        raise ValidationError({"employer": _("未找到该用人单位。")})
    return employer


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="会员列表（搜索、筛选）",
        description="每页不统计总数：has_more / next 表示是否还有下一页。列表行只含常用字段，其余字段见会员详情。",
        parameters=[MemberQuerySerializer],
        responses={200: MemberListSerializer(many=True)},
    ),
    retrieve=extend_schema(tags=TAGS, summary="会员详情"),
    create=extend_schema(
        tags=TAGS, summary="登记会员", request=MemberCreateSerializer, responses={201: MemberSerializer}
    ),
    partial_update=extend_schema(
        tags=TAGS, summary="修改会员信息", request=MemberFieldsSerializer, responses={200: MemberSerializer}
    ),
)
class MemberViewSet(viewsets.GenericViewSet[Member]):
    serializer_class = MemberSerializer
    pagination_class = NoCountPagination
    lookup_url_kwarg = "member_id"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.member_list(actor=self.request.user)

    def _one(self, member: Member, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.member_get(actor=self.request.user, member_id=member.pk)
        return Response(MemberSerializer(fresh).data, status=code)

    def list(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_MEMBER)
        query = MemberQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        qs = selectors.member_list(
            actor=request.user,
            q=params.get("q", ""),
            status=params.get("status", ""),
            gender=params.get("gender", ""),
            age_band=params.get("age_band", ""),
            gig_type=params.get("gig_type", ""),
            joined_from=params.get("joined_from"),
            joined_to=params.get("joined_to"),
            unit_id=params.get("unit"),
            flagged=params.get("flagged"),
            sort=params.get("sort", ""),
        ).only(*LIST_COLUMNS)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MemberListSerializer(page, many=True).data)

    def retrieve(self, request: Request, member_id: str) -> Response:
        return Response(MemberSerializer(selectors.member_get(actor=request.user, member_id=member_id)).data)

    def create(self, request: Request) -> Response:
        # The permission on the union comes before the body (404 / 403 before 400).
        access.require_anywhere(request.user, MANAGE_MEMBER)
        unit = OrgUnit.objects.filter(pk=body_id(request.data, "unit")).first()
        if unit is None:
            raise access.NotVisible
        access.require_action(request.user, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=unit)
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        values.pop("unit")
        values["employer"] = _employer(request.user, values.pop("employer", None))
        member = services.member_create(actor=request.user, unit=unit, **values)
        return self._one(member, code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, member_id: str) -> Response:
        member = selectors.member_get(actor=request.user, member_id=member_id)
        access.require(request.user, MANAGE_MEMBER, member.unit)  # 403 before the body's 400
        data = MemberFieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        if "employer" in values:
            values["employer"] = _employer(request.user, values["employer"])
        member = services.member_update(actor=request.user, member=member, **values)
        return self._one(member)


routes = [("members", MemberViewSet, "members")]
