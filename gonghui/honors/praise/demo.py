"""Demo praise wall of the demo company union: the demo worker 王兰芳 praised colleagues and teachers; ``xh_staff``
(the union's clerk) moderated: two published (one featured, with a photo), one waiting, one held by the word list
(the word recorded) and one rejected with its reason. Through the services; idempotent (made once for her)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.honors.models import PraisePost
from gonghui.honors.praise import services
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

POSTS = [
    # (subject kind, name, text, what happens)
    ("teacher", "陈建华师傅", "入职第一年陈师傅手把手带我做接口自动化，周末也在群里答疑。谢谢师傅！", "featured"),
    ("colleague", "刘晓东", "上线前夜晓东主动留下来排查内存泄漏，保障了版本按时发布。", "published"),
    ("colleague", "周敏", "周敏整理的测试用例模板让新人上手快了很多。", "pending"),
    ("colleague", "孙磊", "孙磊帮我抢到了演唱会门票，还介绍了刷单兼职。", "held"),
    ("colleague", "某同事", "好好好好好好", "rejected"),
]


def _photo() -> SimpleUploadedFile:
    page = Image.new("RGB", (480, 320), (255, 244, 230))
    draw = ImageDraw.Draw(page)
    draw.rectangle([(40, 60), (440, 260)], outline=(192, 57, 43), width=6)
    draw.ellipse([(200, 110), (280, 190)], fill=(192, 57, 43))
    buf = io.BytesIO()
    page.save(buf, format="JPEG")
    return SimpleUploadedFile("praise.jpg", buf.getvalue(), content_type="image/jpeg")


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    moderator = User.objects.filter(username="xh_staff").first()
    worker = Member.objects.filter(phone=world.worker_phone).select_related("unit").first()
    if union is None or moderator is None or worker is None or worker.user_id is None:
        return
    user = User.objects.get(pk=worker.user_id)
    if PraisePost.objects.filter(author=user).exists():
        return
    for kind, name, text, outcome in POSTS:
        post = services.praise_post(
            actor=user,
            data=services.PostInput(subject_kind=kind, subject_name=name, text=text),
            photo=_photo() if outcome == "featured" else None,
        )
        if outcome in ("featured", "published"):
            post = services.praise_moderate(actor=moderator, post=post, action="publish")
        if outcome == "featured":
            services.praise_feature(actor=moderator, post=post, featured=True)
            services.praise_like(actor=user, post=post)
        if outcome == "rejected":
            services.praise_moderate(
                actor=moderator, post=post, action="reject", reason="内容过于简单，请写明具体事迹。"
            )
    world.say(f"点赞台：{PraisePost.objects.filter(unit=worker.unit).count()} 条（已发布、待审核、暂扣、未通过）")
