"""Working days on the mainland China calendar (grassroots/core/calendar.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from grassroots.core.calendar import add_working_days, is_working_day, working_days_between
from grassroots.core.models import CalendarDay, HolidayYear

D = dt.date
pytestmark = pytest.mark.django_db


def test_seeded_years_come_from_the_package() -> None:
    years = set(HolidayYear.objects.values_list("year", flat=True))
    assert {2004, 2014, 2025, 2026} <= years
    assert 2027 not in years
    assert CalendarDay.objects.get(date=D(2025, 10, 1)).name == "国庆节"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2014, 10, 1), (False, False)),  # 国庆节, a Wednesday
        (D(2014, 10, 7), (False, False)),  # last day of the holiday, a Tuesday
        (D(2014, 10, 8), (True, False)),  # back to work
        (D(2014, 9, 28), (True, False)),  # make-up working day, a Sunday
        (D(2014, 10, 11), (True, False)),  # make-up working day, a Saturday
        (D(2014, 10, 12), (False, False)),  # an ordinary Sunday
        (D(2025, 9, 28), (True, False)),  # make-up Sunday before 国庆/中秋 2025
        (D(2025, 10, 8), (False, False)),  # 8-day holiday in 2025
        (D(2025, 10, 11), (True, False)),  # make-up Saturday after it
        (D(2027, 1, 1), (True, True)),  # no 2027 schedule: a Friday counts, provisionally
        (D(2027, 1, 2), (False, True)),
    ],
)
def test_is_working_day(day: dt.date, expected: tuple[bool, bool]) -> None:
    assert is_working_day(day) == expected


def test_notice_across_national_day_2014() -> None:
    # Mon 29 Sep, Tue 30 Sep work; 1–7 Oct holiday; Wed 8, Thu 9, Fri 10 Oct work.
    period = add_working_days(D(2014, 9, 29), 5)
    assert period.end == D(2014, 10, 10)
    assert not period.provisional and period.note == ""


def test_notice_across_national_day_2025() -> None:
    # Tue 30 Sep works; 1–8 Oct holiday; Thu 9, Fri 10, Sat 11 (make-up) and Mon 13 Oct.
    period = add_working_days(D(2025, 9, 30), 5)
    assert period.end == D(2025, 10, 13)
    assert not period.provisional


def test_make_up_saturday_counts() -> None:
    # Thu 9, Fri 10, Sat 11 Oct 2025 (调休上班): three working days end on the Saturday.
    assert add_working_days(D(2025, 10, 9), 3).end == D(2025, 10, 11)


def test_spring_festival_2014() -> None:
    # 2014 春节: holiday 31 Jan – 6 Feb; Sun 26 Jan and Sat 8 Feb are working days.
    period = add_working_days(D(2014, 1, 24), 5)  # Fri 24, Sun 26, Mon 27, Tue 28, Wed 29
    assert period.end == D(2014, 1, 29)
    period = add_working_days(D(2014, 1, 29), 5)  # Wed 29, Thu 30, Fri 7 Feb, Sat 8, Mon 10
    assert period.end == D(2014, 2, 10)


def test_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(D(2014, 10, 1), 1).end == D(2014, 10, 8)
    assert add_working_days(D(2014, 10, 8), 1).end == D(2014, 10, 8)


def test_period_into_a_year_without_schedule_is_provisional() -> None:
    # Mon 28 Dec 2026 … : 28, 29, 30, 31 Dec, then 2027 unknown: Fri 1 Jan counts.
    period = add_working_days(D(2026, 12, 28), 5)
    assert period.end == D(2027, 1, 1)
    assert period.provisional
    assert period.unknown_years == (2027,)
    assert "2027年" in period.note and "临时" in period.note


def test_period_within_known_year_is_not_provisional() -> None:
    period = add_working_days(D(2026, 12, 21), 5)
    assert period.end == D(2026, 12, 25) and not period.provisional


def test_a_schedule_entered_for_2027_is_used() -> None:
    HolidayYear.objects.create(year=2027)
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")
    period = add_working_days(D(2026, 12, 28), 5)
    assert period.end == D(2027, 1, 4)
    assert not period.provisional


def test_working_days_between() -> None:
    assert working_days_between(D(2014, 9, 29), D(2014, 10, 12)) == (6, False)
    assert working_days_between(D(2026, 12, 31), D(2027, 1, 4)) == (3, True)


def test_n_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(D(2014, 9, 29), 0)
