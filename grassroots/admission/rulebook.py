"""The versioned rulebook of member admission (发展党员): every number the workflow enforces.

The national *Detailed Rules on Developing Party Members* (《中国共产党发展党员工作细则》)
are revised from time to time. Each revision is one :class:`RuleSet` with the date it
took effect; a step is judged by the rule set in force on the step's own date
(:func:`rules_on`), so a revision never changes how an earlier step is judged.

Only the 2014 rules are shipped. A later revision is added as a new ``RuleSet`` in
``VERSIONS`` from its official text, never by editing the 2014 one.

Tongshan County's "1443" extras are a deployment policy (``settings.GRASSROOTS
["ADMISSION_1443"]``), not a national rule: see :func:`policy_1443`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later; a day the target month lacks
    becomes its last day (31 January + 1 month = 28/29 February; 29 February + 12
    months = 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day`` (someone born on 29 February is a year older
    on 1 March in a common year)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def cn(day: dt.date | None) -> str:
    """A date as Chinese text reads it: 2014年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


@dataclass(frozen=True)
class RuleSet:
    """One version of the national rules. Periods are in calendar months."""

    version: str
    title: str | Promise
    effective_from: dt.date
    # Stage 1: application
    min_age: int = 18  # years, on the application date
    talk_within_months: int = 1  # talk with the applicant within one month
    # Stage 2: activists
    mentors_min: int = 1  # one or two full members as mentors (培养联系人)
    mentors_max: int = 2
    assessment_every_months: int = 6  # an assessment at least every half year
    # Stage 3: candidates
    activist_more_than_months: int = 12  # MORE than one year as activist
    sponsors: int = 2  # two full members as sponsors (入党介绍人)
    training_min_days: int = 3  # centralized training: at least 3 days ...
    training_min_hours: int = 24  # ... or at least 24 class hours
    # Stage 4: admission as probationary member
    leaving_unit_months: int = 3  # leaving the unit within 3 months: normally not admitted
    approval_within_months: int = 3  # committee approval within 3 months of the meeting
    approval_max_months: int = 6  # extendable, at most 6 months in all
    # Stage 5: probation and full membership
    probation_months: int = 12  # one year from the branch meeting
    extension_min_months: int = 6  # an extension: at least half a year ...
    extension_max_months: int = 12  # ... at most one year ...
    max_extensions: int = 1  # ... and only once
    full_approval_within_months: int = 3

    @property
    def source(self) -> str:
        return str(self.title)


RULES_2014 = RuleSet(
    version="2014",
    title=_("《中国共产党发展党员工作细则》（2014年）"),
    effective_from=dt.date(2014, 6, 10),
)

# Oldest first. A revision (e.g. the one reported in May 2026) is added here from its
# official text with its own effective date.
VERSIONS: tuple[RuleSet, ...] = (RULES_2014,)


class Rulebook:
    """The rule sets, and which one is in force on a day."""

    def __init__(self, versions: tuple[RuleSet, ...]):
        if not versions:
            raise ValueError("a rulebook needs at least one rule set")
        self.versions = tuple(sorted(versions, key=lambda v: v.effective_from))

    def on(self, day: dt.date) -> RuleSet:
        """The rule set in force on ``day``: the latest one that took effect on or before
        it. Days before the oldest version are judged by the oldest version: the platform
        holds no earlier text."""
        current = self.versions[0]
        for version in self.versions:
            if version.effective_from <= day:
                current = version
        return current

    @property
    def latest(self) -> RuleSet:
        return self.versions[-1]


RULEBOOK = Rulebook(VERSIONS)


def rules_on(day: dt.date) -> RuleSet:
    """The rule set in force on ``day`` (module-level so tests can swap ``RULEBOOK``)."""
    return RULEBOOK.on(day)


def policy_1443() -> bool:
    """Whether Tongshan's "1443" extras apply in this deployment (default on). They add
    the recommendation round, the ballots at the activist and candidate points, the
    notices at those points and the three reviews. The national floor (including the
    branch general meeting's ballot and the notices before pre-review and before full
    membership) applies either way."""
    return bool(settings.GRASSROOTS.get("ADMISSION_1443", True))


POLICY_1443_SOURCE = _("通山县发展党员“1443”工作法")
