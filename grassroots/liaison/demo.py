"""Tongshan 2014: leaders' contact points, their visits, and the county committee's own
party-building work (落实管党责任, 把好方向).

The article's figures come out of the records: 186 county-leader points and 723 points of
other leaders (open in 2014), 3200多 problems solved in 2014, 600多万元 aid funds and
2500多 disputes mediated on 2014 visits, 9 standing-committee sessions, 4 symposiums and
2200多万元 party-building funds integrated. A few points ended in 2013 and some 2013 visits
and unsolved problems are there too, so the counting rules (period, resolution) matter.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.roles import Role
from grassroots.demo.registry import DEMO_PASSWORD, DemoContext, step
from grassroots.orgs.models import Organization, OrgKind, Sector

from .models import (
    ContactPoint,
    FundIntegration,
    FundSource,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    ProblemCategory,
    Visit,
)

SEED = 5014
COUNTY_CODE = "421224"
YEAR = 2014
COUNTY_POINTS = 186
OTHER_POINTS = 723
PROBLEMS_SOLVED = 3268
AID_FUNDS_YUAN = 6_137_500
DISPUTES = 2563
ENDED_IN_2013 = 14  # extra points ended before 2014 (not counted)
OPEN_PROBLEMS = 173  # raised in 2014, still open at year end

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢阮乐"
GIVEN = "建国志明文华海涛国平红军立新德胜永强春林晓东明亮伟民俊峰振华光辉家福金山松柏玉兰秀英桂芳爱华丽萍卫东红梅"


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name (surname + one or two characters)."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def spread(rng: random.Random, total: int, n: int, unit: int = 1) -> list[int]:
    """``n`` non-negative multiples of ``unit`` summing to ``total`` (a multiple of ``unit``)."""
    assert total % unit == 0
    weights = [rng.random() ** 2 for _ in range(n)]
    scale = sum(weights)
    parts = [int(total / unit * w / scale) * unit for w in weights]
    rest = total - sum(parts)
    for i in rng.sample(range(n), k=min(n, rest // unit)):
        parts[i] += unit
    parts[0] += total - sum(parts)  # what rounding left over (a multiple of unit)
    return parts


# County leaders of the "four leading bodies" (县四大家) and the posts they hold.
COUNTY_POSTS = [
    "县委书记",
    "县委副书记、县长",
    "县人大常委会主任",
    "县政协主席",
    "县委副书记",
    "县委常委、常务副县长",
    "县委常委、组织部长",
    "县委常委、纪委书记",
    "县委常委、宣传部长",
    "县委常委、政法委书记",
    "县委常委、统战部长",
    "县委常委、县委办主任",
    "县委常委、人武部政委",
    "县委常委、副县长",
    "县人大常委会副主任",
    "县人大常委会副主任",
    "县人大常委会副主任",
    "县人大常委会副主任",
    "副县长",
    "副县长",
    "副县长",
    "副县长",
    "副县长",
    "县政协副主席",
    "县政协副主席",
    "县政协副主席",
    "县政协副主席",
    "县法院院长",
    "县检察院检察长",
    "县政府党组成员",
    "县人大常委会党组副书记",
    "县政协党组副书记",
    "县委巡察组组长",
    "县委组织部常务副部长",
    "县委宣传部常务副部长",
    "县纪委副书记",
    "县委副县级督查员",
]
TOWNSHIP_POSTS = [
    "党委书记",
    "党委副书记、镇长",
    "党委副书记",
    "党委委员、组织委员",
    "党委委员、纪委书记",
    "党委委员、宣传委员",
    "党委委员、武装部长",
    "党委委员、副镇长",
]
OTHER_UNITS = [
    "县委办公室",
    "县政府办公室",
    "县发改局",
    "县财政局",
    "县教育局",
    "县民政局",
    "县人社局",
    "县国土资源局",
    "县住建局",
    "县交通运输局",
    "县水利局",
    "县农业局",
    "县林业局",
    "县卫计局",
    "县扶贫办",
    "县供电公司",
    "县委农办",
    "县直机关工委",
    "县司法局",
    "县公安局",
    "县商务局",
    "县文体新广局",
    "县国税局",
    "县地税局",
    "县工商局",
    "县科技局",
    "县环保局",
    "县旅游局",
    "县移民局",
    "县供销社",
]

PROBLEMS: dict[str, list[str]] = {
    ProblemCategory.INFRASTRUCTURE: [
        "通组公路硬化",
        "村级便民桥修缮",
        "安全饮水工程",
        "农田水渠维修",
        "村部危房改造",
        "路灯安装",
        "山塘清淤加固",
    ],
    ProblemCategory.INDUSTRY: [
        "茶叶基地扩种缺少种苗",
        "楠竹加工销路不畅",
        "养殖专业合作社贷款难",
        "特色种植缺技术指导",
        "农产品冷链运输",
    ],
    ProblemCategory.LIVELIHOOD: [
        "困难户危房改造",
        "留守儿童就学",
        "大病医疗救助",
        "低保户核查申报",
        "五保老人供养",
        "农村电网改造",
    ],
    ProblemCategory.ORGANIZATION: [
        "村党员活动室缺少设备",
        "远程教育站点维护",
        "党员发展积极分子培养",
        "村级党组织活动经费不足",
    ],
    ProblemCategory.FUNDS: [
        "村级运转经费缺口",
        "党员群众服务中心建设资金",
        "村级集体债务化解",
    ],
    ProblemCategory.GOVERNANCE: [
        "山林权属界线不清",
        "土地流转合同纠纷",
        "村务公开栏更新",
        "治安巡逻队伍建设",
    ],
    ProblemCategory.OTHER: ["村庄环境整治", "垃圾集中清运", "村卫生室设备"],
}
GOODS = ["化肥", "茶苗", "慰问米油", "办公电脑", "图书", "棉被", "农机具", "树苗"]


def _leader_users(
    rng: random.Random, specs: list[tuple[str, str, Organization, str]]
) -> dict[str, User]:
    """Create leader users with the leader role: (username, post, role organization, name)."""
    probe = User()
    probe.set_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        [User(username=u, full_name=name, password=probe.password) for u, _p, _o, name in specs]
    )
    users = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=users[u], role=Role.LEADER, organization=org, title=post)
            for u, post, org, _n in specs
        ]
    )
    return users


@step("liaison.contact_points", order=50)
def seed_contact_points(ctx: DemoContext) -> None:
    rng = random.Random(SEED)
    root = Organization.objects.get(code=COUNTY_CODE)
    townships = list(
        Organization.objects.filter(
            path__subtree=root.path, kind=OrgKind.TOWNSHIP_COMMITTEE
        ).order_by("code")
    )
    branches = list(
        Organization.objects.filter(
            path__subtree=root.path,
            kind=OrgKind.BRANCH,
            sector__in=[Sector.VILLAGE, Sector.COMMUNITY],
            dissolved_on__isnull=True,
        ).order_by("path")
    )
    by_township: dict[str, list[Organization]] = {t.path: [] for t in townships}
    for b in branches:
        by_township.setdefault(b.path[: len(townships[0].path)], []).append(b)
    others = list(
        Organization.objects.filter(
            path__subtree=root.path,
            kind=OrgKind.BRANCH,
            sector__in=[Sector.ORGAN, Sector.INSTITUTION, Sector.PRIVATE_ENTERPRISE],
        ).order_by("path")
    )

    # Leaders: the demo "leader" login (县委常委, leader role in 通羊镇) and the rest.
    demo_leader = User.objects.get(username="leader")
    tongyang = next(t for t in townships if t.code == "421224100")
    specs: list[tuple[str, str, Organization, str]] = []
    for i, post in enumerate(COUNTY_POSTS, start=1):
        name = "杜文清" if post == "县委书记" else person_name(rng)  # named in the article
        specs.append((f"ld_county{i:02d}", post, root, name))
    for t in townships:
        for j, post in enumerate(TOWNSHIP_POSTS, start=1):
            specs.append((f"ld_{t.code}_{j}", f"{t.short_name}{post}", t, person_name(rng)))
    for k, unit in enumerate(OTHER_UNITS, start=1):
        for j, post in enumerate(("主要负责人", "党组副书记")):
            specs.append((f"ld_unit{k:02d}_{j}", f"{unit}{post}", root, person_name(rng)))
    users = _leader_users(rng, specs)
    county_leaders = [(users[u], post) for u, post, _o, _n in specs if u.startswith("ld_county")]
    township_leaders = [
        (users[u], post, org) for u, post, org, _n in specs if u.startswith("ld_4212")
    ]
    unit_leaders = [(users[u], post) for u, post, _o, _n in specs if u.startswith("ld_unit")]

    points: list[ContactPoint] = []
    taken: set[tuple[int, int]] = set()

    def add(leader: User, level: str, post: str, org: Organization, start: dt.date) -> None:
        taken.add((leader.pk, org.pk))
        points.append(
            ContactPoint(
                leader=leader,
                leader_level=level,
                leader_post=post,
                organization=org,
                started_on=start,
                note=rng.choice(
                    ["软弱涣散党组织整顿", "村级集体经济发展", "党员队伍建设", "服务型党组织建设"]
                ),
            )
        )

    def pick(pool: list[Organization], leader: User) -> Organization:
        while True:
            org = rng.choice(pool)
            if (leader.pk, org.pk) not in taken:
                return org

    first_start, last_start = dt.date(2013, 3, 1), dt.date(2014, 3, 31)
    # 186 county-leader points: four for the demo leader in 通羊镇, the rest spread.
    for _ in range(4):
        add(
            demo_leader,
            LeaderLevel.COUNTY,
            "县委常委",
            pick(by_township[tongyang.path], demo_leader),
            day_in(rng, first_start, last_start),
        )
    for i in range(COUNTY_POINTS - 4):
        leader, post = county_leaders[i % len(county_leaders)]
        pool = branches if rng.random() < 0.85 else others
        add(
            leader,
            LeaderLevel.COUNTY,
            post,
            pick(pool, leader),
            day_in(rng, first_start, last_start),
        )
    # 723 points of township leaders (in their township) and county unit heads.
    n_township = 483
    for i in range(n_township):
        leader, post, township = township_leaders[i % len(township_leaders)]
        add(
            leader,
            LeaderLevel.TOWNSHIP,
            post,
            pick(by_township[township.path], leader),
            day_in(rng, first_start, last_start),
        )
    for i in range(OTHER_POINTS - n_township):
        leader, post = unit_leaders[i % len(unit_leaders)]
        add(
            leader,
            LeaderLevel.OTHER,
            post,
            pick(branches, leader),
            day_in(rng, first_start, last_start),
        )
    counted = len(points)
    # Points that ended in 2013 (leaders transferred): history, not counted for 2014.
    for i in range(ENDED_IN_2013):
        leader, post, township = township_leaders[(i * 7) % len(township_leaders)]
        add(
            leader,
            LeaderLevel.TOWNSHIP,
            post,
            pick(by_township[township.path], leader),
            dt.date(2012, 3, 1),
        )
        points[-1].ended_on = dt.date(2013, rng.randint(6, 12), 1)
        points[-1].end_reason = "领导职务调整"
    ContactPoint.objects.bulk_create(points, batch_size=500)
    active = points[:counted]

    # Visits in 2014 to every open point (2–6 each), a few in late 2013.
    visits: list[Visit] = []
    for p in active:
        for _ in range(rng.randint(2, 6)):
            visits.append(
                _visit(
                    rng,
                    p,
                    day_in(rng, max(p.started_on, dt.date(2014, 1, 2)), dt.date(2014, 12, 26)),
                )
            )
    early = [p for p in active if p.started_on < dt.date(2013, 10, 1)]
    old_visits = [
        _visit(rng, p, day_in(rng, dt.date(2013, 10, 1), dt.date(2013, 12, 28)))
        for p in rng.sample(early, k=min(60, len(early)))
    ]
    funds = spread(rng, AID_FUNDS_YUAN, len(visits), unit=500)
    disputes = spread(rng, DISPUTES, len(visits))
    for v, f, d in zip(visits, funds, disputes, strict=True):
        v.aid_funds_yuan = Decimal(f)
        v.disputes_mediated = d
    for v in old_visits:
        v.aid_funds_yuan = Decimal(rng.randrange(0, 20000, 500))
        v.disputes_mediated = rng.randint(0, 2)
    Visit.objects.bulk_create(visits + old_visits, batch_size=1000)

    problems: list[Problem] = []
    solved_per_visit = spread(rng, PROBLEMS_SOLVED, len(visits))
    for v, n in zip(visits, solved_per_visit, strict=True):
        for _ in range(n):
            resolved = min(
                v.visited_on + dt.timedelta(days=rng.randint(0, 75)), dt.date(2014, 12, 31)
            )
            problems.append(_problem(rng, v, resolved))
    late = [v for v in visits if v.visited_on >= dt.date(2014, 9, 1)]
    for v in rng.sample(late, k=OPEN_PROBLEMS):
        problems.append(_problem(rng, v, None))
    for v in old_visits:
        problems.append(_problem(rng, v, v.visited_on + dt.timedelta(days=rng.randint(0, 2))))
    Problem.objects.bulk_create(problems, batch_size=1000)


def _visit(rng: random.Random, point: ContactPoint, day: dt.date) -> Visit:
    goods = rng.random() < 0.25
    return Visit(
        contact_point=point,
        visited_on=day,
        visitors=point.leader.display_name
        + rng.choice(["", "及随行人员1人", "及县直单位2人", "及乡镇干部2人"]),
        summary=rng.choice(
            [
                "召开支部委员会，听取党建工作汇报，研究村级发展规划。",
                "走访困难党员和群众，了解生产生活情况。",
                "参加支部主题党日活动，讲党课。",
                "现场查看项目建设进度，协调解决资金和用地问题。",
                "与村“两委”班子座谈，分析班子运行情况。",
            ]
        ),
        aid_goods_yuan=Decimal(rng.randrange(500, 8000, 100)) if goods else Decimal("0"),
        aid_goods_description=rng.choice(GOODS) if goods else "",
    )


def _problem(rng: random.Random, visit: Visit, resolved: dt.date | None) -> Problem:
    category = rng.choice(list(PROBLEMS))
    return Problem(
        contact_point=visit.contact_point,
        visit=visit,
        category=category,
        description=rng.choice(PROBLEMS[category]),
        raised_on=visit.visited_on,
        resolved_on=resolved,
        resolution=rng.choice(
            ["协调县直部门落实资金", "联系单位出资解决", "现场协调解决", "纳入年度项目实施"]
        )
        if resolved
        else "",
    )


SESSIONS = [
    (
        dt.date(2014, 1, 16),
        "研究部署2014年全县基层党建工作",
        "2014年基层党建工作要点；基层党建“十件实事”",
        "印发《2014年全县基层党建工作要点》，确定基层党建“十件实事”。",
    ),
    (
        dt.date(2014, 2, 27),
        "研究党委书记抓基层党建公开承诺工作",
        "县委书记和乡镇党委书记公开承诺事项",
        "审定《2014年度抓基层党建工作公开承诺书》，在《通山周刊》、通山政务网公示。",
    ),
    (
        dt.date(2014, 3, 20),
        "研究软弱涣散基层党组织整顿工作",
        "软弱涣散党组织排查结果；“五抓五治”整顿方案",
        "确定21个软弱涣散村，县“四大家”领导挂点，选派第一书记。",
    ),
    (
        dt.date(2014, 4, 24),
        "研究村级组织运转经费保障",
        "村级运转经费、村干部待遇报酬",
        "每村增加8000元用于提高村干部待遇报酬，村级运转经费达到3.4万元以上。",
    ),
    (
        dt.date(2014, 5, 29),
        "研究党员群众服务中心提档升级",
        "整合县级部门资金；48个村服务中心建设",
        "整合县级部门资金305万元，启动48个村党员群众服务中心提档升级工程。",
    ),
    (
        dt.date(2014, 7, 3),
        "学习贯彻中央和省市委关于从严治党的部署",
        "党要管党、从严治党；基层党建责任制",
        "落实基层党建“第一责任人”职责，完善县级领导联系点制度。",
    ),
    (
        dt.date(2014, 8, 28),
        "研究村“两委”换届准备工作",
        "换届工作方案；村情分类",
        "成立换届工作领导小组，将187个村分为三类，一村一策。",
    ),
    (
        dt.date(2014, 10, 30),
        "研究非公有制经济组织和异地商会党建工作",
        "异地商会党组织经费和场所",
        "每个异地商会党组织预算3万元工作经费，组织部下拨5000元党建经费。",
    ),
    (
        dt.date(2014, 12, 18),
        "听取基层党建工作情况汇报，研究述职评议考核",
        "三级联述联评联考；承诺事项年终评议",
        "组织县乡村三级联述联评联考，对公开承诺事项逐项评议。",
    ),
]
SYMPOSIUMS = [
    (dt.date(2014, 2, 11), Sector.VILLAGE, "农村基层党建工作座谈会"),
    (dt.date(2014, 2, 13), Sector.COMMUNITY, "城市社区党建工作座谈会"),
    (dt.date(2014, 2, 18), Sector.ORGAN, "机关和事业单位党建工作座谈会"),
    (dt.date(2014, 2, 20), Sector.PRIVATE_ENTERPRISE, "非公有制经济组织和社会组织党建工作座谈会"),
]
# (session index or None, source, source unit, purpose, amount)
FUNDS = [
    (
        3,
        FundSource.COUNTY_BUDGET,
        "县财政局",
        "村级组织运转经费（187个村，每村3.4万元以上）",
        6_358_000,
    ),
    (3, FundSource.COUNTY_BUDGET, "县财政局", "提高村干部待遇报酬（每村8000元）", 1_500_000),
    (4, FundSource.DEPARTMENT, "县直有关部门", "党员群众服务中心提档升级（48个村）", 3_050_000),
    (0, FundSource.COUNTY_BUDGET, "县财政局", "基层党建“十件实事”专项经费", 1_850_000),
    (0, FundSource.HIGHER_LEVEL, "省市组织部门", "大畈镇、燕厦乡、慈口乡社区建设", 250_000),
    (0, FundSource.COUNTY_BUDGET, "县财政局", "党员帮扶资金（财政拨）", 600_000),
    (0, FundSource.PARTY_DUES, "县委组织部", "党员帮扶资金（党费补）", 250_000),
    (0, FundSource.SOCIAL, "爱心企业和个人", "党员帮扶资金（社会筹）", 150_000),
    (2, FundSource.DEPARTMENT, "县农办等涉农部门", "发展壮大村级集体经济重点村项目资金", 3_560_000),
    (2, FundSource.COUNTY_BUDGET, "县财政局", "软弱涣散党组织服务中心以奖代补", 1_050_000),
    (7, FundSource.COUNTY_BUDGET, "县财政局", "异地商会党组织工作经费（6个，每个3万元）", 180_000),
    (7, FundSource.PARTY_DUES, "县委组织部", "异地商会党组织党建经费（6个，每个5000元）", 30_000),
    (None, FundSource.TRANSFER, "省财政转移支付", "提高村级转移支付", 2_840_000),
    (None, FundSource.HIGHER_LEVEL, "省委组织部", "农村党员远程教育站点维护", 420_000),
    (None, FundSource.PARTY_DUES, "上级党委返还党费", "党员教育培训和困难党员慰问", 380_000),
    (None, FundSource.COUNTY_BUDGET, "县财政局", "“在线学习大课堂”网络平台建设", 210_000),
    (6, FundSource.COUNTY_BUDGET, "县财政局", "村“两委”换届工作经费", 740_000),
]


@step("liaison.leadership_work", order=51)
def seed_leadership(ctx: DemoContext) -> None:
    rng = random.Random(SEED + 1)
    root = Organization.objects.get(code=COUNTY_CODE)
    meetings = [
        LeadershipMeeting(
            organization=root,
            kind=MeetingKind.STANDING_COMMITTEE,
            held_on=day,
            title=f"县委常委会（{title}）",
            chaired_by="县委书记",
            topics=topics,
            decisions=decisions,
        )
        for day, title, topics, decisions in SESSIONS
    ]
    meetings += [
        LeadershipMeeting(
            organization=root,
            kind=MeetingKind.SYMPOSIUM,
            held_on=day,
            title=title,
            sector=sector,
            chaired_by="县委常委、组织部长",
            topics="听取社会各界对基层党建工作的意见建议和需要解决的重点问题",
            decisions="将具有共性的、迫切需要解决的问题纳入全年工作重点。",
        )
        for day, sector, title in SYMPOSIUMS
    ]
    LeadershipMeeting.objects.bulk_create(meetings)
    sessions = meetings[: len(SESSIONS)]
    FundIntegration.objects.bulk_create(
        [
            FundIntegration(
                organization=root,
                source=source,
                source_detail=unit,
                purpose=purpose,
                amount_yuan=Decimal(amount),
                allocated_on=(
                    sessions[idx].held_on + dt.timedelta(days=rng.randint(7, 30))
                    if idx is not None
                    else day_in(rng, dt.date(2014, 3, 1), dt.date(2014, 11, 30))
                ),
                document_no=f"通组文〔2014〕{n}号",
                meeting=sessions[idx] if idx is not None else None,
            )
            for n, (idx, source, unit, purpose, amount) in enumerate(FUNDS, start=11)
        ]
    )
