"""About 16,000 members across the Tongshan tree, 1,127 of them mobile members managed by
the 20 remote-chamber branches (双联双管), in-service members registered with
communities, branch secretaries, and the demo login ``member``.

The registry's movements in 2012–2014, each with its status history and organization
periods: members who died, whose membership was stopped (停止党籍), who were removed
(除名/出党) or transferred out of the county (with the introduction letter), and
completed transfers between branches within the county — so "members reduced" and the
transfer lists have records to count.

Nobody here joins the party in 2014: the 2014 intake is the admission demo's cohort
(``admission.tongshan_2014``: 139 people accepted as probationary members in 2014, each
entered in this registry when approved), so "new members in 2014" counted from the
registry is the same 139 the admission figures (30.2% women, 70.5% under 35) are shares
of. Members here joined by mid-2013 and are full members by the end of 2014.

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
    StatusChange,
    Transfer,
    TransferKind,
    TransferStatus,
)
from .rules import add_years, probation_ends

MOBILE_MEMBERS = 1127
LATEST_JOINED = dt.date(2013, 6, 30)
# Movements recorded per year of 2012–2014: (deceased, stopped, removed, out of the
# county, within the county).
MOVEMENTS = {
    2012: (58, 3, 2, 21, 34),
    2013: (64, 4, 3, 26, 41),
    2014: (71, 5, 2, 29, 47),
}
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
            # Joined by mid-2013 (the 2014 intake is the admission demo's cohort), so a
            # full member by the end of 2014.
            latest = min(LATEST_JOINED, add_years(birth, 55))
            if latest <= earliest:
                latest = earliest + dt.timedelta(days=30)
            joined = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
            full_on = probation_ends(joined)
            probationary = full_on > today
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
    login_member = _demo_login(by_branch, branches)
    _movements(rng, branches, members, exclude={login_member.pk})
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


def _demo_login(by_branch: dict[int, list[Member]], branches: list[Organization]) -> Member:
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
    return member


DESTINATIONS = [
    ("湖北省武汉市洪山区委组织部", "工作调动"),
    ("湖北省咸宁市咸安区委组织部", "工作调动"),
    ("广东省深圳市龙岗区委组织部", "外出就业，转入工作单位党组织"),
    ("浙江省义乌市委组织部", "外出经商，转入流入地党组织"),
    ("湖北省咸宁市崇阳县委组织部", "随配偶迁居"),
    ("湖南省岳阳市委组织部", "工作调动"),
]
STATUS_REASONS = {
    MemberStatus.DECEASED: ["因病去世", "病故", "因意外事故去世"],
    MemberStatus.STOPPED: [
        "出国（境）定居，经支部大会讨论、乡镇党委批准停止党籍",
        "失去联系满六个月，经支部大会讨论、乡镇党委批准停止党籍",
    ],
    MemberStatus.REMOVED: [
        "连续六个月不参加组织生活、不交纳党费，经支部大会决定、上级党委批准除名",
        "受开除党籍处分（县纪委决定）",
    ],
}


def _movements(
    rng: random.Random, branches: list[Organization], members: list[Member], exclude: set[int]
) -> None:
    """Members who left in 2012–2014 (deceased, stopped, removed, transferred out of the
    county) and completed transfers within the county, with the records the services
    would have written: status changes, closed and opened organization periods, the
    transfers with both committees' approvals and the introduction letter numbers.

    Only ordinary members take part (no branch posts, not mobile, not registered with a
    community, not the demo login), so the secretaries, the 1,127 mobile members and the
    community registrations stay as they are."""
    from grassroots.accounts.models import User

    county = User.objects.filter(username="county").first()
    if county is None:  # the accounts step did not run (tests of this step alone)
        county = User.objects.create(username="demo_registry", full_name="县委组织部组织科")
    ordinary = [
        m
        for m in members
        if not m.branch_post
        and m.managing_organization_id is None
        and m.service_community_id is None
        and m.pk not in exclude
        and m.status == MemberStatus.FULL
    ]
    rng.shuffle(ordinary)
    pool = iter(ordinary)
    by_pk = {b.pk: b for b in branches}
    targets = [b for b in branches if b.sector != Sector.REMOTE_CHAMBER]
    status_changes: list[StatusChange] = []
    transfers: list[Transfer] = []
    new_periods: list[MembershipPeriod] = []
    closed: dict[int, dt.date] = {}
    left: list[Member] = []
    moved: list[Member] = []
    letter = 0

    def day_in(year: int) -> dt.date:
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))

    def take(day: dt.date, old_enough: bool = False) -> Member:
        for m in pool:
            if m.joined_on and m.joined_on < day - dt.timedelta(days=400):
                if old_enough and m.birth_date.year > 1950:
                    continue
                return m
        raise RuntimeError("demo registry too small for its movements")

    for year, (deceased, stopped, removed, out, within) in MOVEMENTS.items():
        for status, n in (
            (MemberStatus.DECEASED, deceased),
            (MemberStatus.STOPPED, stopped),
            (MemberStatus.REMOVED, removed),
        ):
            for _k in range(n):
                day = day_in(year)
                m = take(day, old_enough=status == MemberStatus.DECEASED)
                m.status, m.status_changed_on = status, day
                closed[m.pk] = day
                left.append(m)
                status_changes.append(
                    StatusChange(
                        member_id=m.pk,
                        old_status=MemberStatus.FULL,
                        new_status=status,
                        changed_on=day,
                        reason=rng.choice(STATUS_REASONS[status]),
                        recorded_by=county,
                    )
                )
        for _k in range(out):
            day = day_in(year)
            m = take(day)
            place, reason = rng.choice(DESTINATIONS)
            letter += 1
            number = f"鄂通组介{year}第{letter:03d}号"
            m.status, m.status_changed_on = MemberStatus.TRANSFERRED_OUT, day
            closed[m.pk] = day
            left.append(m)
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            transfers.append(
                Transfer(
                    member_id=m.pk,
                    kind=TransferKind.OUT,
                    status=TransferStatus.COMPLETED,
                    from_organization_id=m.organization_id,
                    external_place=place,
                    letter_number=number,
                    dues_paid_until=day.replace(day=1),
                    transfer_on=day,
                    reason=reason,
                    created_by=county,
                    out_approved_by=county,
                    out_approved_at=at,
                    completed_by=county,
                    completed_at=at,
                )
            )
            status_changes.append(
                StatusChange(
                    member_id=m.pk,
                    old_status=MemberStatus.FULL,
                    new_status=MemberStatus.TRANSFERRED_OUT,
                    changed_on=day,
                    reason=f"转往{place}，介绍信{number}",
                    recorded_by=county,
                )
            )
        for _k in range(within):
            day = day_in(year)
            received = day + dt.timedelta(days=rng.randint(3, 20))
            if received.year != year:
                received = dt.date(year, 12, 31)
            m = take(day)
            source = by_pk[m.organization_id]
            target = rng.choice([b for b in targets if b.pk != source.pk])
            at = timezone.make_aware(dt.datetime.combine(received, dt.time(15)))
            transfers.append(
                Transfer(
                    member_id=m.pk,
                    kind=TransferKind.WITHIN,
                    status=TransferStatus.COMPLETED,
                    from_organization_id=source.pk,
                    to_organization_id=target.pk,
                    dues_paid_until=day.replace(day=1),
                    transfer_on=day,
                    reason=rng.choice(["工作调动", "迁居", "随子女居住", "退休后迁居"]),
                    created_by=county,
                    out_approved_by=county,
                    out_approved_at=at,
                    in_approved_by=county,
                    in_approved_at=at,
                    completed_by=county,
                    completed_at=at,
                )
            )
            closed[m.pk] = received
            new_periods.append(
                MembershipPeriod(
                    member_id=m.pk,
                    organization_id=target.pk,
                    started_on=received,
                    reason="县内转接",
                )
            )
            m.organization_id = target.pk
            m.party_group_id = None
            moved.append(m)
    periods = list(MembershipPeriod.objects.filter(member_id__in=list(closed), ended_on=None))
    for period in periods:
        period.ended_on = closed[period.member_id]
    MembershipPeriod.objects.bulk_update(periods, ["ended_on"], batch_size=1000)
    MembershipPeriod.objects.bulk_create(new_periods, batch_size=1000)
    Member.objects.bulk_update(left, ["status", "status_changed_on"], batch_size=1000)
    Member.objects.bulk_update(moved, ["organization", "party_group"], batch_size=1000)
    StatusChange.objects.bulk_create(status_changes, batch_size=1000)
    Transfer.objects.bulk_create(transfers, batch_size=1000)
