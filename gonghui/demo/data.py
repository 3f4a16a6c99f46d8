"""The demonstration province: 浙江省总工会 and its tree, as data."""

from __future__ import annotations

DEMO_PASSWORD = "Gonghui@2026"  # noqa: S105 - development demo accounts only, printed by ``make run``

PROVINCE = ("浙江省总工会", "浙江省总", "330000")

CITIES = [
    ("杭州市总工会", "杭州", "330100"),
    ("宁波市总工会", "宁波", "330200"),
    ("温州市总工会", "温州", "330300"),
    ("嘉兴市总工会", "嘉兴", "330400"),
    ("湖州市总工会", "湖州", "330500"),
    ("绍兴市总工会", "绍兴", "330600"),
    ("金华市总工会", "金华", "330700"),
    ("衢州市总工会", "衢州", "330800"),
    ("舟山市总工会", "舟山", "330900"),
    ("台州市总工会", "台州", "331000"),
    ("丽水市总工会", "丽水", "331100"),
]

# Provincial industry unions (产业工会) directly under the province.
INDUSTRY_UNIONS = [
    ("浙江省教科文卫体工会", "P"),
    ("浙江省机械冶金建材工会", "C"),
    ("浙江省财贸轻纺烟草工会", "F"),
    ("浙江省能源化学地质工会", "D"),
    ("浙江省农林水利气象工会", "A"),
    ("浙江省交通运输工会", "G"),
]

# Grassroots unions per county: (name pattern, employer name pattern, industry division).
GRASSROOTS_PATTERNS = [
    ("{place}智能制造有限公司工会委员会", "{place}智能制造有限公司", "39"),
    ("{place}人民医院工会委员会", "{place}人民医院", "84"),
    ("{place}商贸城联合工会", "{place}商贸城经营管理有限公司", "51"),
]

# The named grassroots union where ``xh_staff`` works and the demo worker is a member.
XIHU_GRASSROOTS = "杭州西湖数字科技有限公司工会委员会"
XIHU_EMPLOYER = "杭州西湖数字科技有限公司"

DEMO_STAFF = [
    # username, name, unit key, roles
    ("hz_staff", "杭州市总工会经办人", "杭州市总工会", ("clerk", "reviewer")),
    ("nb_staff", "宁波市总工会经办人", "宁波市总工会", ("clerk", "reviewer")),
    ("xh_staff", "西湖数字科技工会经办人", XIHU_GRASSROOTS, ("clerk", "reviewer")),
]
DEMO_WORKER_PHONE = "13800000001"
DEMO_WORKER_NAME = "王兰芳"

# Policy set by a city for itself (the rest is inherited from the province or the registered defaults).
POLICY_EXAMPLES = [
    ("绍兴市总工会", "recuperation.daily_cap", "400.00", "绍兴市职工疗休养管理办法（演示）"),
    ("衢州市总工会", "recuperation.max_days", 5, "衢州市职工疗休养实施细则（演示）"),
]
