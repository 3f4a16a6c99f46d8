"""Policy keys of the praise wall: the words that hold a post for moderation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.honors.studios.policies import SECTION
from gonghui.policy.registry import PolicyType, define

DEFAULT_HELD_WORDS = ["赌博", "色情", "代开发票", "刷单", "高利贷"]


def _words_valid(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(w, str) and 0 < len(w.strip()) <= 40 for w in value):
        raise ValidationError(gettext("须为词语的列表，每个词 1 至 40 个字。"), code="held_words")
    if len(value) > 500:
        raise ValidationError(gettext("词语最多 500 个。"), code="held_words")


HELD_WORDS = define(
    key="honors.praise_held_words",
    label=_("点赞台自动暂扣词语"),
    type=PolicyType.JSON,
    default=DEFAULT_HELD_WORDS,
    help=_("点赞内容或被点赞人姓名含有其中任一词语的，自动暂扣并记录命中的词语，由审核人员处理。"),
    section=SECTION,
    validator=_words_valid,
)
