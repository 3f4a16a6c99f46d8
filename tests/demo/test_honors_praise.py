"""The demo's praise wall: the demo worker's posts at every state of moderation; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.honors.models import PraisePost, PraiseStatus
from gonghui.honors.praise import demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_praise_wall_moderated():
    posts = PraisePost.objects.filter(author__phone=data.DEMO_WORKER_PHONE)
    assert set(posts.values_list("status", flat=True)) == {
        PraiseStatus.PUBLISHED,
        PraiseStatus.PENDING,
        PraiseStatus.HELD,
        PraiseStatus.REJECTED,
    }
    assert posts.get(status=PraiseStatus.HELD).held_word == "刷单"
    featured = posts.get(featured=True)
    assert featured.like_count == 1
    assert posts.get(status=PraiseStatus.REJECTED).reason
    count = PraisePost.objects.count()
    demo.seed(world())
    assert PraisePost.objects.count() == count
