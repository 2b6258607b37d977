"""The rules a member record must satisfy, shared by the services and the Excel import.

Each check returns :class:`Problem`s (field, Chinese message naming the rule, rule key)
instead of raising, so the import can report every problem of every row at once; the
services raise the first one as a ``RuleViolation``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.core import crypto
from grassroots.core.errors import RuleViolation
from grassroots.core.validators import MOBILE_RE, mask_id_number, parse_id_number

from .models import BranchPost, Degree, Education, MemberStatus, Occupation, Sex

PROBATION_YEARS = 1
MIN_JOINING_AGE = 18

# The fields a member record is created or edited with (organization and status change
# through transfers and status changes, not through editing).
EDITABLE_FIELDS = (
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "id_number",
    "native_place",
    "education",
    "degree",
    "occupation",
    "is_frontline",
    "mobile",
    "address",
    "party_group",
    "branch_post",
    "joined_on",
    "full_member_on",
)
# The editable fields stored as given: the ID number is stored encrypted, hashed and
# masked, and the party group is an organization.
PLAIN_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in ("id_number", "party_group"))


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    rule: str

    def violation(self) -> RuleViolation:
        return RuleViolation(self.message, rule=self.rule, field=self.field)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def probation_ends(joined_on: dt.date) -> dt.date:
    """The day a probationary member's one-year probation is complete (预备期满)."""
    return add_years(joined_on, PROBATION_YEARS)


def id_number_fields(number: str) -> dict[str, str]:
    """The stored forms of an ID number: encrypted, keyed hash, masked."""
    number = number.strip().upper()
    return {
        "id_number_encrypted": crypto.encrypt(number),
        "id_number_hash": crypto.lookup_hash(number),
        "id_number_masked": mask_id_number(number),
    }


_ADDRESS_AREA = re.compile(r"^.*?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)")
_AREA_KEPT = 12  # at most this many characters of administrative area are shown


def mask_address(address: str) -> str:
    """A home address with everything below the township masked, like the ID number
    and mobile number are for roles that do not need them: ``通山县通羊镇隆鼎丽都3栋``
    → ``通山县通羊镇****``. Without a recognizable area, only the first three
    characters are kept."""
    address = (address or "").strip()
    if not address:
        return ""
    kept = ""
    rest = address
    while True:
        m = _ADDRESS_AREA.match(rest)
        if m is None or len(kept) + len(m.group(0)) > _AREA_KEPT or m.group(0) == rest:
            break
        kept += m.group(0)
        rest = rest[len(m.group(0)) :]
    if not kept:
        kept = address[:3] if len(address) > 3 else ""
    return f"{kept}****"


def _choice(value: Any, choices: Any, field: str, label: str | Promise) -> list[Problem]:
    if value in (None, "") or value in choices.values:
        return []
    return [
        Problem(
            field,
            _("%(label)s「%(value)s」不是可选的值。") % {"label": label, "value": value},
            f"members.{field}_choice",
        )
    ]


# Labels are translated only when a message needs them (the import checks 2,000+ rows/s).
CHOICE_FIELDS = (
    ("education", Education, gettext_lazy("学历")),
    ("degree", Degree, gettext_lazy("学位")),
    ("occupation", Occupation, gettext_lazy("工作岗位")),
    ("branch_post", BranchPost, gettext_lazy("支部职务")),
)
DATE_LABELS = (
    ("birth_date", gettext_lazy("出生日期")),
    ("joined_on", gettext_lazy("入党日期")),
    ("full_member_on", gettext_lazy("转正日期")),
)


def member_problems(data: Mapping[str, Any], *, today: dt.date, status: str) -> list[Problem]:
    """Every rule the member data breaks (empty if none).

    ``data`` holds the editable fields, with the ID number in clear (``id_number``).
    """
    problems: list[Problem] = []
    if not (data.get("name") or "").strip():
        problems.append(Problem("name", _("请填写姓名。"), "members.name_required"))
    birth = data.get("birth_date")
    sex = data.get("sex")
    if sex not in Sex.values:
        problems.append(Problem("sex", _("请选择性别（男或女）。"), "members.sex_required"))
    number = (data.get("id_number") or "").strip()
    try:
        info = parse_id_number(number)
    except ValidationError as exc:
        problems.append(Problem("id_number", exc.messages[0], "members.id_number"))
    else:
        if birth and birth != info.birth_date:
            problems.append(
                Problem(
                    "birth_date",
                    _("出生日期与身份证号不一致：身份证号中的出生日期是%(date)s。")
                    % {
                        "date": f"{info.birth_date.year}年{info.birth_date.month}月{info.birth_date.day}日"
                    },
                    "members.id_birth_date",
                )
            )
        if sex in Sex.values and sex != info.sex:
            problems.append(
                Problem(
                    "sex",
                    _("性别与身份证号不一致：身份证号第17位表示%(sex)s。")
                    % {"sex": Sex(info.sex).label},
                    "members.id_sex",
                )
            )
    if not birth:
        problems.append(Problem("birth_date", _("请填写出生日期。"), "members.birth_required"))
    mobile = (data.get("mobile") or "").strip()
    if mobile and not MOBILE_RE.match(mobile):
        problems.append(
            Problem("mobile", _("手机号应为以1开头的11位数字。"), "members.mobile_format")
        )
    for field, choices, label in CHOICE_FIELDS:
        problems += _choice(data.get(field), choices, field, label)
    problems += _date_problems(data, today=today, status=status)
    return problems


def _date_problems(data: Mapping[str, Any], *, today: dt.date, status: str) -> list[Problem]:
    problems: list[Problem] = []
    birth = data.get("birth_date")
    joined = data.get("joined_on")
    full = data.get("full_member_on")
    for field, label in DATE_LABELS:
        value = data.get(field)
        if value and value > today:
            problems.append(
                Problem(
                    field,
                    _("%(label)s不能晚于今天。") % {"label": label},
                    "members.date_future",
                )
            )
    if status in (MemberStatus.PROBATIONARY, MemberStatus.FULL) and not joined:
        problems.append(
            Problem(
                "joined_on",
                _("请填写入党日期（接收为预备党员的日期）。"),
                "members.joined_required",
            )
        )
    if birth and joined and joined < add_years(birth, MIN_JOINING_AGE):
        problems.append(
            Problem(
                "joined_on",
                _("入党日期早于年满18周岁之日：入党时须年满18周岁。"),
                "members.joined_age_18",
            )
        )
    if full and not joined:
        problems.append(
            Problem("full_member_on", _("有转正日期时须填写入党日期。"), "members.dates_order")
        )
    if joined and full and full < probation_ends(joined):
        ends = probation_ends(joined)
        problems.append(
            Problem(
                "full_member_on",
                _("转正日期早于预备期满之日（%(date)s）：预备期为一年，自入党之日算起。")
                % {"date": f"{ends.year}年{ends.month}月{ends.day}日"},
                "members.probation_year",
            )
        )
    if status == MemberStatus.FULL and joined and not full:
        problems.append(
            Problem("full_member_on", _("正式党员须填写转正日期。"), "members.full_date_required")
        )
    if status == MemberStatus.PROBATIONARY and full:
        problems.append(
            Problem(
                "full_member_on",
                _("预备党员不应有转正日期；转正请办理“预备党员转正”。"),
                "members.probationary_full_date",
            )
        )
    return problems


def raise_first(problems: list[Problem]) -> None:
    if problems:
        raise problems[0].violation()
