"""Plain builders for test records (valid ID numbers included)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from stdnum.cn import ric

from grassroots.core import crypto
from grassroots.core.pinyin import pinyin_keys
from grassroots.core.validators import mask_id_number
from grassroots.members.models import Member, MemberStatus, Sex

_serial = itertools.count(1)


def id_number(
    birth: dt.date, *, female: bool = False, region: str = "421224", serial: int | None = None
) -> str:
    """A valid 18-digit resident ID number (GB 11643 check digit)."""
    n = serial if serial is not None else next(_serial) % 500
    seq = n * 2 + (0 if female else 1)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def member(
    *,
    organization: Any,
    name: str = "张三",
    birth: dt.date = dt.date(1980, 5, 1),
    female: bool = False,
    **fields: Any,
) -> Member:
    number = fields.pop("id_number", None) or id_number(birth, female=female)
    defaults: dict[str, Any] = {
        "sex": Sex.FEMALE if female else Sex.MALE,
        "birth_date": birth,
        "status": MemberStatus.FULL,
        "joined_on": dt.date(2005, 7, 1),
        "full_member_on": dt.date(2006, 7, 1),
    }
    defaults["name_pinyin"], defaults["name_initials"] = pinyin_keys(name)
    defaults.update(fields)
    return Member.objects.create(
        organization=organization,
        name=name,
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.lookup_hash(number),
        id_number_masked=mask_id_number(number),
        **defaults,
    )
