"""About 16,000 members across the Tongshan tree, 1,127 of them mobile members managed by
the 20 remote-chamber branches (双联双管), in-service members registered with
communities, branch secretaries, and the demo login ``member``.

Bulk-inserted (no per-row audit entries): the whole step takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from faker import Faker
from stdnum.cn import ric

from grassroots.core import crypto
from grassroots.core.pinyin import pinyin_keys
from grassroots.core.roles import Role
from grassroots.core.validators import mask_id_number
from grassroots.demo.registry import DEMO_PASSWORD, SEED, DemoContext, step
from grassroots.orgs.models import BRANCH_KINDS, Organization, OrgKind, Sector

from .models import (
    BranchPost,
    CommunityRegistration,
    ContactChannel,
    Education,
    Member,
    MembershipPeriod,
    MemberStatus,
    MobileContact,
    Occupation,
)
from .rules import add_years, probation_ends

MOBILE_MEMBERS = 1127
IN_SERVICE_REGISTRATIONS = 1500
LONGDING_CODE = "42122410000102"
DEMO_MEMBER_USERNAME = "member"

# Members per branch, by sector: (low, high).
SIZES = {
    Sector.VILLAGE: (40, 64),
    Sector.COMMUNITY: (45, 75),
    Sector.ORGAN: (25, 55),
    Sector.INSTITUTION: (30, 70),
    Sector.PRIVATE_ENTERPRISE: (8, 22),
    Sector.REMOTE_CHAMBER: (3, 8),
}
# Birth-year range and share of women, by sector.
PROFILES = {
    Sector.VILLAGE: ((1932, 1993), 0.2),
    Sector.COMMUNITY: ((1935, 1992), 0.38),
    Sector.ORGAN: ((1956, 1991), 0.32),
    Sector.INSTITUTION: ((1956, 1991), 0.42),
    Sector.PRIVATE_ENTERPRISE: ((1960, 1992), 0.25),
    Sector.REMOTE_CHAMBER: ((1958, 1988), 0.15),
}
EDUCATION = {
    Sector.VILLAGE: [
        (Education.JUNIOR_HIGH_OR_BELOW, 62),
        (Education.HIGH_SCHOOL, 26),
        (Education.SECONDARY_VOCATIONAL, 7),
        (Education.JUNIOR_COLLEGE, 4),
        (Education.BACHELOR, 1),
    ],
    Sector.COMMUNITY: [
        (Education.JUNIOR_HIGH_OR_BELOW, 30),
        (Education.HIGH_SCHOOL, 32),
        (Education.SECONDARY_VOCATIONAL, 12),
        (Education.JUNIOR_COLLEGE, 16),
        (Education.BACHELOR, 10),
    ],
    Sector.ORGAN: [
        (Education.HIGH_SCHOOL, 5),
        (Education.JUNIOR_COLLEGE, 35),
        (Education.BACHELOR, 55),
        (Education.POSTGRADUATE, 5),
    ],
    Sector.INSTITUTION: [
        (Education.HIGH_SCHOOL, 4),
        (Education.SECONDARY_VOCATIONAL, 8),
        (Education.JUNIOR_COLLEGE, 38),
        (Education.BACHELOR, 46),
        (Education.POSTGRADUATE, 4),
    ],
    Sector.PRIVATE_ENTERPRISE: [
        (Education.JUNIOR_HIGH_OR_BELOW, 20),
        (Education.HIGH_SCHOOL, 35),
        (Education.SECONDARY_VOCATIONAL, 20),
        (Education.JUNIOR_COLLEGE, 18),
        (Education.BACHELOR, 7),
    ],
    Sector.REMOTE_CHAMBER: [
        (Education.HIGH_SCHOOL, 40),
        (Education.JUNIOR_COLLEGE, 35),
        (Education.BACHELOR, 25),
    ],
}
OCCUPATION = {
    Sector.VILLAGE: [
        (Occupation.FARMER, 78),
        (Occupation.RETIRED, 8),
        (Occupation.OTHER, 10),
        (Occupation.WORKER, 4),
    ],
    Sector.COMMUNITY: [
        (Occupation.RETIRED, 45),
        (Occupation.OTHER, 30),
        (Occupation.WORKER, 15),
        (Occupation.PROFESSIONAL, 10),
    ],
    Sector.ORGAN: [
        (Occupation.ORGAN_STAFF, 88),
        (Occupation.PROFESSIONAL, 6),
        (Occupation.RETIRED, 6),
    ],
    Sector.INSTITUTION: [
        (Occupation.PROFESSIONAL, 72),
        (Occupation.MANAGER, 18),
        (Occupation.RETIRED, 10),
    ],
    Sector.PRIVATE_ENTERPRISE: [
        (Occupation.WORKER, 60),
        (Occupation.MANAGER, 25),
        (Occupation.PROFESSIONAL, 15),
    ],
    Sector.REMOTE_CHAMBER: [(Occupation.MANAGER, 70), (Occupation.WORKER, 30)],
}
FRONTLINE = {Occupation.FARMER, Occupation.WORKER, Occupation.PROFESSIONAL}
TOWNSHIP_PLACES = [
    "通羊",
    "南林桥",
    "黄沙铺",
    "厦铺",
    "九宫山",
    "闯王",
    "洪港",
    "大畈",
    "杨芳林",
    "燕厦",
    "大路",
    "慈口",
]


def _weighted(rng: random.Random, table: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def _birth(rng: random.Random, years: tuple[int, int]) -> dt.date:
    low, high = years
    # Rural members are older: a triangular distribution leaning to the low end.
    year = int(rng.triangular(low, high, low + (high - low) * 0.45))
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


class _Ids:
    """Unique valid ID numbers with Tongshan's birthplace code."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, birth: dt.date, female: bool) -> str:
        while True:
            seq = self.rng.randint(0, 499) * 2 + (0 if female else 1)
            body = f"421224{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number


@step("members.tongshan_members", order=30)
def seed_members(ctx: DemoContext) -> None:
    rng = random.Random(SEED + 30)
    fake = Faker("zh_CN")
    fake.seed_instance(SEED + 30)
    ids = _Ids(rng)
    today = timezone.localdate()
    branches = list(
        Organization.objects.filter(kind__in=list(BRANCH_KINDS), dissolved_on__isnull=True)
        .exclude(sector__in=[Sector.GENERAL, Sector.MOBILE])
        .order_by("path")
    )
    groups: dict[str, list[Organization]] = defaultdict(list)
    for g in Organization.objects.filter(kind=OrgKind.PARTY_GROUP).order_by("path"):
        groups[g.path[: -Organization.steplen]].append(g)
    pinyin_cache: dict[str, tuple[str, str]] = {}
    members: list[Member] = []
    by_branch: dict[int, list[Member]] = defaultdict(list)
    for branch in branches:
        sector = Sector(branch.sector)
        low, high = SIZES.get(sector, (20, 40))
        years, female_share = PROFILES.get(sector, ((1950, 1990), 0.3))
        place = next((p for p in TOWNSHIP_PLACES if p in branch.name), "通羊")
        for _i in range(rng.randint(low, high)):
            female = rng.random() < female_share
            name = fake.name_female() if female else fake.name_male()
            birth = _birth(rng, years)
            number = ids.make(birth, female)
            occupation = _weighted(rng, OCCUPATION[sector])
            if add_years(birth, 60) < today and sector != Sector.VILLAGE and rng.random() < 0.7:
                occupation = Occupation.RETIRED
            earliest = add_years(birth, 18)
            probationary = rng.random() < 0.025 and earliest <= dt.date(2014, 1, 1)
            if probationary:
                joined = dt.date(2014, rng.randint(1, 12), rng.randint(1, 28))
                full_on = None
            else:
                latest = min(dt.date(2013, 6, 30), add_years(birth, 55))
                if latest <= earliest:
                    latest = earliest + dt.timedelta(days=30)
                joined = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
                full_on = probation_ends(joined)
                if full_on > dt.date(2014, 12, 31):
                    full_on, probationary = None, True
            if name not in pinyin_cache:
                pinyin_cache[name] = pinyin_keys(name)
            full, initials = pinyin_cache[name]
            member = Member(
                organization=branch,
                party_group=rng.choice(groups[branch.path]) if groups.get(branch.path) else None,
                name=name,
                name_pinyin=full,
                name_initials=initials,
                sex="female" if female else "male",
                ethnicity="汉族"
                if rng.random() < 0.985
                else rng.choice(["土家族", "苗族", "回族"]),
                birth_date=birth,
                id_number_encrypted=crypto.encrypt(number),
                id_number_hash=crypto.lookup_hash(number),
                id_number_masked=mask_id_number(number),
                native_place=f"湖北通山{place}",
                education=_weighted(rng, EDUCATION[sector]),
                occupation=occupation,
                is_frontline=occupation in FRONTLINE,
                mobile=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                address=f"通山县{place}{'镇' if place in ('通羊', '南林桥', '黄沙铺', '厦铺', '九宫山', '闯王', '洪港', '大畈') else '乡'}{branch.short_name or ''}",
                joined_on=joined,
                full_member_on=full_on,
                status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
            )
            members.append(member)
            by_branch[branch.pk].append(member)
    _branch_posts(rng, branches, by_branch)
    _mobile(rng, branches, by_branch, today)
    Member.objects.bulk_create(members, batch_size=1000)
    if members[0].pk is None:
        pks = dict(Member.objects.values_list("id_number_hash", "pk"))
        for m in members:
            m.pk = pks[m.id_number_hash]
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                member_id=m.pk,
                organization_id=m.organization_id,
                started_on=m.joined_on or dt.date(2014, 1, 1),
                reason="登记",
            )
            for m in members
        ],
        batch_size=2000,
    )
    secretaries = []
    for branch in branches:
        sec = next((m for m in by_branch[branch.pk] if m.branch_post == BranchPost.SECRETARY), None)
        if sec is not None:
            branch.secretary_id = sec.pk
            secretaries.append(branch)
    Organization.objects.bulk_update(secretaries, ["secretary"], batch_size=500)
    _contacts(rng, members, today)
    _community(rng, branches, by_branch)
    _demo_login(by_branch, branches)
    ctx.data["members"] = len(members)


def _branch_posts(
    rng: random.Random, branches: list[Organization], by_branch: dict[int, list[Member]]
) -> None:
    """A secretary for every branch; a deputy and committee members in larger ones."""
    for branch in branches:
        people = [m for m in by_branch[branch.pk] if m.status == MemberStatus.FULL]
        people.sort(key=lambda m: (m.birth_date.year < 1955, m.birth_date.year > 1985, m.name))
        if not people:
            continue
        people[0].branch_post = BranchPost.SECRETARY
        if len(people) >= 30:
            people[1].branch_post = BranchPost.DEPUTY_SECRETARY
            for m in people[2:5]:
                m.branch_post = BranchPost.COMMITTEE_MEMBER
        elif len(people) >= 7:
            for m in people[1:3]:
                m.branch_post = BranchPost.COMMITTEE_MEMBER


def _mobile(
    rng: random.Random,
    branches: list[Organization],
    by_branch: dict[int, list[Member]],
    today: dt.date,
) -> None:
    """1,127 village members work away, managed by the 20 remote-chamber branches."""
    chambers = [b for b in branches if b.sector == Sector.REMOTE_CHAMBER]
    candidates = [
        m
        for b in branches
        if b.sector == Sector.VILLAGE
        for m in by_branch[b.pk]
        if m.branch_post == "" and 1960 <= m.birth_date.year <= 1992
    ]
    chosen = rng.sample(candidates, MOBILE_MEMBERS)
    for i, member in enumerate(chosen):
        chamber = chambers[i % len(chambers)]
        member.managing_organization = chamber
        member.mobile_destination = chamber.address
        member.mobile_since = dt.date(
            rng.randint(2006, 2014), rng.randint(1, 12), rng.randint(1, 28)
        )
        member.occupation = rng.choice([Occupation.WORKER, Occupation.MANAGER, Occupation.OTHER])
        member.is_frontline = member.occupation == Occupation.WORKER


def _contacts(rng: random.Random, members: list[Member], today: dt.date) -> None:
    """Regular contact by phone, SMS, e-mail, post and WeChat; about one in eight mobile
    members has not been contacted recently (the overdue list has something to show)."""
    rows = []
    channels = list(ContactChannel.values)
    contents = [
        "电话询问近况，传达县委有关精神",
        "发送短信提醒按时交纳党费",
        "邮寄《湖北党建》学习资料",
        "电子邮件发送党课学习材料",
        "微信群通知参加商会党支部组织生活",
        "了解务工情况和家庭困难",
    ]
    for m in members:
        if m.managing_organization_id is None:
            continue
        recent = rng.random() > 0.12
        for _k in range(rng.randint(1, 3)):
            days = rng.randint(5, 80) if recent else rng.randint(120, 400)
            day = today - dt.timedelta(days=days)
            if m.mobile_since and day < m.mobile_since:
                continue
            rows.append(
                MobileContact(
                    member_id=m.pk,
                    contacted_on=day,
                    channel=rng.choice(channels),
                    content=rng.choice(contents),
                    contacted_by="村党支部书记",
                )
            )
    MobileContact.objects.bulk_create(rows, batch_size=2000)


def _community(
    rng: random.Random, branches: list[Organization], by_branch: dict[int, list[Member]]
) -> None:
    """In-service members of organs and institutions register with the communities of
    the county town where they live (在职党员进社区)."""
    communities = list(
        Organization.objects.filter(sector=Sector.COMMUNITY, code__startswith="421224100")
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
    in_service = [
        m
        for b in branches
        if b.sector in (Sector.ORGAN, Sector.INSTITUTION)
        for m in by_branch[b.pk]
        if m.occupation != Occupation.RETIRED
    ]
    chosen = rng.sample(in_service, min(IN_SERVICE_REGISTRATIONS, len(in_service)))
    rows = []
    for m in chosen:
        community = rng.choice(communities)
        m.service_community = community
        rows.append(
            CommunityRegistration(
                member_id=m.pk,
                community=community,
                registered_on=dt.date(2014, rng.randint(3, 11), rng.randint(1, 28)),
                note=rng.choice(
                    ["政策宣传", "环境卫生", "关爱老人", "法律咨询", "治安巡逻", "文体活动"]
                ),
            )
        )
    CommunityRegistration.objects.bulk_create(rows, batch_size=2000)
    Member.objects.bulk_update(chosen, ["service_community"], batch_size=1000)


def _demo_login(by_branch: dict[int, list[Member]], branches: list[Organization]) -> None:
    """The self-service demo login: a member of 隆鼎丽都小区党支部."""
    from grassroots.accounts.models import RoleAssignment, User

    branch = next(b for b in branches if b.code == LONGDING_CODE)
    member = next(
        m for m in by_branch[branch.pk] if m.branch_post == "" and m.status == MemberStatus.FULL
    )
    user = User.objects.create(
        username=DEMO_MEMBER_USERNAME,
        full_name=member.name,
        password=make_password(DEMO_PASSWORD),
        member=member,
    )
    RoleAssignment.objects.create(user=user, role=Role.MEMBER, organization=branch, title="党员")
