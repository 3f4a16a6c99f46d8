"""URL sweep resolvers of the praise wall: a published post of ``world.child`` with an open report."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _post(world: World) -> int:
    from gonghui.honors.models import PraisePost
    from gonghui.honors.praise.tests import kit

    found = PraisePost.objects.filter(unit=world.child).first()
    return found.pk if found is not None else kit.post(world).pk


def _report(world: World) -> int:
    from gonghui.honors.models import PraisePost, PraiseReport
    from gonghui.honors.praise.tests import kit

    found = PraiseReport.objects.filter(post__unit=world.child).first()
    if found is not None:
        return found.pk
    post = PraisePost.objects.get(pk=_post(world))
    reporter = kit.user(kit.member(world))
    return PraiseReport.objects.create(post=post, reporter=reporter, reason="内容不实").pk


RESOLVERS: dict[str, Any] = {
    "post_id": _post,
    "report_id": _report,
    "v1:honors-praise-like:post_id": _post,
    "v1:honors-praise-report:post_id": _post,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"honors_portal:praise_wall", "honors_portal:praise_new", "v1:honors-praise-list"}
LOCAL_ONLY: set[str] = set()
