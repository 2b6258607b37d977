"""Each rule of a member record at its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from grassroots.core.testing.factories import id_number
from grassroots.members.models import MemberStatus
from grassroots.members.rules import add_years, member_problems, probation_ends

TODAY = dt.date(2014, 12, 31)
BIRTH = dt.date(1980, 5, 1)


def data(**overrides):
    d = {
        "name": "张三",
        "sex": "male",
        "birth_date": BIRTH,
        "id_number": id_number(BIRTH, serial=7),
        "joined_on": dt.date(2005, 7, 1),
        "full_member_on": dt.date(2006, 7, 1),
        "mobile": "13907150000",
    }
    d.update(overrides)
    return d


def rules(d, status=MemberStatus.FULL):
    return {p.rule for p in member_problems(d, today=TODAY, status=status)}


def test_valid_record_has_no_problem():
    assert rules(data()) == set()


def test_id_number_check_digit():
    good = id_number(BIRTH, serial=7)
    bad_digit = str((int(good[-1]) + 1) % 10) if good[-1] != "X" else "0"
    problems = member_problems(data(id_number=good[:-1] + bad_digit), today=TODAY, status="full")
    assert [p.rule for p in problems] == ["members.id_number"]
    assert "校验码" in problems[0].message


def test_id_number_length():
    problems = member_problems(data(id_number="42122419800501001"), today=TODAY, status="full")
    assert problems[0].rule == "members.id_number" and "18位" in problems[0].message


def test_birth_date_must_match_id_number():
    assert rules(data(birth_date=BIRTH + dt.timedelta(days=1))) == {"members.id_birth_date"}


def test_sex_must_match_id_number():
    assert rules(data(sex="female")) == {"members.id_sex"}
    female = data(sex="female", id_number=id_number(BIRTH, female=True, serial=3))
    assert rules(female) == set()


@pytest.mark.parametrize(
    ("mobile", "ok"),
    [
        ("13907150000", True),
        ("", True),
        ("1390715000", False),
        ("139071500001", False),
        ("23907150000", False),
        ("12907150000", False),
    ],
)
def test_mobile_format(mobile, ok):
    assert ("members.mobile_format" not in rules(data(mobile=mobile))) is ok


def test_full_membership_not_before_probation_ends():
    joined = dt.date(2005, 7, 1)
    assert probation_ends(joined) == dt.date(2006, 7, 1)
    assert rules(data(joined_on=joined, full_member_on=dt.date(2006, 7, 1))) == set()
    assert rules(data(joined_on=joined, full_member_on=dt.date(2006, 6, 30))) == {
        "members.probation_year"
    }


def test_probation_from_29_february():
    assert probation_ends(dt.date(2008, 2, 29)) == dt.date(2009, 2, 28)


def test_joining_age_18_boundary():
    eighteen = add_years(BIRTH, 18)
    ok = data(joined_on=eighteen, full_member_on=probation_ends(eighteen))
    assert rules(ok) == set()
    early = eighteen - dt.timedelta(days=1)
    assert "members.joined_age_18" in rules(
        data(joined_on=early, full_member_on=probation_ends(early))
    )


def test_dates_not_in_future():
    assert "members.date_future" in rules(data(full_member_on=TODAY + dt.timedelta(days=1)))
    assert "members.date_future" not in rules(
        data(joined_on=dt.date(2013, 12, 31), full_member_on=TODAY)
    )


def test_status_and_dates_agree():
    assert rules(data(full_member_on=None)) == {"members.full_date_required"}
    assert rules(data(), status=MemberStatus.PROBATIONARY) == {"members.probationary_full_date"}
    assert rules(data(full_member_on=None), status=MemberStatus.PROBATIONARY) == set()
    assert "members.joined_required" in rules(data(joined_on=None, full_member_on=None))
