"""Admission statistics from the cases, for any scope and period."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from grassroots.admission.models import AdmissionCase, CaseState
from grassroots.admission.tests.helpers import Flow
from grassroots.stats.registry import Period, compute, registry

D = dt.date
pytestmark = pytest.mark.django_db
_n = itertools.count()


def admitted(
    org, *, birth: D, meeting: D, female: bool = False, frontline: bool = True
) -> AdmissionCase:  # type: ignore[no-untyped-def]
    i = next(_n)
    return AdmissionCase.objects.create(
        organization=org,
        name=f"甲一村新党员{i}",
        sex="female" if female else "male",
        birth_date=birth,
        id_number_hash=f"hash{i}",
        applied_on=D(2012, 1, 1),
        talk_due_on=D(2012, 2, 1),
        state=CaseState.PROBATIONARY,
        activist_on=D(2012, 3, 1),
        candidate_on=D(2013, 4, 1),
        branch_meeting_on=meeting,
        approved_on=meeting + dt.timedelta(days=20),
        is_frontline=frontline,
    )


def test_rates_of_new_members(world) -> None:
    a1, b1 = world.orgs["a1"], world.orgs["b1"]
    meeting = D(2014, 6, 1)
    # 35th birthday on the meeting day: 35, not under 35. The day after: still 34.
    admitted(a1, birth=D(1979, 6, 1), meeting=meeting, female=True)
    admitted(a1, birth=D(1979, 6, 2), meeting=meeting)
    admitted(a1, birth=D(1990, 1, 1), meeting=meeting, frontline=False)
    admitted(a1, birth=D(1990, 1, 1), meeting=D(2013, 12, 31), female=True)  # 2013
    admitted(b1, birth=D(1990, 1, 1), meeting=meeting, female=True)
    year = Period.year(2014)
    county = world.orgs["root"]
    assert compute("admission.new_members", a1, year) == 3
    assert compute("admission.new_members_under35", a1, year) == 2
    assert compute("admission.new_members_under35_rate", a1, year) == 66.7
    assert compute("admission.new_members_female_rate", a1, year) == 33.3
    assert compute("admission.new_members_frontline_rate", a1, year) == 66.7
    assert compute("admission.new_members", county, year) == 4
    assert compute("admission.new_members_female_rate", county, year) == 50.0
    assert compute("admission.new_members", county, Period.year(2013)) == 1
    assert compute("admission.new_members_female_rate", county, Period.year(2015)) is None


def test_pipeline_counts_at_the_end_of_a_period(world) -> None:
    flow = Flow(world)
    flow.to_probationary()  # activist 2023-02-20, candidate 2024-03-20, admitted 2024-05-06
    root = world.orgs["root"]
    values = {
        year: [
            compute(k, root, Period.year(year))
            for k in (
                "admission.applicants",
                "admission.activists",
                "admission.candidates",
                "admission.probationary",
            )
        ]
        for year in (2023, 2024)
    }
    assert values[2023] == [0, 1, 0, 0]
    assert values[2024] == [0, 0, 0, 1]
    assert compute("admission.applications", root, Period.year(2023)) == 1
    assert compute("admission.new_members", root, Period.year(2024)) == 1


def test_overdue_counts(world) -> None:
    flow = Flow(world)
    flow.apply()  # applied 2023-01-10, never talked to: overdue since 2023-02-10
    root = world.orgs["root"]
    assert compute("admission.overdue_talks", root, Period.year(2023)) == 1
    assert compute("admission.overdue_talks", root, Period.year(2024)) == 0


def test_indicator_labels() -> None:
    reg = registry()
    assert reg["admission.new_members_female_rate"].unit == "%"
    assert reg["admission.overdue_approvals"].zh == "审批逾期"
    assert reg["admission.new_members"].en == "New members admitted"
