"""The real-name member roster (会员实名制).

One person, one membership: a ``Member`` row is a person's membership, identified platform-wide by the keyed
blind index of their document number (``id_bidx``, unique). The row moves between unions on transfer (接转) and
keeps its history in ``MemberEvent``; a member who left and joins again gets the same row back.

Personal data: the document number is stored only encrypted (``id_cipher``, AES-GCM, ``gonghui.common.crypto``),
with a blind index for exact lookups and keyed digests of its last 4, 5 and 6 characters for tail search; the
masked form (``330***********123X``) is kept for display. A database dump holds no full ID number.

Search keys are derived on write (never in ``save()``: the roster services and the importer compute them):
``name_pinyin`` (``wanglanfang``), ``name_initials`` (``wlf``), ``phone_rev`` (the phone reversed, so that a
phone suffix is an indexed prefix match) and ``MemberNameGram`` rows (the name's character bigrams: trigram
indexes cannot serve a two-character Chinese substring, an exact bigram lookup can).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.common.identity import Gender, IdType
from gonghui.common.models import AppendOnlyModel


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    RETIRED = "retired", _("退休")
    LEFT = "left", _("已离会")
    DECEASED = "deceased", _("已故")


class GigType(models.TextChoices):
    NONE = "", _("非新就业形态")
    RIDER = "rider", _("网约配送员（外卖骑手）")
    COURIER = "courier", _("快递员")
    RIDE_HAIL = "ride_hail", _("网约车司机")
    TRUCK = "truck", _("货车司机")
    DOMESTIC = "domestic", _("家政服务员")
    OTHER = "other", _("其他新就业形态")


class MemberSource(models.TextChoices):
    CONSOLE = "console", _("工作台录入")
    IMPORT = "import", _("批量导入")
    ONLINE = "online", _("网上入会")


class Member(models.Model):
    # No index of its own: ``members_unit_status_idx`` and ``members_unit_name_idx`` lead with ``unit``.
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("门户账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership",
    )
    member_no = models.CharField(_("会员编号"), max_length=24)
    name = models.CharField(_("姓名"), max_length=64)
    name_pinyin = models.CharField(max_length=128)
    name_initials = models.CharField(max_length=32)
    name_sort = models.CharField(max_length=128, default="")  # the order by name (``roster.keys.name_sort_key``)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)

    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT)
    id_cipher = models.TextField(_("证件号码（密文）"))
    id_bidx = models.CharField(max_length=32)
    id_masked = models.CharField(_("证件号码"), max_length=32)
    id_tail4 = models.CharField(max_length=16)
    id_tail5 = models.CharField(max_length=16)
    id_tail6 = models.CharField(max_length=16)

    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    phone_rev = models.CharField(max_length=11, blank=True)

    education = models.CharField(_("学历"), max_length=16, blank=True)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=120, blank=True)
    job = models.CharField(_("岗位"), max_length=64, blank=True)
    household_type = models.CharField(_("户籍类型"), max_length=16, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=16, blank=True)
    gig_type = models.CharField(_("新就业形态类型"), max_length=16, choices=GigType.choices, blank=True, default="")
    gig_platform = models.CharField(_("所在平台"), max_length=64, blank=True)

    joined_on = models.DateField(_("入会时间"))
    status = models.CharField(_("状态"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=MemberSource.choices, default=MemberSource.CONSOLE)
    inactive_flagged_on = models.DateField(_("疑似失联标记日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        indexes = [
            models.Index(fields=["unit", "status"], name="members_unit_status_idx"),
            models.Index(fields=["unit", "name"], name="members_unit_name_idx"),
            models.Index(fields=["joined_on"], name="members_joined_idx"),
            models.Index(fields=["name_sort", "id"], name="members_name_sort_idx"),
            # The search keys (``selectors.search_q``), each with one index whose first column serves equality and
            # prefix (``LIKE 'q%'``: ``varchar_pattern_ops`` on PostgreSQL, in any collation) and whose next columns
            # carry what a ranked page needs (pinyin, id, union; initials for the pinyin index): a tier of
            # ``selectors.RankTiers`` (``initials = q ORDER BY name_pinyin, id``, ``tail4 = q ORDER BY ...``,
            # ``phone_rev LIKE 'q%'`` ...) is read from the index alone, in order or sorting index entries only, and
            # scoped without reading the member. No other index on these columns: ``db_index=True`` would add a
            # plain b-tree and a pattern twin, and each index costs the import an insert per row. Plain composites
            # on SQLite (no operator classes there). The ID tails are matched by equality only (keyed digests).
            models.Index(fields=["id_tail4", "name_pinyin", "id", "unit"], name="members_tail4_search_idx"),
            # A 5- or 6-character tail matches a handful of members: plain (deduplicated, 3-6x smaller) indexes.
            models.Index(fields=["id_tail5"], name="members_id_tail5_idx"),
            models.Index(fields=["id_tail6"], name="members_id_tail6_idx"),
            models.Index(
                fields=["name_pinyin", "id", "unit", "name_initials"],
                opclasses=["varchar_pattern_ops", "int8_ops", "int8_ops", "text_ops"],
                name="members_pinyin_search_idx",
            ),
            models.Index(
                fields=["name_initials", "name_pinyin", "id", "unit"],
                opclasses=["varchar_pattern_ops", "text_ops", "int8_ops", "int8_ops"],
                name="members_initials_search_idx",
            ),
            models.Index(
                fields=["phone_rev", "name_pinyin", "id", "unit"],
                opclasses=["varchar_pattern_ops", "text_ops", "int8_ops", "int8_ops"],
                name="members_phone_search_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member_no"], name="members_member_no_uniq"),
            models.UniqueConstraint(fields=["id_bidx"], name="members_id_bidx_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        from gonghui.common.masking import mask_phone

        return mask_phone(self.phone)


class MemberNameGram(models.Model):
    """One character bigram of a member's name: ``王兰芳`` → ``王兰``, ``兰芳``.

    The row carries what the first page of a 2-character search needs, so that it is read in index order and
    stops after a page: ``rk`` (the rank of the member for the query equal to ``gram``), the member's
    ``name_pinyin`` (the tie-break) and ``unit`` (the scope check, without reading the member). Written together
    with the member by ``roster.services.write_name_grams`` and the importer (``imports.writing``); ``unit`` follows
    every change of ``Member.unit`` in the same transaction (``services.name_grams_follow_unit``).
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="name_grams")
    # A bigram of the name, or a Latin alternate key (``keys.name_grams``: the everyday reading of a polyphonic
    # surname, the given name alone), searched by prefix through ``members_gram_alt_idx``.
    gram = models.CharField(max_length=64)
    # ``keys.gram_rank``: 0 name == gram, 1 starts with it, 2 other, 3 (``keys.ALT_RANK``) an alternate key
    rk = models.PositiveSmallIntegerField(default=2)
    name_pinyin = models.CharField(max_length=128, default="")
    # No foreign-key constraint: ``Member.unit`` holds it (a constraint here would cost the import one check per
    # gram row), and this copy is rewritten whenever the member's changes.
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        constraints = [
            # The search's index: ``gram = q ORDER BY rk, name_pinyin, member_id`` with ``unit_id`` read from the
            # index for the scope. Unique, as the former (gram, member) constraint: a member's rows share
            # ``rk``/``name_pinyin``/``unit`` per gram (they are written together), so a duplicate (gram, member)
            # is a duplicate of the whole key.
            models.UniqueConstraint(
                fields=["gram", "rk", "name_pinyin", "member", "unit"], name="members_gram_rank_uniq"
            ),
        ]
        indexes = [
            # The Latin search's alternate keys: ``rk = 3 AND gram LIKE 'q%'`` (a prefix: pattern ops), ordered as
            # the other pinyin tiers by the member's pinyin.
            models.Index(
                fields=["gram", "name_pinyin", "member", "unit"],
                opclasses=["varchar_pattern_ops", "text_ops", "int8_ops", "int8_ops"],
                condition=models.Q(rk=3),
                name="members_gram_alt_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.gram


class MemberEventKind(models.TextChoices):
    JOINED = "joined", _("入会")
    UPDATED = "updated", _("信息变更")
    STATUS = "status", _("状态变更")
    TRANSFERRED = "transferred", _("组织关系接转")
    FLAGGED = "flagged", _("标记疑似失联")
    UNFLAGGED = "unflagged", _("取消失联标记")


class MemberEvent(AppendOnlyModel):
    """The history of one membership: joined, changed, transferred, status changes (append-only)."""

    # No index of its own: ``members_event_member_idx`` (member, -at) leads with it.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events", db_index=False)
    kind = models.CharField(_("事件"), max_length=16, choices=MemberEventKind.choices)
    # History is only read by member. The unit, other unit and actor are kept (and protected) but not indexed:
    # every imported member writes a ``joined`` event, and each index costs the import an insert per row; the
    # price is a scan of this table when a union or a user is deleted (rare, and refused while events exist).
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    other_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("对方工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["member", "-at"], name="members_event_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"
