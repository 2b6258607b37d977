"""Validators for the identifiers Chinese records carry."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: dt.date
    sex: str  # "male" / "female"
    region_code: str


def parse_id_number(value: str) -> IdNumberInfo:
    """Validate a resident ID number (居民身份证号, GB 11643-1999) and read what it encodes.

    Raises ``ValidationError`` with a message that says what is wrong."""
    number = (value or "").strip().upper().replace(" ", "")
    if not number:
        raise ValidationError(_("请填写身份证号。"), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("身份证号应为18位（现为%(n)d位）。") % {"n": len(number)}, code="length"
        )
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise ValidationError(
            _("身份证号格式不正确：前17位应为数字，最后一位为数字或X。"), code="format"
        )
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("身份证号校验码错误（GB 11643），请核对最后一位。"), code="checksum"
        )
    try:
        ric.get_birth_date(number)
    except StdnumError as exc:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="birth_date") from exc
    if not _known_region(number[:6]):
        raise ValidationError(_("身份证号前6位不是有效的地区代码。"), code="region")
    birth = ric.get_birth_date(number)
    if birth > dt.date.today():
        raise ValidationError(_("身份证号中的出生日期晚于今天。"), code="birth_date")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumberInfo(number=number, birth_date=birth, sex=sex, region_code=number[:6])


@functools.cache
def _known_region(code: str) -> bool:
    """The address code is the one in force when the number was assigned, which may be
    after birth (a code like 421224 通山县, in use since 1998, appears on numbers of people
    born earlier), so any code that has existed is accepted; stdnum's own check ties it
    to the birth year."""
    from stdnum import numdb

    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.match(value.strip()):
        raise ValidationError(_("手机号应为以1开头的11位数字。"), code="mobile")


def mask_id_number(number: str) -> str:
    """420224********1234: region code and the last four kept."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_mobile(number: str) -> str:
    if not number or len(number) < 7:
        return number or ""
    return number[:3] + "****" + number[-4:]
