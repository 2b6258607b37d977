"""Demo admission cases for Tongshan County (order 40, after the member registry).

* The 2014 cohort: 139 people admitted as probationary members in 2014, whose structure
  gives the article's figures exactly: 42 women (42/139 = 30.2%), 98 under 35 at
  admission (98/139 = 70.5%; nobody is exactly 35, so "35岁以下" read either way gives
  the same figure), all 139 from the production or work front line (100%). Each has a
  complete history of the 25 steps (with the 1443 records), became a full member when
  probation ended in 2015 and has an archived file; each is in the member registry.
* The members admitted in 2013 (in the registry already): their cases, full histories
  linked to those members, so the 2014 conversions to full membership are counted.
* The pipeline at the end of 2014 (198 people who applied from mid-2013 on):
  applicants, activists and candidates on 31 December 2014, so the 2014 dashboard's
  pipeline is not empty; their histories run on to admission in 2015–2016 and full
  membership a year later, as complete as the 2014 cohort's.
* Cases in progress today at every stage, mostly in 隆鼎丽都小区党支部 (the demo branch
  logins) and across the townships: overdue talks, assessments and approvals, open
  public notices (one with an objection waiting for an answer), approval queues.

Everything is bulk-inserted (no audit entry per row); the step loader writes one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from faker import Faker
from stdnum.cn import ric

from grassroots.core import crypto
from grassroots.core.calendar import add_working_days
from grassroots.core.pinyin import pinyin_keys
from grassroots.core.validators import mask_id_number
from grassroots.demo.registry import SEED, DemoContext, step
from grassroots.members.demo import FRONTLINE as MEMBER_FRONTLINE
from grassroots.members.demo import OCCUPATION as SECTOR_OCCUPATIONS
from grassroots.members.models import (
    Education,
    Member,
    MembershipPeriod,
    MemberStatus,
    Occupation,
    StatusChange,
)
from grassroots.members.rules import add_years
from grassroots.orgs.models import BRANCH_KINDS, Organization, Sector

from .models import (
    REQUIRED_DOCUMENTS,
    ActivistSource,
    AdmissionCase,
    Assessment,
    AssessmentPhase,
    CaseDocument,
    CasePerson,
    CaseRole,
    CaseState,
    CaseStep,
    DocumentKind,
    Opinion,
    OpinionSource,
    Recommendation,
    Review,
)
from .rulebook import add_months, policy_1443
from .steps import STEPS, stage_of

COHORT, WOMEN, UNDER_35 = 139, 42, 98
LONGDING_CODE = "42122410000102"  # 隆鼎丽都小区党支部 (the demo branch logins)
TONGYANG_CODE = "421224100"

# When each event happens, in days after the application (A). After the branch meeting
# (step 15, day 522) probation runs one calendar year to P; the last events count from P.
SCHEDULE: list[tuple[str, int]] = [
    ("1", 0),
    ("2", 20),
    ("rec", 38),
    ("notice_activist", 42),
    ("3", 60),
    ("4", 67),
    ("5", 70),
    ("as1", 210),
    ("as2", 360),
    ("as3", 436),
    ("opinions", 438),
    ("rv1", 440),
    ("rv2", 441),
    ("rv3", 442),
    ("notice_candidate", 445),
    ("7", 460),
    ("8", 465),
    ("9", 470),
    ("10", 480),
    ("11", 489),
    ("12", 495),
    ("notice_probationary", 496),
    ("13", 510),
    ("14", 512),
    ("15", 522),
    ("16", 532),
    ("17", 552),
    ("18", 562),
    ("19", 557),
    ("20", 567),
    ("pa1", 672),
    ("pa2", 822),
]
AFTER_PROBATION: list[tuple[str, int]] = [
    ("22", -15),
    ("notice_full", -14),
    ("23", 5),
    ("24", 20),
    ("25", 45),
]
FRONTLINE = [Occupation.FARMER, Occupation.WORKER, Occupation.PROFESSIONAL]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def timeline(applied: dt.date, *, until: str | None = None) -> dict[str, dt.date]:
    """The dates of a case applied on ``applied``, up to the event ``until`` (all if None)."""
    dates: dict[str, dt.date] = {}
    for key, days in SCHEDULE:
        dates[key] = applied + dt.timedelta(days=days)
        if key == until:
            return dates
    end = add_months(dates["15"], 12)
    for key, days in AFTER_PROBATION:
        dates[key] = end + dt.timedelta(days=days)
        if key == until:
            return dates
    return dates


def offset(key: str) -> int:
    return dict(SCHEDULE).get(key, 900)


@dataclass
class Person:
    branch: Organization
    name: str
    female: bool
    birth: dt.date
    occupation: str
    education: str
    dates: dict[str, dt.date]
    state: str
    end_reason: str = ""
    frontline: bool = True
    case: AdmissionCase | None = None
    member: Member | None = None  # set beforehand for a member already in the registry
    extra: dict[str, Any] = field(default_factory=dict)


class Ids:
    """Unique valid ID numbers (Tongshan's code) that no member already has."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, birth: dt.date, female: bool) -> str:
        while True:
            seq = self.rng.randint(500, 999) // 2 * 2 + (0 if female else 1)
            body = f"421224{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body)
            if number not in self.used:
                self.used.add(number)
                return number


@step("admission.tongshan_2014", order=40)
def seed_admission(ctx: DemoContext) -> None:
    rng = random.Random(SEED + 40)
    fake = Faker("zh_CN")
    fake.seed_instance(SEED + 40)
    today = timezone.localdate()
    branches = list(
        Organization.objects.filter(
            kind__in=list(BRANCH_KINDS),
            dissolved_on__isnull=True,
            sector__in=[Sector.VILLAGE, Sector.COMMUNITY, Sector.PRIVATE_ENTERPRISE],
        ).order_by("path")
    )
    if not branches:
        return
    longding = next((b for b in branches if b.code == LONGDING_CODE), branches[0])
    people = (
        _earlier_cohort()
        + _cohort(rng, fake, branches, longding)
        + _in_progress(rng, fake, branches, longding, today)
        + _next_cohort(rng, fake, branches, longding)
    )
    full_members = _full_members({p.branch.pk for p in people})
    _save(rng, people, full_members, today)


def _name(fake: Faker, female: bool) -> str:
    return str(fake.name_female() if female else fake.name_male())


def _cohort(
    rng: random.Random, fake: Faker, branches: list[Organization], longding: Organization
) -> list[Person]:
    """139 admitted in 2014: the first 42 women, 98 under 35 at the branch meeting."""
    people = []
    under = set(rng.sample(range(COHORT), UNDER_35))
    for i in range(COHORT):
        meeting = dt.date(2014, 1, 8) + dt.timedelta(days=rng.randint(0, 345))
        age = rng.randint(21, 34) if i in under else rng.randint(36, 52)
        birth = meeting.replace(year=meeting.year - age) - dt.timedelta(days=rng.randint(1, 300))
        applied = meeting - dt.timedelta(days=offset("15"))
        branch = longding if i % 23 == 0 else rng.choice(branches)
        occupation = (
            Occupation.FARMER if branch.sector == Sector.VILLAGE else rng.choice(FRONTLINE[1:])
        )
        people.append(
            Person(
                branch=branch,
                name=_name(fake, i < WOMEN),
                female=i < WOMEN,
                birth=birth,
                occupation=occupation,
                education=rng.choice(
                    [
                        Education.JUNIOR_HIGH_OR_BELOW,
                        Education.HIGH_SCHOOL,
                        Education.JUNIOR_COLLEGE,
                        Education.BACHELOR,
                    ]
                ),
                dates=timeline(applied),
                state=CaseState.FULL,
            )
        )
    return people


def _earlier_cohort() -> list[Person]:
    """The members admitted in 2013, already in the registry (the members demo): their
    cases, linked to those members rather than new people, so that the 2014
    conversions (预备党员转正) are counted from cases as the rest of the pipeline is."""
    people = []
    admitted = Member.objects.filter(
        joined_on__gte=dt.date(2013, 1, 1), joined_on__lte=dt.date(2013, 12, 31)
    ).select_related("organization")
    for m in admitted.order_by("pk"):
        assert m.joined_on is not None and m.birth_date is not None
        dates = timeline(m.joined_on - dt.timedelta(days=offset("15")))
        # The registry says what they do now; the case, what they did when they applied
        # (not yet retired: the main occupation of their branch's sector then).
        occupation, frontline = m.occupation, m.is_frontline
        if occupation == Occupation.RETIRED and add_years(m.birth_date, 60) > dates["1"]:
            choices = SECTOR_OCCUPATIONS.get(m.organization.sector, [])
            occupation = next(
                (o for o, _weight in choices if o != Occupation.RETIRED), Occupation.OTHER
            )
            frontline = occupation in MEMBER_FRONTLINE
        people.append(
            Person(
                branch=m.organization,
                name=m.name,
                female=m.sex == "female",
                birth=m.birth_date,
                occupation=occupation,
                education=m.education,
                dates=dates,
                state=CaseState.FULL,
                frontline=frontline,
                member=m,
            )
        )
    return people


NEXT_FROM = dt.date(2013, 7, 28)  # applied from here on: branch meeting after 2014
NEXT_TO = dt.date(2014, 12, 31)


def _next_cohort(
    rng: random.Random, fake: Faker, branches: list[Organization], longding: Organization
) -> list[Person]:
    """Those in the pipeline at the end of 2014: applied from mid-2013 to the end of
    2014, at the same rate as the 2014 cohort (139 a year), so that on 31 December 2014
    the newest are applicants, most are activists in their year of training and the
    oldest are candidates; admitted in 2015 and 2016 and full members a year later."""
    span = (NEXT_TO - NEXT_FROM).days
    count = round(COHORT * span / 365)
    people = []
    for i in range(count):
        applied = NEXT_FROM + dt.timedelta(days=span * i // count + rng.randint(0, span // count))
        applied = min(applied, NEXT_TO)
        dates = timeline(applied)
        female = rng.random() < WOMEN / COHORT
        age = rng.randint(21, 34) if rng.random() < UNDER_35 / COHORT else rng.randint(36, 52)
        meeting = dates["15"]
        branch = longding if i % 23 == 0 else rng.choice(branches)
        people.append(
            Person(
                branch=branch,
                name=_name(fake, female),
                female=female,
                birth=add_years(meeting, -age) - dt.timedelta(days=rng.randint(1, 300)),
                occupation=(
                    Occupation.FARMER
                    if branch.sector == Sector.VILLAGE
                    else rng.choice(FRONTLINE[1:])
                ),
                education=rng.choice(
                    [
                        Education.JUNIOR_HIGH_OR_BELOW,
                        Education.HIGH_SCHOOL,
                        Education.JUNIOR_COLLEGE,
                        Education.BACHELOR,
                    ]
                ),
                dates=dates,
                state=CaseState.FULL,
            )
        )
    return people


# In progress today: (branch, last event, days ago, state, note). ``None`` branch: any.
IN_PROGRESS: list[tuple[str | None, str, int, str]] = [
    (LONGDING_CODE, "1", 10, CaseState.APPLICANT),
    (LONGDING_CODE, "1", 45, CaseState.APPLICANT),  # talk overdue
    (LONGDING_CODE, "notice_activist", 2, CaseState.APPLICANT),  # notice open, an objection
    (LONGDING_CODE, "5", 190, CaseState.ACTIVIST),  # assessment overdue
    (LONGDING_CODE, "rv2", 3, CaseState.ACTIVIST),  # waits for the county's review
    (LONGDING_CODE, "notice_probationary", 1, CaseState.CANDIDATE),  # notice open
    (LONGDING_CODE, "14", 4, CaseState.CANDIDATE),  # ready for the branch meeting
    (LONGDING_CODE, "16", 90, CaseState.CANDIDATE),  # approval overdue
    (LONGDING_CODE, "15", 20, CaseState.CANDIDATE),  # waits for the committee's talk
    (LONGDING_CODE, "pa1", 30, CaseState.PROBATIONARY),
    (LONGDING_CODE, "notice_full", 2, CaseState.PROBATIONARY),  # notice open, probation ends soon
    (LONGDING_CODE, "pa2", 110, CaseState.PROBATIONARY),  # probation over, not yet discussed
    (LONGDING_CODE, "2", 60, CaseState.CLOSED),
    (TONGYANG_CODE, "as1", 20, CaseState.ACTIVIST),
    (TONGYANG_CODE, "3", 15, CaseState.ACTIVIST),  # waits for the committee's filing
    (TONGYANG_CODE, "12", 6, CaseState.CANDIDATE),
]
RANDOM_STOPS = ["1", "2", "3", "5", "as1", "as2", "7", "9", "11", "12"]
STATE_AT = {
    "1": CaseState.APPLICANT,
    "2": CaseState.APPLICANT,
    "3": CaseState.ACTIVIST,
    "5": CaseState.ACTIVIST,
    "as1": CaseState.ACTIVIST,
    "as2": CaseState.ACTIVIST,
    "7": CaseState.CANDIDATE,
    "9": CaseState.CANDIDATE,
    "11": CaseState.CANDIDATE,
    "12": CaseState.CANDIDATE,
}


def _in_progress(
    rng: random.Random,
    fake: Faker,
    branches: list[Organization],
    longding: Organization,
    today: dt.date,
) -> list[Person]:
    tongyang = [b for b in branches if b.code.startswith(TONGYANG_CODE) and b.pk != longding.pk]
    plan = [
        (longding if code == LONGDING_CODE else rng.choice(tongyang or branches), last, ago, state)
        for code, last, ago, state in IN_PROGRESS
    ]
    others = [b for b in branches if not b.code.startswith(TONGYANG_CODE)]
    for _i in range(30):
        last = rng.choice(RANDOM_STOPS)
        plan.append((rng.choice(others or branches), last, rng.randint(5, 40), STATE_AT[last]))
    people = []
    for branch, last, ago, state in plan:
        female = rng.random() < 0.35
        applied = today - dt.timedelta(days=ago + offset(last))
        if last in ("notice_full", "22"):
            end = today + dt.timedelta(days=12)  # probation ends in 12 days
            applied = add_months(end, -12) - dt.timedelta(days=offset("15"))
        dates = timeline(applied, until=last)
        age = rng.randint(20, 45)
        people.append(
            Person(
                branch=branch,
                name=_name(fake, female),
                female=female,
                birth=dates.get("15", today).replace(year=dates.get("15", today).year - age)
                - dt.timedelta(days=rng.randint(1, 300)),
                occupation=Occupation.FARMER
                if branch.sector == Sector.VILLAGE
                else Occupation.WORKER,
                education=rng.choice(
                    [Education.HIGH_SCHOOL, Education.JUNIOR_COLLEGE, Education.BACHELOR]
                ),
                dates=dates,
                state=state,
                end_reason="本人申请撤回入党申请" if state == CaseState.CLOSED else "",
                extra={"objection": last == "notice_activist"},
            )
        )
    return people


def _full_members(branch_ids: set[int]) -> dict[int, list[tuple[int, str]]]:
    by_branch: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = Member.objects.filter(
        organization_id__in=branch_ids, status=MemberStatus.FULL
    ).values_list("organization_id", "pk", "name")
    for org_id, pk, name in rows.order_by("pk"):
        by_branch[org_id].append((pk, name))
    return by_branch


def _save(
    rng: random.Random,
    people: list[Person],
    members: dict[int, list[tuple[int, str]]],
    today: dt.date,
) -> None:
    ids = Ids(rng)
    numbers = [
        crypto.decrypt(p.member.id_number_encrypted) if p.member else ids.make(p.birth, p.female)
        for p in people
    ]
    taken = set(
        Member.objects.filter(
            id_number_hash__in=[crypto.lookup_hash(n) for n in numbers]
        ).values_list("id_number_hash", flat=True)
    )
    for i, number in enumerate(numbers):
        if people[i].member is not None:
            continue  # the member's own number
        while crypto.lookup_hash(number) in taken:
            number = ids.make(people[i].birth, people[i].female)
        numbers[i] = number
    _registry(people, numbers)
    cases = [_case(p, n) for p, n in zip(people, numbers, strict=True)]
    AdmissionCase.objects.bulk_create(cases, batch_size=500)
    if cases[0].pk is None:  # databases that do not return primary keys
        pks = dict(
            AdmissionCase.objects.filter(
                id_number_hash__in=[c.id_number_hash for c in cases]
            ).values_list("id_number_hash", "pk")
        )
        for c in cases:
            c.pk = pks[c.id_number_hash]
    for p, c in zip(people, cases, strict=True):
        p.case = c
    _records(rng, people, members)
    _notices(people, today)


def _registry(people: list[Person], numbers: list[str]) -> None:
    """Everyone the committee has admitted is in the member registry."""
    admitted = [
        (p, n) for p, n in zip(people, numbers, strict=True) if "17" in p.dates and p.member is None
    ]
    rows = []
    for p, number in admitted:
        full = p.state == CaseState.FULL
        joined = p.dates["15"]
        full_name, initials = pinyin_keys(p.name)
        rows.append(
            Member(
                organization=p.branch,
                name=p.name,
                name_pinyin=full_name,
                name_initials=initials,
                sex="female" if p.female else "male",
                birth_date=p.birth,
                id_number_encrypted=crypto.encrypt(number),
                id_number_hash=crypto.lookup_hash(number),
                id_number_masked=mask_id_number(number),
                education=p.education,
                occupation=p.occupation,
                is_frontline=p.frontline,
                joined_on=joined,
                full_member_on=add_months(joined, 12) if full else None,
                status=MemberStatus.FULL if full else MemberStatus.PROBATIONARY,
                status_changed_on=p.dates["24"] if full else None,
            )
        )
    Member.objects.bulk_create(rows, batch_size=500)
    if rows and rows[0].pk is None:
        pks = dict(
            Member.objects.filter(id_number_hash__in=[m.id_number_hash for m in rows]).values_list(
                "id_number_hash", "pk"
            )
        )
        for m in rows:
            m.pk = pks[m.id_number_hash]
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                member=m,
                organization_id=m.organization_id,
                started_on=p.dates["15"],
                reason="发展入党",
            )
            for (p, _n), m in zip(admitted, rows, strict=True)
        ]
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                member=m,
                old_status=MemberStatus.PROBATIONARY,
                new_status=MemberStatus.FULL,
                changed_on=add_months(p.dates["15"], 12),
                reason="预备期满，经上级党委审批转为正式党员",
            )
            for (p, _n), m in zip(admitted, rows, strict=True)
            if p.state == CaseState.FULL
        ]
    )
    for (p, _n), m in zip(admitted, rows, strict=True):
        p.member = m


def _case(p: Person, number: str) -> AdmissionCase:
    d = p.dates
    step_dates = {k: v.isoformat() for k, v in d.items() if k.isdigit()}
    if p.state == CaseState.CLOSED:
        step_dates = {k: v for k, v in step_dates.items() if int(k) <= 2}
    last_step = max(int(k) for k in step_dates)
    full_name, initials = pinyin_keys(p.name)
    probation_end = add_months(d["15"], 12) if "17" in d else None
    activist_assessments = [d[k] for k in ("as1", "as2", "as3") if k in d]
    probation_assessments = [d[k] for k in ("pa1", "pa2") if k in d]
    if "as1" in d:
        step_dates["6"] = d["as1"].isoformat()
    if "pa1" in d:
        step_dates["21"] = d["pa1"].isoformat()
    due = None
    if p.state == CaseState.ACTIVIST:
        due = add_months(max([d["3"], *activist_assessments]), 6)
    elif p.state == CaseState.PROBATIONARY and "23" not in d:
        due = add_months(max([d["15"], *probation_assessments]), 6)
    approval_due = None
    if p.state == CaseState.CANDIDATE and "15" in d:
        approval_due = add_months(d["15"], 3)
    full_name_fields = {"name_pinyin": full_name, "name_initials": initials}
    return AdmissionCase(
        organization=p.branch,
        name=p.name,
        **full_name_fields,
        sex="female" if p.female else "male",
        birth_date=p.birth,
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.lookup_hash(number),
        id_number_masked=mask_id_number(number),
        education=p.education,
        occupation=p.occupation,
        is_frontline=p.frontline,
        work_unit=p.branch.short_name or p.branch.name,
        state=p.state,
        step=last_step,
        stage=stage_of(last_step),
        step_dates=step_dates,
        applied_on=d["1"],
        talk_due_on=add_months(d["1"], 1),
        talked_on=d.get("2"),
        activist_on=d.get("3"),
        activist_source=ActivistSource.MEMBERS if "3" in d else "",
        assessment_due_on=due,
        candidate_on=d.get("7"),
        branch_meeting_on=d.get("15"),
        approval_due_on=approval_due,
        approved_on=d.get("17"),
        probation_ends_on=probation_end,
        full_meeting_on=d.get("23"),
        full_on=probation_end if p.state == CaseState.FULL else None,
        ended_on=d["2"] + dt.timedelta(days=15) if p.state == CaseState.CLOSED else None,
        end_reason=p.end_reason,
        archived_on=d.get("25"),
        member=p.member,
    )


OPINIONS = {
    1: "本人递交入党申请书，表示愿意加入中国共产党。",
    2: "谈话了解其入党动机、对党的认识，动机端正。",
    3: "经党员推荐，支部委员会研究，同意确定为入党积极分子。",
    4: "已报上级党委备案。",
    7: "培养教育一年以上，听取党小组、培养联系人、党员和群众意见，同意列为发展对象。",
    8: "已报上级党委备案。",
    10: "经函调和外调，本人及主要社会关系政治历史清楚，政治审查合格。",
    11: "参加县委党校发展对象培训班，结业。",
    12: "支部委员会审查，条件成熟，同意报上级党委预审。",
    13: "经预审，符合条件，同意发放入党志愿书。",
    14: "已按要求填写入党志愿书。",
    15: "支部大会无记名投票表决，同意接收为预备党员。",
    16: "上级党委派组织委员谈话，情况良好。",
    17: "经党委会研究，同意接收为预备党员。",
    18: "已报县委组织部备案。",
    19: "编入所在党支部和党小组。",
    20: "在党旗下进行入党宣誓。",
    22: "本人提出书面转正申请。",
    23: "支部大会无记名投票表决，同意按期转为正式党员。",
    24: "经党委会研究，同意按期转为正式党员。",
    25: "发展党员全程材料已整理归档。",
    6: "每半年进行一次考察。",
    21: "预备期内继续教育考察。",
}


def _records(
    rng: random.Random, people: list[Person], members: dict[int, list[tuple[int, str]]]
) -> None:
    steps: list[CaseStep] = []
    persons: list[CasePerson] = []
    assessments: list[Assessment] = []
    opinions: list[Opinion] = []
    recommendations: list[Recommendation] = []
    reviews: list[Review] = []
    documents: list[CaseDocument] = []
    files = _document_files()
    use_1443 = policy_1443()
    for p in people:
        case, d = p.case, p.dates
        assert case is not None
        own = p.member.pk if p.member is not None else None
        pool = [m for m in members.get(p.branch.pk) or [] if m[0] != own]
        entitled = len(pool) or 20
        events = dict(d)
        if "as1" in d:
            events["6"] = d["as1"]  # the first assessment completes step 6
        if "pa1" in d:
            events["21"] = d["pa1"]
        for key, day in sorted(events.items(), key=lambda kv: kv[1]):
            if not key.isdigit() or (p.state == CaseState.CLOSED and int(key) > 2):
                continue
            number = int(key)
            data: dict[str, Any] = {"imported": True}
            if number in (3, 7, 15, 23) and (use_1443 or number in (15, 23)):
                attended = max(1, entitled - rng.randint(0, 3))
                yes = max(entitled // 2 + 1, attended - rng.randint(0, 2))
                if number in (15, 23):
                    text = f"（历史补录）应到会有表决权党员{entitled}名，实到{attended}名，赞成{yes}票，超过应到会有表决权党员的半数，通过。"
                else:
                    text = f"（历史补录）党员、群众代表无记名投票：党员有效票{attended}张，赞成{yes}票，超过有效票的半数，通过。"
                data["ballot"] = {
                    "entitled": entitled,
                    "attended": attended,
                    "yes": yes,
                    "explanation": text,
                }
            if number in (2, 16):
                data["talker"] = "支部书记" if number == 2 else "党委组织委员"
            steps.append(
                CaseStep(
                    case=case,
                    step=number,
                    done_on=day,
                    opinion=OPINIONS.get(number, str(STEPS[number].label)),
                    data=data,
                    rules_version="2014",
                )
            )
        if "5" in d and pool:
            for pk, _n in rng.sample(pool, min(2, len(pool))):
                persons.append(
                    CasePerson(case=case, member_id=pk, role=CaseRole.MENTOR, assigned_on=d["5"])
                )
        if "9" in d and len(pool) >= 2:
            for pk, _n in rng.sample(pool, 2):
                persons.append(
                    CasePerson(case=case, member_id=pk, role=CaseRole.SPONSOR, assigned_on=d["9"])
                )
        for key in ("as1", "as2", "as3"):
            if key in d:
                assessments.append(
                    Assessment(
                        case=case,
                        phase=AssessmentPhase.ACTIVIST,
                        assessed_on=d[key],
                        assessor="培养联系人",
                        content="思想积极，工作认真，能发挥带头作用。",
                    )
                )
        for key in ("pa1", "pa2"):
            if key in d:
                assessments.append(
                    Assessment(
                        case=case,
                        phase=AssessmentPhase.PROBATION,
                        assessed_on=d[key],
                        assessor="入党介绍人",
                        content="履行党员义务，表现良好。",
                    )
                )
        if "opinions" in d:
            for source in OpinionSource.values:
                opinions.append(
                    Opinion(
                        case=case,
                        source=source,
                        given_on=d["opinions"],
                        summary="同意列为发展对象。",
                    )
                )
        if use_1443 and "rec" in d:
            recommendations.append(
                Recommendation(
                    case=case,
                    held_on=d["rec"],
                    members_taking_part=entitled,
                    members_for=max(1, entitled - 3),
                    masses_taking_part=15,
                    masses_for=12,
                    recommended=True,
                )
            )
        if use_1443:
            for level, key in ((1, "rv1"), (2, "rv2"), (3, "rv3")):
                if key in d:
                    who = ("党支部书记", "党委组织委员", "县委组织部组织科")[level - 1]
                    reviews.append(
                        Review(
                            case=case,
                            level=level,
                            reviewer_name=who,
                            reviewed_on=d[key],
                            opinion="审查通过。",
                            passed=True,
                        )
                    )
        if "25" in d:
            documents += [
                CaseDocument(
                    case=case,
                    kind=kind,
                    file=files[kind],
                    filename=f"{DocumentKind(kind).label}.pdf",
                    size=len(PDF),
                )
                for kind in REQUIRED_DOCUMENTS
            ]
    CaseStep.objects.bulk_create(steps, batch_size=2000)
    CasePerson.objects.bulk_create(persons, batch_size=2000)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    Recommendation.objects.bulk_create(recommendations, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    CaseDocument.objects.bulk_create(documents, batch_size=2000)


def _document_files() -> dict[str, str]:
    """One small placeholder PDF per required kind, shared by the demo files."""
    names: dict[str, str] = {}
    for kind in REQUIRED_DOCUMENTS:
        name = f"admission/demo/{kind}.pdf"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(PDF))
        names[str(kind)] = name
    return names


PURPOSES = {
    "notice_activist": ("admission.activist", "确定入党积极分子"),
    "notice_candidate": ("admission.candidate", "确定发展对象"),
    "notice_probationary": ("admission.probationary", "接收预备党员"),
    "notice_full": ("admission.full", "预备党员转正"),
}


def _notices(people: list[Person], today: dt.date) -> None:
    """The public notices of every case (the 1443 method's four: before the activist,
    candidate, probationary and full-membership steps), closed where their period is
    over — the 2014 cohort's full histories — and still open today for some cases in
    progress (one with an objection waiting for an answer)."""
    from django.conf import settings

    from grassroots.accounts.models import User
    from grassroots.notices.models import Notice, Objection

    publisher = (
        User.objects.filter(username="longding").first() or User.objects.order_by("pk").first()
    )
    if publisher is None:
        return
    ct = ContentType.objects.get_for_model(AdmissionCase)
    days = int(str(settings.GRASSROOTS["NOTICE_WORKING_DAYS"]))
    rows, objections = [], []
    for p in people:
        assert p.case is not None
        held = [k for _day, k in sorted((d, k) for k, d in p.dates.items() if k in PURPOSES)]
        held = [k for k in held if p.dates[k] <= today]
        for key in held:
            purpose, label = PURPOSES[key]
            period = add_working_days(p.dates[key], days)
            notice = Notice(
                organization=p.branch,
                subject_type=ct,
                subject_id=str(p.case.pk),
                purpose=purpose,
                title=f"关于{p.name}{label}的公示",
                body=f"经{p.branch.name}研究，拟对{p.name}办理“{label}”，现予公示。公示期间，党员和群众可通过本页面反映情况和意见。",
                starts_on=p.dates[key],
                ends_on=period.end,
                working_days=days,
                provisional=period.provisional,
                provisional_note=period.note[:300],
                published_by=publisher,
            )
            rows.append(notice)
            if key == held[-1] and p.extra.get("objection"):
                objections.append((notice, "该同志在小区物业纠纷中有过激言行，建议组织上核实。"))
    Notice.objects.bulk_create(rows)
    if objections and objections[0][0].pk is None:
        return
    Objection.objects.bulk_create(
        [
            Objection(notice=n, reference=f"DEMOADM{i:03d}", content=text, anonymous=True)
            for i, (n, text) in enumerate(objections, 1)
        ]
    )
