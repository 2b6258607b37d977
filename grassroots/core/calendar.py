"""Working days (工作日) on the mainland China calendar.

A day is a working day by the weekday rule (Monday to Friday) unless the year's official
holiday schedule (国务院办公厅关于部分节假日安排的通知) says otherwise: a statutory holiday
on a weekday is a day off, a make-up working day (调休上班) on a weekend is a working day.

The schedules live in the ``core.HolidayYear`` / ``core.CalendarDay`` tables, seeded from
the chinese-calendar package (:func:`package_schedule`, used by a data migration of the
notices app) and extended by county administrators when the State Council publishes the
next year. For a year with no known schedule the weekday rule is used and every result
says so: such days are *provisional* — a holiday is never silently taken for a working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ONE_DAY = dt.timedelta(days=1)

# The package's holiday names, in Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class WorkingPeriod:
    """``n`` working days from ``start``: ``end`` is the n-th working day, counting ``start``
    itself if it is a working day (else counting from the next working day)."""

    start: dt.date
    end: dt.date
    provisional: bool
    note: str
    working_days: int = 0
    unknown_years: tuple[int, ...] = field(default=())


def provisional_note(years: tuple[int, ...] | list[int]) -> str:
    """Plain Chinese saying which years' schedules are unknown, and what was done instead."""
    if not years:
        return ""
    names = "、".join(_("%(year)d年") % {"year": y} for y in sorted(years))
    return _(
        "系统中还没有%(years)s的法定节假日安排（国务院办公厅通常在上一年年底公布），"
        "暂按周一至周五为工作日计算，结果为临时结果；节假日安排录入后将重新核对截止日期。"
    ) % {"years": names}


class Schedule:
    """The known years and the exceptional days of a date window, loaded in two queries."""

    def __init__(self, first: dt.date, last: dt.date):
        from .models import CalendarDay, HolidayYear

        self.first, self.last = first, last
        self.known_years = set(HolidayYear.objects.values_list("year", flat=True))
        self.days = dict(
            CalendarDay.objects.filter(date__gte=first, date__lte=last).values_list(
                "date", "is_working_day"
            )
        )

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def status(self, day: dt.date) -> tuple[bool, bool]:
        if day.year not in self.known_years:
            return day.weekday() < 5, True
        if day in self.days:
            return self.days[day], False
        return day.weekday() < 5, False


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """``(working?, provisional?)``; provisional when ``day``'s year has no known schedule."""
    return Schedule(day, day).status(day)


def add_working_days(start: dt.date, n: int) -> WorkingPeriod:
    """The period of ``n`` working days beginning on ``start`` (or the next working day)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    window = dt.timedelta(days=2 * n + 30)
    schedule = Schedule(start, start + window)
    unknown: set[int] = set()
    day, counted = start, 0
    while True:
        if not schedule.covers(day):
            schedule = Schedule(day, day + window)
        working, provisional = schedule.status(day)
        if provisional:
            unknown.add(day.year)
        if working:
            counted += 1
            if counted == n:
                break
        day += ONE_DAY
    years = tuple(sorted(unknown))
    return WorkingPeriod(
        start=start,
        end=day,
        provisional=bool(years),
        note=provisional_note(years),
        working_days=n,
        unknown_years=years,
    )


def working_days_between(first: dt.date, last: dt.date) -> tuple[int, bool]:
    """Working days from ``first`` to ``last`` inclusive, and whether the count is provisional."""
    schedule = Schedule(first, last)
    count, provisional = 0, False
    day = first
    while day <= last:
        working, unsure = schedule.status(day)
        count += working
        provisional |= unsure
        day += ONE_DAY
    return count, provisional


def package_years() -> list[int]:
    """The years the installed chinese-calendar package has schedules for."""
    import chinese_calendar

    return sorted({d.year for d in (*chinese_calendar.holidays, *chinese_calendar.workdays)})


def package_schedule(year: int) -> list[tuple[dt.date, bool, str]]:
    """``(date, is_working_day, Chinese name)`` for the exceptional days of ``year`` in the
    chinese-calendar package: statutory holidays (weekend ones included, so the whole
    holiday carries its name) and make-up working days."""
    import chinese_calendar

    rows: list[tuple[dt.date, bool, str]] = []
    for day, name in chinese_calendar.holidays.items():
        if day.year == year:
            rows.append((day, False, HOLIDAY_NAMES.get(str(name), str(name))))
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            label = HOLIDAY_NAMES.get(str(name), str(name))
            rows.append((day, True, f"{label}调休上班"))  # stored data, not UI text
    return sorted(rows)


def seed_from_package(holiday_year_model: Any = None, calendar_day_model: Any = None) -> list[int]:
    """Copy the package's schedules into the holiday table, for the years the table does
    not have yet (administrators' entries are never overwritten); the years added.

    Called by the notices app's data migration (with the historical models) and after
    installing a newer chinese-calendar: ``manage.py seed_holidays``."""
    from .models import CalendarDay, HolidayYear

    year_model = holiday_year_model or HolidayYear
    day_model = calendar_day_model or CalendarDay
    known = set(year_model.objects.values_list("year", flat=True))
    years = [y for y in package_years() if y not in known]
    year_model.objects.bulk_create([year_model(year=y, source="chinese-calendar") for y in years])
    day_model.objects.bulk_create(
        [
            day_model(date=day, is_working_day=working, name=name)
            for y in years
            for day, working, name in package_schedule(y)
        ],
        ignore_conflicts=True,
    )
    return years
