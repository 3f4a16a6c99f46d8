"""The praise wall: a member's post waits for moderation (or is held by the policy list, naming the word), the
photo is private until the post is published, moderation with reasons, featured posts first, likes once per member,
reports and their resolution, the authorization matrix of every service and page, the held-word rule against a
reference model, and the wall's pinned query count."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from gonghui.attachments.models import Attachment
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.honors.models import PraiseLike, PraisePost, PraiseReport, PraiseStatus, ReportStatus
from gonghui.honors.permissions import MODERATE_PRAISE
from gonghui.honors.praise import services
from gonghui.honors.praise.tests import kit
from gonghui.policy.services import policy_seed

pytestmark = pytest.mark.django_db

DATA = services.PostInput(subject_kind="teacher", subject_name="张师傅", text="手把手教我数控编程，耐心细致。")


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("praise.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_post_waits_photo_private_until_published(world):
    author, colleague = kit.member(world), kit.member(world)
    post = services.praise_post(actor=kit.user(author), data=DATA, photo=_photo())
    assert (post.status, post.unit_id, post.held_word) == (PraiseStatus.PENDING, world.child.pk, "")
    photo = Attachment.objects.get(owner_id=post.pk, purpose="photo")
    url = reverse("attachments:file", args=[photo.pk])
    assert login(Client(), kit.user(author)).get(url).status_code == 200
    assert login(Client(), kit.user(colleague)).get(url).status_code == 404  # not yet published
    # Not on the wall before moderation.
    wall = login(Client(), kit.user(colleague)).get(reverse("honors_portal:praise_wall")).content.decode()
    assert "手把手" not in wall
    services.praise_moderate(actor=world.actor("same_with", MODERATE_PRAISE), post=post, action="publish")
    assert login(Client(), kit.user(colleague)).get(url).status_code == 200
    outsider = kit.member(world, unit=world.sibling)
    assert login(Client(), kit.user(outsider)).get(url).status_code == 404  # another union's member
    wall = login(Client(), kit.user(colleague)).get(reverse("honors_portal:praise_wall")).content.decode()
    assert "手把手" in wall
    assert AuditEvent.objects.filter(action="honors.praise_publish").count() == 1


def test_policy_word_holds_the_post_and_records_the_word(world):
    policy_seed(
        actor=world.actor("ancestor", "policy.manage_policy"),
        key="honors.praise_held_words",
        unit=world.city,
        value=["代购", "微商"],
        effective_from=date(2020, 1, 1),
        note="本市词表",
    )
    author = kit.member(world)
    held = services.praise_post(
        actor=kit.user(author),
        data=services.PostInput(subject_kind="colleague", subject_name="李工", text="李工帮我 微 商 推广，真好"),
    )
    assert (held.status, held.held_word) == (PraiseStatus.HELD, "微商")
    clean = services.praise_post(actor=kit.user(author), data=DATA)
    assert clean.status == PraiseStatus.PENDING
    moderator = world.actor("same_with", MODERATE_PRAISE)
    with pytest.raises(ValidationError):  # a rejection needs its reason
        services.praise_moderate(actor=moderator, post=held, action="reject")
    services.praise_moderate(actor=moderator, post=held, action="reject", reason="含广告内容")
    held.refresh_from_db()
    assert (held.status, held.reason, held.moderated_by_id) == (PraiseStatus.REJECTED, "含广告内容", moderator.pk)
    with pytest.raises(ValidationError):
        services.praise_moderate(actor=moderator, post=held, action="publish")


def test_bad_input_and_non_members_refused(world):
    author = kit.member(world)
    with pytest.raises(ValidationError):
        services.praise_post(actor=kit.user(author), data=services.PostInput("colleague", "", "很好很好很好"))
    with pytest.raises(ValidationError):
        services.praise_post(actor=kit.user(author), data=services.PostInput("colleague", "王", "好"))
    with pytest.raises(ValidationError):  # a refused photo refuses the post: nothing half-written
        services.praise_post(
            actor=kit.user(author),
            data=DATA,
            photo=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        )
    assert not PraisePost.objects.exists()
    with pytest.raises(PermissionDenied):
        services.praise_post(actor=world.member, data=DATA)  # an account that holds no membership


def test_likes_once_per_member_and_featured_first(world):
    posts = [kit.post(world) for _ in range(3)]
    first, second = kit.member(world), kit.member(world)
    assert services.praise_like(actor=kit.user(first), post=posts[0]) is True
    assert services.praise_like(actor=kit.user(first), post=posts[0]) is False
    assert services.praise_like(actor=kit.user(second), post=posts[0]) is True
    posts[0].refresh_from_db()
    assert posts[0].like_count == 2 == PraiseLike.objects.filter(post=posts[0]).count()
    waiting = kit.post(world, status=PraiseStatus.PENDING)
    with pytest.raises(Http404):
        services.praise_like(actor=kit.user(first), post=waiting)
    outsider = kit.member(world, unit=world.sibling)
    with pytest.raises(Http404):
        services.praise_like(actor=kit.user(outsider), post=posts[1])
    services.praise_feature(actor=world.actor("same_with", MODERATE_PRAISE), post=posts[0], featured=True)
    client = login(Client(), kit.user(first))
    page = client.get(reverse("honors_portal:praise_wall")).content.decode()
    assert page.index(f'id="post-{posts[0].pk}"') < page.index(f'id="post-{posts[2].pk}"')
    response = client.post(reverse("honors_portal:praise_like", args=[posts[1].pk]))
    assert response.status_code == 302
    assert PraiseLike.objects.filter(post=posts[1]).count() == 1


def test_reports_queue_and_resolution(world):
    post = kit.post(world)
    one, two = kit.member(world), kit.member(world)
    first = services.praise_report(actor=kit.user(one), post=post, reason="内容不实")
    assert services.praise_report(actor=kit.user(one), post=post, reason="再次").pk == first.pk
    second = services.praise_report(actor=kit.user(two), post=post, reason="夸大")
    moderator = world.actor("same_with", MODERATE_PRAISE)
    services.praise_report_resolve(actor=moderator, report=second, uphold=False)
    second.refresh_from_db()
    assert second.status == ReportStatus.DISMISSED
    services.praise_report_resolve(actor=moderator, report=first, uphold=True, reason="经核实内容不实")
    post.refresh_from_db()
    first.refresh_from_db()
    assert (post.status, post.reason, first.status) == (PraiseStatus.HIDDEN, "经核实内容不实", ReportStatus.UPHELD)
    with pytest.raises(Http404):  # no longer on the wall
        services.praise_report(actor=kit.user(two), post=post, reason="x")


@given(
    text=st.text(alphabet="赌博刷单好同事 ab AB", max_size=30),
    words=st.lists(st.text(alphabet="赌博刷单ab", min_size=1, max_size=3), max_size=4),
)
def test_held_word_matches_the_reference(text, words):
    def reference() -> str:
        squeezed = "".join(text.split()).lower()
        for word in words:
            if "".join(word.split()).lower() in squeezed:
                return word.strip()
        return ""

    assert services.held_word(text, words) == reference()


# --- the authorization matrix ------------------------------------------------------------------------------------


def test_moderation_services_matrix(world):
    post = kit.post(world, status=PraiseStatus.PENDING)
    state = lambda w: PraisePost.objects.filter(pk=post.pk).values_list("status", "featured").get()  # noqa: E731
    service_matrix(
        world,
        MODERATE_PRAISE,
        lambda actor, w: services.praise_moderate(actor=actor, post=post, action="publish"),
        view_perm=MODERATE_PRAISE,
        state=state,
    )
    published = kit.post(world)
    service_matrix(
        world,
        MODERATE_PRAISE,
        lambda actor, w: services.praise_feature(actor=actor, post=published, featured=True),
        view_perm=MODERATE_PRAISE,
        state=lambda w: PraisePost.objects.get(pk=published.pk).featured,
    )
    report = PraiseReport.objects.create(post=published, reporter=kit.user(kit.member(world)), reason="x")
    service_matrix(
        world,
        MODERATE_PRAISE,
        lambda actor, w: services.praise_report_resolve(actor=actor, report=report, uphold=False),
        view_perm=MODERATE_PRAISE,
        state=lambda w: PraiseReport.objects.get(pk=report.pk).status,
    )


def test_console_pages_matrix_and_pinned_queue(world, django_assert_max_num_queries):
    post = kit.post(world, status=PraiseStatus.HELD, held_word="赌博")
    http_matrix(world, MODERATE_PRAISE, "get", reverse("honors:praise_detail", args=[post.pk]))
    http_matrix(
        world,
        MODERATE_PRAISE,
        "post",
        reverse("honors:praise_moderate", args=[post.pk]),
        data={"action": "publish"},
        state=lambda w: PraisePost.objects.get(pk=post.pk).status,
    )
    for _ in range(6):
        kit.post(world, status=PraiseStatus.PENDING)
    client = login(Client(), world.actor("same_with", MODERATE_PRAISE))
    client.get(reverse("honors:praise_queue"))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("honors:praise_queue"))
    body = page.content.decode()
    assert body.count("/console/honors/praise/") >= 7
    assert "赌博" in body
    sibling = login(Client(), world.actor("sibling", MODERATE_PRAISE)).get(reverse("honors:praise_queue"))
    assert CANARY not in sibling.content.decode()


def test_portal_post_page_and_api(world):
    author = kit.member(world)
    client = login(Client(), kit.user(author))
    response = client.post(
        reverse("honors_portal:praise_new"),
        {"subject_kind": "colleague", "subject_name": "周工", "text": "连续三个月保障生产线零故障", "photo": _photo()},
    )
    assert response.status_code == 302
    post = PraisePost.objects.get(subject_name="周工")
    assert Attachment.objects.filter(owner_id=post.pk).count() == 1
    published = kit.post(world)
    body = client.get("/api/v1/honors/praise/").json()
    assert [row["id"] for row in body["results"]] == [published.pk]
    liked = client.post(f"/api/v1/honors/praise/{published.pk}/like/").json()
    assert liked == {"added": True, "like_count": 1}
    assert client.post(f"/api/v1/honors/praise/{published.pk}/like/").json()["added"] is False
    outsider = login(Client(), kit.user(kit.member(world, unit=world.sibling)))
    assert outsider.post(f"/api/v1/honors/praise/{published.pk}/like/").status_code == 404
    assert outsider.get("/api/v1/honors/praise/").json()["results"] == []
    created = client.post(
        "/api/v1/honors/praise/",
        {"subject_kind": "teacher", "subject_name": "吴老师", "text": "带我考出高级技师证"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
