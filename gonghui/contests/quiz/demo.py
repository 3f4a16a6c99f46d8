"""Demo knowledge quiz: the company union's question bank (15 questions in three categories) and a quiz running
now (10 questions in 10 minutes, 3 attempts a day) that five colleagues have already taken, so the leaderboard has
names; the demo worker 王兰芳 has not, and can take it on the portal. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.contests.models import Question, QuestionKind, Quiz
from gonghui.contests.quiz import services
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

TITLE = "职工安全生产和工会知识竞赛"

BANK: list[tuple[str, str, str, list[str], list[int]]] = [
    (
        "工会法律法规",
        QuestionKind.SINGLE,
        "《中华人民共和国工会法》规定，工会会员按月缴纳会费的标准是本人工资收入的？",
        ["0.5%", "1%", "2%", "0.2%"],
        [0],
    ),
    (
        "工会法律法规",
        QuestionKind.SINGLE,
        "建立基层工会委员会，会员人数一般应达到多少人以上？",
        ["25人", "10人", "50人", "100人"],
        [0],
    ),
    ("工会法律法规", QuestionKind.TRUE_FALSE, "职工代表大会是企业实行民主管理的基本形式。", [], [0]),
    (
        "工会法律法规",
        QuestionKind.MULTIPLE,
        "下列哪些属于工会的基本职责？",
        ["维护职工合法权益", "组织职工参与民主管理", "替企业完成生产任务", "开展劳动和技能竞赛"],
        [0, 1, 3],
    ),
    ("工会法律法规", QuestionKind.TRUE_FALSE, "工会经费可以用于发放企业管理人员的奖金。", [], [1]),
    (
        "安全生产",
        QuestionKind.SINGLE,
        "我国安全生产工作的方针是？",
        ["安全第一、预防为主、综合治理", "生产第一、安全第二", "先生产后安全", "谁主管谁负责"],
        [0],
    ),
    ("安全生产", QuestionKind.SINGLE, "发现火灾时应拨打的报警电话是？", ["119", "110", "120", "122"], [0]),
    (
        "安全生产",
        QuestionKind.MULTIPLE,
        "职工在安全生产中享有哪些权利？",
        ["知情权", "拒绝违章指挥权", "紧急情况下停止作业撤离权", "擅自拆除安全装置权"],
        [0, 1, 2],
    ),
    ("安全生产", QuestionKind.TRUE_FALSE, "特种作业人员必须经专门培训并取得相应资格后方可上岗。", [], [0]),
    (
        "安全生产",
        QuestionKind.SINGLE,
        "“安康杯”竞赛的主要目的是？",
        ["提升企业安全生产水平", "评选文艺节目", "比赛体育项目", "评比销售业绩"],
        [0],
    ),
    (
        "劳动保护",
        QuestionKind.SINGLE,
        "国家实行劳动者每日工作时间不超过几小时的工时制度？",
        ["8小时", "10小时", "12小时", "6小时"],
        [0],
    ),
    ("劳动保护", QuestionKind.TRUE_FALSE, "用人单位可以安排怀孕七个月以上的女职工延长劳动时间。", [], [1]),
    (
        "劳动保护",
        QuestionKind.MULTIPLE,
        "下列哪些属于劳动防护用品？",
        ["安全帽", "防护眼镜", "绝缘手套", "手机"],
        [0, 1, 2],
    ),
    (
        "劳动保护",
        QuestionKind.SINGLE,
        "职工患职业病，依法享受的是？",
        ["工伤保险待遇", "失业保险待遇", "生育保险待遇", "无任何待遇"],
        [0],
    ),
    ("劳动保护", QuestionKind.TRUE_FALSE, "劳动合同期满，用人单位可以随意扣押劳动者的身份证件。", [], [1]),
]


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None or Quiz.objects.filter(unit=union, title=TITLE).exists():
        return
    categories = {}
    for name in dict.fromkeys(row[0] for row in BANK):
        categories[name] = services.category_create(actor=clerk, unit=union, name=name)
    for category, kind, text, options, correct in BANK:
        services.question_create(
            actor=clerk, category=categories[category], kind=kind, text=text, options=options, correct=correct
        )
    today = timezone.localdate()
    quiz = services.quiz_create(
        actor=clerk,
        unit=union,
        title=TITLE,
        description="随机抽取 10 题，限时 10 分钟，每天可答 3 次，取最好成绩。",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=14),
        categories=list(categories.values()),
    )
    quiz = services.quiz_publish(actor=clerk, quiz=quiz)
    colleagues = list(
        Member.objects.filter(unit=union, user__isnull=False, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .select_related("user")
        .order_by("pk")[:5]
    )
    now = timezone.now()
    for index, member in enumerate(colleagues):
        user = member.user
        assert user is not None
        started = now - timedelta(hours=5 - index)
        attempt = services.attempt_start(actor=user, quiz=quiz, now=started)
        answers = {}
        for position, entry in enumerate(attempt.paper):
            question = Question.objects.get(pk=entry["q"])
            wrong = [i for i in range(len(question.options)) if i not in question.correct][:1]
            pick = question.correct if position < 10 - index * 2 else wrong
            answers[position] = [entry["o"].index(i) for i in pick]
        services.attempt_submit(
            actor=user, attempt_id=attempt.pk, answers=answers, now=started + timedelta(seconds=180 + 37 * index)
        )
    world.say(f"知识竞赛：题库 {len(BANK)} 题，一场进行中的竞赛（{len(colleagues)} 名同事已答题），王兰芳可在门户答题")
