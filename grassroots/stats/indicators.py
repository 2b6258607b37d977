"""Statistics that belong to no other module's catalogue section: the structure of the
membership (党员队伍结构) and of the organization tree, computed from the member
registry and the tree. Not in the shared catalogue; keys are stable all the same.

A member counts at a date D (the end of the period) if they had joined by D (or their
joining date is unknown) and were in good standing then: their status is probationary
or full, or it changed away from that only after D. Their organization is the current
one. Ages are full years at D.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import translation

from grassroots.members.models import ACTIVE_STATUSES, Education, Member, MemberStatus, Occupation
from grassroots.orgs.models import Organization, OrgKind, Sector

from .engine import percent
from .registry import Period, Value, aggregate_indicator, derived_indicator

LEFT_STATUSES = (
    MemberStatus.DECEASED,
    MemberStatus.STOPPED,
    MemberStatus.REMOVED,
    MemberStatus.TRANSFERRED_OUT,
)


def zh(label: Any) -> str:
    """A choice label in Chinese, whatever language is active when indicators load."""
    with translation.override("zh-hans"):
        return str(label)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def active_on(day: dt.date) -> Q:
    """Members in good standing on ``day``."""
    joined = Q(joined_on__lte=day) | Q(joined_on__isnull=True)
    standing = Q(status__in=ACTIVE_STATUSES) | Q(status_changed_on__gt=day)
    return joined & standing


def age_between(day: dt.date, low: int | None, high: int | None) -> Q:
    """Full years of age on ``day`` between ``low`` and ``high`` (inclusive)."""
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=years_before(day, low))
    if high is not None:
        q &= Q(birth_date__gt=years_before(day, high + 1))
    return q


def _count(q: Q) -> Any:
    return Count("pk", filter=q)


def _member_count(
    key: str, zh: str, en: str, where: Any, definition: str, unit: str = "名"
) -> None:
    """Register ``key``: active members at the period's end matching ``where(period)``."""

    def expression(period: Period) -> Any:
        return _count(active_on(period.end) & where(period))

    expression.__qualname__ = f"member_count[{key}]"
    expression.__doc__ = definition
    aggregate_indicator(key, model=Member, zh=zh, en=en, unit=unit)(expression)


def _rate(key: str, zh: str, en: str, part: str, whole: str, definition: str) -> None:
    def combine(part_value: Value, whole_value: Value) -> Value:
        return percent(part_value, whole_value)

    combine.__qualname__ = f"rate[{key}]"
    combine.__doc__ = definition
    derived_indicator(key, inputs=[part, whole], zh=zh, en=en, unit="%")(combine)


# --- members ---------------------------------------------------------------------------

_member_count(
    "members.total",
    "党员总数",
    "Party members",
    lambda p: Q(),
    "期末在册的党员（正式党员和预备党员）人数。",
)
_member_count(
    "members.probationary",
    "预备党员",
    "Probationary members",
    lambda p: (
        Q(joined_on__isnull=False, joined_on__lte=p.end)
        & (Q(full_member_on__isnull=True) | Q(full_member_on__gt=p.end))
    ),
    "期末尚未转为正式党员的预备党员人数。",
)
_member_count(
    "members.female", "女党员", "Women members", lambda p: Q(sex="female"), "期末在册女党员人数。"
)
_member_count(
    "members.male", "男党员", "Men members", lambda p: Q(sex="male"), "期末在册男党员人数。"
)
_rate(
    "members.female_rate",
    "女党员占比",
    "Share of women members",
    "members.female",
    "members.total",
    "女党员占期末党员总数的百分比。",
)
AGE_BANDS = [
    ("35_below", "35岁及以下", "35 and under", None, 35),
    ("36_45", "36—45岁", "36 to 45", 36, 45),
    ("46_55", "46—55岁", "46 to 55", 46, 55),
    ("56_60", "56—60岁", "56 to 60", 56, 60),
    ("61_above", "61岁及以上", "61 and over", 61, None),
]
for _slug, _zh, _en, _low, _high in AGE_BANDS:
    _member_count(
        f"members.age.{_slug}",
        f"{_zh}党员",
        f"Members aged {_en}",
        lambda p, low=_low, high=_high: age_between(p.end, low, high),
        f"期末在册党员中年龄（周岁，按期末计算）为{_zh}的人数。",
    )
_rate(
    "members.under35_rate",
    "35岁及以下党员占比",
    "Share of members aged 35 and under",
    "members.age.35_below",
    "members.total",
    "35岁及以下党员占期末党员总数的百分比。",
)
for _value, _label in Education.choices:
    _member_count(
        f"members.edu.{_value}",
        f"{zh(_label)}学历党员",
        f"Members with education: {_value}",
        lambda p, v=_value: Q(education=v),
        f"期末在册党员中学历为{zh(_label)}的人数。",
    )
COLLEGE = (Education.POSTGRADUATE, Education.BACHELOR, Education.JUNIOR_COLLEGE)
_member_count(
    "members.college",
    "大专及以上学历党员",
    "Members with a college education or higher",
    lambda p: Q(education__in=COLLEGE),
    "期末在册党员中学历为大学专科及以上的人数。",
)
_rate(
    "members.college_rate",
    "大专及以上学历党员占比",
    "Share of members with a college education or higher",
    "members.college",
    "members.total",
    "大专及以上学历党员占期末党员总数的百分比。",
)
for _value, _label in Occupation.choices:
    _member_count(
        f"members.occ.{_value}",
        f"{zh(_label)}党员",
        f"Members by occupation: {_value}",
        lambda p, v=_value: Q(occupation=v),
        f"期末在册党员中工作岗位为{zh(_label)}的人数。",
    )
_member_count(
    "members.frontline",
    "生产、工作一线党员",
    "Members on the production or work front line",
    lambda p: Q(is_frontline=True),
    "期末在册党员中在生产、工作一线的人数。",
)
_rate(
    "members.frontline_rate",
    "生产、工作一线党员占比",
    "Share of front-line members",
    "members.frontline",
    "members.total",
    "生产、工作一线党员占期末党员总数的百分比。",
)


@aggregate_indicator(
    "members.new", model=Member, zh="新党员", en="New members (joined in the period)", unit="名"
)
def members_new(period: Period) -> Any:
    """期内接收为预备党员（入党日期在期内）的人数，按党员信息库。"""
    return _count(Q(joined_on__gte=period.start, joined_on__lte=period.end))


@aggregate_indicator(
    "members.left",
    model=Member,
    zh="减少党员",
    en="Members who left (died, transferred out, stopped, removed)",
    unit="名",
)
def members_left(period: Period) -> Any:
    """期内因去世、转出、停止党籍或除名、出党而减少的党员人数。"""
    return _count(
        Q(status__in=LEFT_STATUSES, status_changed_on__gte=period.start)
        & Q(status_changed_on__lte=period.end)
    )


# --- organizations -----------------------------------------------------------------------


def org_active_on(day: dt.date) -> Q:
    """Organizations founded by ``day`` (or of unknown date) and not dissolved by then."""
    founded = Q(founded_on__lte=day) | Q(founded_on__isnull=True)
    return founded & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def _org_count(key: str, zh: str, en: str, where: Q, definition: str) -> None:
    def expression(period: Period) -> Any:
        return _count(org_active_on(period.end) & where)

    expression.__qualname__ = f"org_count[{key}]"
    expression.__doc__ = definition
    aggregate_indicator(key, model=Organization, path_field="path", zh=zh, en=en, unit="个")(
        expression
    )


BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH)
# 基层党组织: everything below the county committee except party groups.
BASIC_KINDS = tuple(
    k for k in OrgKind.values if k not in (OrgKind.COUNTY_COMMITTEE, OrgKind.PARTY_GROUP)
)

_org_count(
    "orgs.basic",
    "基层党组织",
    "Grassroots party organizations",
    Q(kind__in=BASIC_KINDS),
    "期末范围内的基层党组织（各级党委、党总支、党支部，不含县委和党小组）个数，含本级。",
)
_org_count(
    "orgs.branches",
    "党支部",
    "Party branches",
    Q(kind__in=BRANCH_KINDS),
    "期末范围内的党支部（含联合党支部）个数，含本级。",
)
for _value, _label in OrgKind.choices:
    _org_count(
        f"orgs.kind.{_value}",
        zh(_label),
        f"Organizations of kind {_value}",
        Q(kind=_value),
        f"期末范围内组织类别为{zh(_label)}的党组织个数，含本级。",
    )
for _value, _label in Sector.choices:
    _org_count(
        f"orgs.sector.{_value}",
        f"{zh(_label)}领域基层党组织",
        f"Grassroots organizations in sector {_value}",
        Q(kind__in=BASIC_KINDS, sector=_value),
        f"期末范围内所属领域为{zh(_label)}的基层党组织个数，含本级。",
    )
