"""Demo service points: twenty around 杭州 (西湖区, 上城区, 拱墅区, 滨江区) and 宁波 (鄞州区, 海曙区, 江北区), each
belonging to its district's federation, with WGS-84 coordinates and hours as posted at the places; ``hz_staff``
and ``nb_staff`` (the cities' clerks) register them through the services. One is suspended (renovation), one has
not been verified for months (flagged on the console home), and the demo worker 王兰芳 has reported two problems
(one resolved with a note). Idempotent: nothing is made when the first point exists."""

from __future__ import annotations

from datetime import timedelta

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_today
from gonghui.worker_services.models import ServicePoint
from gonghui.worker_services.points import services

H = "station"
HOME = "home"
CENTRE = "centre"
ALL = ["water", "charging", "toilet", "rest", "microwave", "first_aid", "wifi"]
BASIC = ["water", "charging", "rest", "microwave"]
OFFICE = "周一至周五 08:30-12:00,13:30-17:30"

# (city federation, district, kind, name, address, lat, lon, hours, facilities, phone)
POINTS = [
    (
        "杭州市总工会",
        "西湖区",
        H,
        "文三路爱心驿站",
        "文三路 259 号",
        "30.279030",
        "120.133050",
        "每天 07:00-21:00",
        BASIC,
        "0571-88210001",
    ),
    (
        "杭州市总工会",
        "西湖区",
        HOME,
        "黄龙职工之家",
        "曙光路 122 号",
        "30.268350",
        "120.141820",
        "周一至周六 09:00-20:00",
        [*BASIC, "books", "wifi"],
        "0571-88210002",
    ),
    (
        "杭州市总工会",
        "西湖区",
        H,
        "西溪户外劳动者服务站",
        "天目山路 518 号",
        "30.274120",
        "120.082260",
        "24小时",
        ALL,
        "0571-88210003",
    ),
    (
        "杭州市总工会",
        "西湖区",
        CENTRE,
        "西湖区职工服务中心",
        "保俶路 98 号",
        "30.259880",
        "120.129770",
        OFFICE,
        ALL,
        "0571-88210004",
    ),
    (
        "杭州市总工会",
        "上城区",
        H,
        "湖滨爱心驿站",
        "东坡路 6 号",
        "30.256120",
        "120.164310",
        "每天 07:00-22:00",
        BASIC,
        "0571-87010001",
    ),
    (
        "杭州市总工会",
        "上城区",
        H,
        "南星环卫驿站",
        "复兴路 320 号",
        "30.229040",
        "120.171990",
        "每天 05:00-20:00",
        [*BASIC, "toilet"],
        "0571-87010002",
    ),
    (
        "杭州市总工会",
        "上城区",
        CENTRE,
        "上城区职工服务中心",
        "江城路 820 号",
        "30.242360",
        "120.173180",
        OFFICE,
        ALL,
        "0571-87010003",
    ),
    (
        "杭州市总工会",
        "拱墅区",
        H,
        "武林广场爱心驿站",
        "延安路 530 号",
        "30.272070",
        "120.162280",
        "每天 07:00-21:00",
        BASIC,
        "0571-88050001",
    ),
    (
        "杭州市总工会",
        "拱墅区",
        HOME,
        "大关职工之家",
        "大关路 100 号",
        "30.306230",
        "120.145160",
        "周一至周六 08:30-19:30",
        [*BASIC, "books"],
        "0571-88050002",
    ),
    (
        "杭州市总工会",
        "拱墅区",
        H,
        "运河爱心驿站",
        "丽水路 58 号",
        "30.318110",
        "120.148020",
        "每天 07:00-21:00",
        BASIC,
        "0571-88050003",
    ),
    (
        "杭州市总工会",
        "滨江区",
        H,
        "江南大道快递小哥驿站",
        "江南大道 3850 号",
        "30.208210",
        "120.210060",
        "每天 06:00-23:00",
        [*BASIC, "repair"],
        "0571-86690001",
    ),
    (
        "杭州市总工会",
        "滨江区",
        CENTRE,
        "滨江区职工服务中心",
        "江汉路 1785 号",
        "30.210020",
        "120.212190",
        OFFICE,
        ALL,
        "0571-86690002",
    ),
    (
        "杭州市总工会",
        "滨江区",
        H,
        "物联网街户外劳动者服务站",
        "物联网街 451 号",
        "30.190130",
        "120.190020",
        "每天 07:00-21:00",
        BASIC,
        "0571-86690003",
    ),
    (
        "宁波市总工会",
        "鄞州区",
        H,
        "鄞州万达爱心驿站",
        "四明中路 999 号",
        "29.822150",
        "121.554190",
        "每天 07:00-21:00",
        BASIC,
        "0574-87110001",
    ),
    (
        "宁波市总工会",
        "鄞州区",
        CENTRE,
        "鄞州区职工服务中心",
        "惠风东路 568 号",
        "29.817020",
        "121.547060",
        OFFICE,
        ALL,
        "0574-87110002",
    ),
    (
        "宁波市总工会",
        "鄞州区",
        HOME,
        "南部商务区职工之家",
        "泰康中路 458 号",
        "29.809130",
        "121.562110",
        "周一至周五 09:00-21:00",
        [*BASIC, "wifi", "books"],
        "0574-87110003",
    ),
    (
        "宁波市总工会",
        "海曙区",
        H,
        "天一广场爱心驿站",
        "中山东路 188 号",
        "29.870680",
        "121.552620",
        "24小时",
        ALL,
        "0574-87220001",
    ),
    (
        "宁波市总工会",
        "海曙区",
        CENTRE,
        "海曙区职工服务中心",
        "永丰路 128 号",
        "29.859070",
        "121.533150",
        OFFICE,
        ALL,
        "0574-87220002",
    ),
    (
        "宁波市总工会",
        "海曙区",
        H,
        "鼓楼环卫驿站",
        "公园路 2 号",
        "29.878120",
        "121.549020",
        "每天 05:00-20:00",
        [*BASIC, "toilet"],
        "0574-87220003",
    ),
    (
        "宁波市总工会",
        "江北区",
        H,
        "老外滩爱心驿站",
        "人民路 131 号",
        "29.885010",
        "121.562090",
        "每天 07:00-22:00",
        BASIC,
        "0574-87330001",
    ),
]
SUSPENDED = "运河爱心驿站"
STALE = "物联网街户外劳动者服务站"
CLERKS = {"杭州市总工会": "hz_staff", "宁波市总工会": "nb_staff"}


def seed(world: DemoWorld) -> None:
    if ServicePoint.objects.filter(name=POINTS[0][3]).exists():
        return
    cities = {c.name: c for c in OrgUnit.objects.filter(name__in=CLERKS, depth=2)}
    clerks = {c.username: c for c in User.objects.filter(username__in=CLERKS.values())}
    if len(cities) != len(CLERKS) or len(clerks) != len(CLERKS):
        return
    today = policy_today()
    made: dict[str, ServicePoint] = {}
    for city_name, district, kind, name, address, lat, lon, hours_text, facilities, phone in POINTS:
        city = cities[city_name]
        unit = OrgUnit.objects.filter(path__startswith=city.path, name=f"{district}总工会").first()
        if unit is None:
            continue
        made[name] = services.point_create(
            actor=clerks[CLERKS[city_name]],
            unit=unit,
            data=services.PointInput(
                kind=kind,
                name=name,
                address=address,
                latitude=lat,
                longitude=lon,
                hours_text=hours_text,
                facilities=list(facilities),
                phone=phone,
                city=city_name.removesuffix("市总工会"),
                district=district,
            ),
            published=True,
            on=today - timedelta(days=200) if name == STALE else today - timedelta(days=len(made) * 3),
        )
    if SUSPENDED in made:
        services.point_move(
            actor=clerks["hz_staff"], point=made[SUSPENDED], action="suspend", reason="驿站装修，预计下月恢复开放。"
        )
    services.points_flag_stale(today=today)
    worker = User.objects.filter(phone=world.worker_phone).first()
    if worker is not None and "文三路爱心驿站" in made and "湖滨爱心驿站" in made:
        done, _created = services.report_submit(
            actor=worker,
            point=made["文三路爱心驿站"],
            kind="facility",
            description="饮水机不出热水，微波炉也坏了。",
            request_key="demo-point-report-1",
        )
        services.report_resolve(actor=clerks["hz_staff"], report=done, note="已更换饮水机加热模块，微波炉已修好。")
        services.report_submit(
            actor=worker,
            point=made["湖滨爱心驿站"],
            kind="closed",
            description="周日下午四点去，门锁着，门口写的是每天开放。",
            request_key="demo-point-report-2",
        )
    world.say(f"服务阵地：{len(made)} 个（杭州、宁波），2 条问题反映")
