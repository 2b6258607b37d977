"""Tongshan 2014: 21 weak villages rectified by "五抓五治" (坚持“五抓五治”，整顿转化软弱涣散
党组织). Every figure of the article's paragraph comes out of the action records. Three
villages rectified in 2013 are there too (not counted for 2014), and two of 2014's fail the
acceptance review and carry over into 2015."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.roles import Role
from grassroots.demo.registry import DemoContext, step
from grassroots.liaison.demo import OTHER_UNITS, day_in, person_name, spread
from grassroots.orgs.models import Organization, OrgKind, Sector

from .models import (
    KIND_HEADING,
    Action,
    ActionKind,
    CaseStatus,
    HotIssueArea,
    LeadingBody,
    RectificationCase,
    RuleType,
    WeakReason,
)

SEED = 5214
YEAR = 2014
WEAK_VILLAGES = 21
CARRIED_OVER = 2
COUNTS = {
    ActionKind.COMMITTEE_MEMBER_ADJUSTED: 7,
    ActionKind.SECRETARY_ADJUSTED: 5,
    ActionKind.DISPUTE_RESOLVED: 45,
    ActionKind.LEGACY_ISSUE: 18,
    ActionKind.HOT_ISSUE: 78,
    ActionKind.GOOD_DEED: 168,
    ActionKind.COLLECTIVE_PROJECT: 23,
    ActionKind.SKILLS_TRAINING: 33,
}
COORDINATION_MEETINGS = 31
RESERVE_CADRES = 48  # 2–3 per village
RULES = 72
AID_FUNDS_YUAN = 3_750_000
AID_FUNDS_RECORDS = 42
AID_GOODS_YUAN = 750_000
AID_GOODS_RECORDS = 30
SUBSIDY_TOTAL_YUAN = 1_050_000  # the county budget's 以奖代补 line (liaison demo)

TITLES: dict[str, list[str]] = {
    ActionKind.COMMITTEE_MEMBER_ADJUSTED: ["调整村委会委员", "调整村支部委员", "补选村“两委”成员"],
    ActionKind.SECRETARY_ADJUSTED: ["调整村党支部书记", "选派优秀年轻干部任村党支部书记"],
    ActionKind.RESERVE_CADRE: ["选拔培养村级后备干部"],
    ActionKind.COORDINATION_MEETING: [
        "挂点县领导召开村级发展协调会",
        "挂点县领导主持召开矛盾调处协调会",
        "挂点县领导召开班子建设专题协调会",
    ],
    ActionKind.DISPUTE_RESOLVED: [
        "调解山林界址纠纷",
        "调解土地流转纠纷",
        "调解邻里宅基地纠纷",
        "调解征地补偿纠纷",
        "调解婚姻家庭矛盾",
    ],
    ActionKind.LEGACY_ISSUE: [
        "清理村级历史债务",
        "解决多年未决的山林权属问题",
        "解决移民遗留补偿问题",
        "规范历年村级账目",
    ],
    ActionKind.HOT_ISSUE: ["解决群众反映的热点难点问题"],
    ActionKind.GOOD_DEED: [
        "为五保户修缮房屋",
        "修通组级公路",
        "安装太阳能路灯",
        "为留守儿童送学习用品",
        "开展“科技、卫生、文化”三下乡",
        "修建村级文化广场",
        "解决安全饮水",
        "为困难党员送慰问金",
    ],
    ActionKind.COLLECTIVE_PROJECT: [
        "申报茶叶基地建设项目",
        "申报楠竹加工合作社项目",
        "申报光伏发电项目",
        "申报特色养殖项目",
        "申报乡村旅游项目",
    ],
    ActionKind.SKILLS_TRAINING: [
        "茶叶种植管理技术培训",
        "楠竹丰产技术培训",
        "畜禽养殖技术培训",
        "农村电商实用技术培训",
        "果树嫁接技术培训",
    ],
    ActionKind.AID_FUNDS: ["落实县直单位帮扶资金", "落实项目帮扶资金", "落实扶贫专项资金"],
    ActionKind.AID_GOODS: ["落实化肥种苗等帮扶物资", "落实办公设备", "落实慰问物资"],
    ActionKind.RULE_ESTABLISHED: [],
    ActionKind.SERVICE_CENTRE_SUBSIDY: ["党员群众服务中心建设以奖代补"],
}
PARTY_RULES = ["“三会一课”制度", "村干部任期目标责任制", "民主评议党员制度", "联系服务群众制度"]
DEMOCRATIC_RULES = ["“四议两公开”议事决策程序", "村务公开制度", "村级财务管理制度"]
EVIDENCE = ["会议记录", "签到表及照片", "台账", "文件", "协议书", "收据及拨款凭证", "培训名册"]


def _body(post: str) -> str:
    if "人大" in post:
        return LeadingBody.CONGRESS
    if "政协" in post:
        return LeadingBody.CPPCC
    if "县长" in post or "县政府" in post:
        return LeadingBody.GOVERNMENT
    return LeadingBody.PARTY


def _subsidies(rng: random.Random, n: int) -> list[int]:
    """``n`` subsidies of 30,000–70,000 yuan (steps of 5,000) summing to the budget line."""
    amounts = [SUBSIDY_TOTAL_YUAN // n] * n
    for _ in range(200):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and amounts[i] + 5000 <= 70000 and amounts[j] - 5000 >= 30000:
            amounts[i] += 5000
            amounts[j] -= 5000
    return amounts


@step("rectification.weak_villages", order=53)
def seed_rectification(ctx: DemoContext) -> None:
    rng = random.Random(SEED)
    root = Organization.objects.get(code="421224")
    county_user = User.objects.filter(username="county").first()
    villages = list(
        Organization.objects.filter(
            path__subtree=root.path, kind=OrgKind.BRANCH, sector=Sector.VILLAGE
        ).order_by("path")
    )
    townships = sorted({v.path[:8] for v in villages})
    # One or two villages in each township: spread over the county as the article implies.
    chosen: list[Organization] = []
    for i in range(WEAK_VILLAGES):
        prefix = townships[i % len(townships)]
        pool = [v for v in villages if v.path.startswith(prefix) and v not in chosen]
        chosen.append(rng.choice(pool))
    leaders = list(
        RoleAssignment.objects.filter(
            user__username__startswith="ld_county", role=Role.LEADER, organization=root
        )
        .select_related("user")
        .order_by("user__username")
    )
    cases: list[RectificationCase] = []
    for i, village in enumerate(chosen):
        reasons = rng.sample(WeakReason.values, k=rng.randint(1, 3))
        if i < COUNTS[ActionKind.SECRETARY_ADJUSTED] and WeakReason.SECRETARY not in reasons:
            reasons.append(WeakReason.SECRETARY)
        assignment = leaders[i % len(leaders)] if leaders else None
        cases.append(
            RectificationCase(
                organization=village,
                year=YEAR,
                reasons=[r for r in WeakReason.values if r in reasons],
                status=CaseStatus.OPEN,
                proposed_on=dt.date(2014, 3, rng.randint(3, 12)),
                decided_by=county_user,
                decided_on=dt.date(2014, 3, 20),
                decision_note="经县委常委会研究，列为软弱涣散党组织，实行“五抓五治”整顿。",
                leader=assignment.user if assignment else None,
                leader_body=_body(assignment.title) if assignment else "",
                leader_post=assignment.title if assignment else "",
                first_secretary=person_name(rng),
                first_secretary_unit=OTHER_UNITS[i % len(OTHER_UNITS)],
                first_secretary_sent_on=dt.date(2014, 4, rng.randint(1, 10)),
            )
        )
    RectificationCase.objects.bulk_create(cases)

    actions: list[Action] = []

    def add(case: RectificationCase, kind: str, **fields: object) -> None:
        titles = TITLES[kind]
        fields.setdefault("title", rng.choice(titles) if titles else "")
        actions.append(
            Action(
                case=case,
                kind=kind,
                heading=KIND_HEADING[kind],
                occurred_on=day_in(rng, dt.date(2014, 4, 1), dt.date(2014, 12, 10)),
                evidence=rng.choice(EVIDENCE),
                **fields,  # type: ignore[arg-type]
            )
        )

    n = len(cases)
    for i, case in enumerate(cases):
        if i < COUNTS[ActionKind.SECRETARY_ADJUSTED]:
            add(case, ActionKind.SECRETARY_ADJUSTED, person_name=person_name(rng))
        if i >= n - COUNTS[ActionKind.COMMITTEE_MEMBER_ADJUSTED]:
            add(case, ActionKind.COMMITTEE_MEMBER_ADJUSTED, person_name=person_name(rng))
        cadres = 3 if i < RESERVE_CADRES - 2 * n else 2
        for _ in range(cadres):
            add(case, ActionKind.RESERVE_CADRE, person_name=person_name(rng))
    for case, k in zip(
        cases, [1 + e for e in spread(rng, COORDINATION_MEETINGS - n, n)], strict=True
    ):
        for _ in range(k):
            add(case, ActionKind.COORDINATION_MEETING)
    for kind in (
        ActionKind.DISPUTE_RESOLVED,
        ActionKind.LEGACY_ISSUE,
        ActionKind.GOOD_DEED,
        ActionKind.COLLECTIVE_PROJECT,
        ActionKind.SKILLS_TRAINING,
    ):
        for case, k in zip(cases, spread(rng, COUNTS[kind], n), strict=True):
            for _ in range(k):
                add(case, kind)
    areas = HotIssueArea.values
    for case, k in zip(cases, spread(rng, COUNTS[ActionKind.HOT_ISSUE], n), strict=True):
        for _ in range(k):
            area = rng.choice(areas)
            add(case, ActionKind.HOT_ISSUE, area=area, title=f"解决{HotIssueArea(area).label}问题")
    for case, k in zip(cases, [3 + e for e in spread(rng, RULES - 3 * n, n)], strict=True):
        rules = [(RuleType.PARTY_WORK, r) for r in PARTY_RULES] + [
            (RuleType.DEMOCRATIC, r) for r in DEMOCRATIC_RULES
        ]
        for rule_type, name in rng.sample(rules, k=k):
            add(case, ActionKind.RULE_ESTABLISHED, area=rule_type, title=f"健全完善{name}")
    for kind, total, records in (
        (ActionKind.AID_FUNDS, AID_FUNDS_YUAN, AID_FUNDS_RECORDS),
        (ActionKind.AID_GOODS, AID_GOODS_YUAN, AID_GOODS_RECORDS),
    ):
        amounts = [a + 1000 for a in spread(rng, total - 1000 * records, records, unit=1000)]
        for amount in amounts:
            add(rng.choice(cases), kind, amount_yuan=Decimal(amount))
    for case, amount in zip(cases, _subsidies(rng, n), strict=True):
        add(case, ActionKind.SERVICE_CENTRE_SUBSIDY, amount_yuan=Decimal(amount))
    Action.objects.bulk_create(actions, batch_size=500)

    # Acceptance reviews in December; two villages carry over into 2015.
    carried = set(rng.sample(range(n), k=CARRIED_OVER))
    next_year: list[RectificationCase] = []
    for i, case in enumerate(cases):
        case.reviewed_by = county_user
        case.reviewed_on = dt.date(2014, 12, rng.randint(15, 26))
        if i in carried:
            case.status = CaseStatus.CARRIED_OVER
            case.review_note = "村级集体经济仍未破零，班子凝聚力有待加强，转入2015年继续整顿。"
            next_year.append(
                RectificationCase(
                    organization=case.organization,
                    year=YEAR + 1,
                    reasons=case.reasons,
                    status=CaseStatus.OPEN,
                    proposed_on=case.reviewed_on,
                    decided_by=county_user,
                    decided_on=case.reviewed_on,
                    decision_note="上年度验收未通过，转入本年度继续整顿。",
                    leader=case.leader,
                    leader_body=case.leader_body,
                    leader_post=case.leader_post,
                    first_secretary=case.first_secretary,
                    first_secretary_unit=case.first_secretary_unit,
                    first_secretary_sent_on=case.first_secretary_sent_on,
                    carried_from=case,
                )
            )
        else:
            case.status = CaseStatus.RECTIFIED
            case.review_note = "班子健全、制度规范、发展有路子，验收合格，整顿转化。"
    RectificationCase.objects.bulk_update(
        cases, ["status", "reviewed_by", "reviewed_on", "review_note"]
    )
    RectificationCase.objects.bulk_create(next_year)
    _seed_2013(rng, [v for v in villages if v not in chosen], county_user)


def _seed_2013(rng: random.Random, villages: list[Organization], county_user: User | None) -> None:
    """Three villages rectified the year before: history that the 2014 figures leave out."""
    earlier = [
        RectificationCase(
            organization=village,
            year=YEAR - 1,
            reasons=[WeakReason.RULES, WeakReason.SERVICE],
            status=CaseStatus.RECTIFIED,
            proposed_on=dt.date(2013, 3, 5),
            decided_by=county_user,
            decided_on=dt.date(2013, 3, 25),
            first_secretary=person_name(rng),
            first_secretary_unit=rng.choice(OTHER_UNITS),
            first_secretary_sent_on=dt.date(2013, 4, 8),
            reviewed_by=county_user,
            reviewed_on=dt.date(2013, 12, 18),
            review_note="验收合格，整顿转化。",
        )
        for village in rng.sample(villages, k=3)
    ]
    RectificationCase.objects.bulk_create(earlier)
    actions = []
    for case in earlier:
        for kind, title, extra in (
            (ActionKind.COORDINATION_MEETING, "挂点县领导召开协调会", {}),
            (ActionKind.RESERVE_CADRE, "选拔培养村级后备干部", {"person_name": person_name(rng)}),
            (ActionKind.RESERVE_CADRE, "选拔培养村级后备干部", {"person_name": person_name(rng)}),
            (ActionKind.GOOD_DEED, "修通组级公路", {}),
            (ActionKind.RULE_ESTABLISHED, "健全完善村务公开制度", {"area": RuleType.DEMOCRATIC}),
        ):
            actions.append(
                Action(
                    case=case,
                    kind=kind,
                    heading=KIND_HEADING[kind],
                    occurred_on=day_in(rng, dt.date(2013, 4, 1), dt.date(2013, 12, 10)),
                    title=title,
                    evidence=rng.choice(EVIDENCE),
                    **extra,  # type: ignore[arg-type]
                )
            )
    Action.objects.bulk_create(actions)
