"""The versioned rulebook: dates, and which version judges a step."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from grassroots.admission import rulebook, services
from grassroots.admission.models import CaseStep
from grassroots.admission.rulebook import RULES_2014, Rulebook, add_months, age_on, rules_on
from grassroots.core.errors import RuleViolation

D = dt.date


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2014, 1, 31), 1) == D(2014, 2, 28)
    assert add_months(D(2016, 1, 31), 1) == D(2016, 2, 29)
    assert add_months(D(2016, 2, 29), 12) == D(2017, 2, 28)
    assert add_months(D(2014, 11, 30), 3) == D(2015, 2, 28)
    assert add_months(D(2014, 4, 1), 1) == D(2014, 5, 1)
    assert add_months(D(2014, 3, 15), -3) == D(2013, 12, 15)


def test_age_on_birthday_and_leap_day() -> None:
    assert age_on(D(1996, 6, 15), D(2014, 6, 14)) == 17
    assert age_on(D(1996, 6, 15), D(2014, 6, 15)) == 18
    assert age_on(D(1996, 2, 29), D(2014, 2, 28)) == 17
    assert age_on(D(1996, 2, 29), D(2014, 3, 1)) == 18


def test_only_the_2014_rules_are_shipped() -> None:
    assert [v.version for v in rulebook.VERSIONS] == ["2014"]
    r = RULES_2014
    assert (r.min_age, r.talk_within_months, r.assessment_every_months) == (18, 1, 6)
    assert (r.activist_more_than_months, r.sponsors, r.mentors_min, r.mentors_max) == (12, 2, 1, 2)
    assert (r.training_min_days, r.training_min_hours) == (3, 24)
    assert (r.approval_within_months, r.approval_max_months, r.probation_months) == (3, 6, 12)
    assert (r.extension_min_months, r.extension_max_months, r.max_extensions) == (6, 12, 1)


LATER = dataclasses.replace(
    RULES_2014,
    version="test-2024",
    title="假设的修订版",
    effective_from=D(2024, 4, 9),
    training_min_days=5,
)


def test_rulebook_picks_the_version_in_force() -> None:
    book = Rulebook((RULES_2014, LATER))
    assert book.on(D(2024, 4, 8)).version == "2014"
    assert book.on(D(2024, 4, 9)).version == "test-2024"
    assert book.on(D(2010, 1, 1)).version == "2014"  # before the oldest: the oldest
    assert book.latest is LATER


@pytest.mark.django_db
def test_a_later_version_judges_only_steps_dated_after_it(flow, monkeypatch) -> None:
    """Training of 3 days meets the 2014 rules; a hypothetical revision effective
    2024-04-09 asks for 5 days. A training ending the day before is judged by 2014,
    one ending on or after the effective date by the revision."""
    monkeypatch.setattr(rulebook, "RULEBOOK", Rulebook((RULES_2014, LATER)))
    assert rules_on(D(2024, 4, 9)).training_min_days == 5
    case = flow.to_candidate()
    b = flow.branch
    services.case_file(actor=flow.committee, case=case, step=8, done_on=D(2024, 3, 25))
    services.case_record_political_review(
        actor=b, case=case, done_on=D(2024, 4, 1), conclusion="合格", qualified=True
    )
    with pytest.raises(RuleViolation) as exc:
        services.case_record_training(
            actor=b,
            case=case,
            started_on=D(2024, 4, 8),
            ended_on=D(2024, 4, 10),
            class_hours=0,
            organizer="党校",
        )
    assert exc.value.rule == "admission.training_length"
    assert "假设的修订版" in exc.value.message
    services.case_record_training(
        actor=b,
        case=case,
        started_on=D(2024, 4, 6),
        ended_on=D(2024, 4, 8),
        class_hours=0,
        organizer="党校",
    )
    step = CaseStep.objects.get(case=case, step=11)
    assert step.rules_version == "2014"
    assert CaseStep.objects.get(case=case, step=7).rules_version == "2014"
