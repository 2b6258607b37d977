"""Every numeric rule at its boundary, and the message that names it."""

from __future__ import annotations

import datetime as dt

import pytest

from grassroots.admission import services
from grassroots.admission.models import CaseState, DisciplinaryProbation
from grassroots.admission.tests.helpers import Flow
from grassroots.core.errors import RuleViolation
from grassroots.core.testing import factories
from grassroots.members.models import MemberStatus

D = dt.date
pytestmark = pytest.mark.django_db


def refused(rule: str, fn, **kwargs) -> RuleViolation:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    return exc.value


# --- stage 1 ------------------------------------------------------------------------------


def test_age_18_on_the_application_date(flow: Flow) -> None:
    birth = D(2005, 6, 15)
    exc = refused(
        "admission.age_18", flow.apply, birth=birth, applied_on=D(2023, 6, 14)
    )  # the day before the 18th birthday
    assert "【年满十八岁】" in exc.message
    assert "2023年6月15日" in exc.message  # says from when
    assert "依据：《中国共产党发展党员工作细则》（2014年）" in exc.message
    case = flow.apply(birth=birth, applied_on=D(2023, 6, 15))
    assert case.birth_date == birth


def test_age_18_leap_day_birthday(flow: Flow) -> None:
    refused("admission.age_18", flow.apply, birth=D(2004, 2, 29), applied_on=D(2022, 2, 28))
    assert flow.apply(birth=D(2004, 2, 29), applied_on=D(2022, 3, 1)).pk


def test_one_open_case_per_person_and_not_a_member(flow: Flow, world) -> None:
    number = factories.id_number(D(1990, 1, 1))
    kwargs = {
        "actor": flow.branch,
        "organization": flow.org,
        "name": "甲一村某",
        "id_number": number,
        "applied_on": D(2023, 1, 1),
    }
    services.case_apply(**kwargs)
    refused("admission.one_case", services.case_apply, **kwargs)
    member_number = factories.id_number(D(1980, 1, 1), serial=400)
    factories.member(organization=flow.org, id_number=member_number)
    refused(
        "admission.already_member", services.case_apply, **{**kwargs, "id_number": member_number}
    )


def test_talk_within_one_month_day_30_and_31(world) -> None:
    # Application on 1 April: one month later is 1 May, the 30th day after it.
    on_time = Flow(world)
    case = on_time.apply(applied_on=D(2023, 4, 1))
    assert case.talk_due_on == D(2023, 5, 1)
    services.case_record_talk(
        actor=on_time.branch, case=case, done_on=D(2023, 5, 1), talker="李", opinion="好"
    )
    assert not on_time.refresh().talk_overdue
    late = Flow(world)
    case = late.apply(applied_on=D(2023, 4, 1), birth=D(1991, 1, 1))
    services.case_record_talk(
        actor=late.branch, case=case, done_on=D(2023, 5, 2), talker="李", opinion="好"
    )
    case = late.refresh()
    assert case.talk_overdue  # recorded, and flagged
    assert case.steps.get(step=2).data["days_late"] == 1


# --- stage 2/3 ----------------------------------------------------------------------------


def _candidate_dates() -> dict:
    return {
        "assess": [D(2023, 6, 1), D(2023, 12, 1), D(2024, 2, 1)],
        "opinions": D(2024, 2, 1),
        "reviews": [D(2024, 1, 8), D(2024, 1, 9), D(2024, 1, 10)],
        "notice_candidate": D(2024, 1, 11),
    }


def test_more_than_one_year_as_activist(world) -> None:
    flow = Flow(world, dates=_candidate_dates())
    case = flow.prepare_candidate()
    assert case.activist_on == D(2023, 2, 20)
    kwargs = {"actor": flow.branch, "case": case, "opinion": "同意"}
    exc = refused(
        "admission.activist_one_year",
        services.case_make_candidate,
        done_on=D(2024, 2, 20),
        **kwargs,
    )
    assert "【培养教育一年以上】" in exc.message and "2024年2月21日" in exc.message
    services.case_make_candidate(done_on=D(2024, 2, 21), **kwargs)
    assert flow.refresh().state == CaseState.CANDIDATE


def test_mentors_one_or_two_full_members(world) -> None:
    flow = Flow(world)
    case = flow.to_activist()
    services.case_file(actor=flow.committee, case=case, step=4, done_on=D(2023, 2, 24))
    kwargs = {"actor": flow.branch, "case": case, "done_on": D(2023, 3, 1)}
    refused("admission.mentor_count", services.case_assign_mentors, mentors=[], **kwargs)
    refused(
        "admission.mentor_count", services.case_assign_mentors, mentors=flow.members[:3], **kwargs
    )
    refused(
        "admission.mentor_distinct",
        services.case_assign_mentors,
        mentors=[flow.members[0]] * 2,
        **kwargs,
    )
    probationary = factories.member(
        organization=flow.org,
        name="甲一村预备",
        status=MemberStatus.PROBATIONARY,
        full_member_on=None,
    )
    refused(
        "admission.mentor_full_member",
        services.case_assign_mentors,
        mentors=[probationary],
        **kwargs,
    )
    services.case_assign_mentors(mentors=flow.members[:1], **kwargs)
    services.case_assign_mentors(mentors=flow.members[1:3], **kwargs)  # replaced
    assert case.people.filter(ended_on__isnull=True).count() == 2


def _sponsor_ready(world) -> tuple[Flow, object]:
    flow = Flow(world)
    case = flow.to_candidate()
    return flow, case


def test_two_distinct_full_members_as_sponsors(world) -> None:
    flow, case = _sponsor_ready(world)
    kwargs = {"actor": flow.branch, "case": case, "done_on": D(2024, 3, 25)}
    exc = refused(
        "admission.sponsor_count",
        services.case_assign_sponsors,
        sponsors=flow.members[:1],
        **kwargs,
    )
    assert "【入党介绍人】" in exc.message
    refused(
        "admission.sponsor_count",
        services.case_assign_sponsors,
        sponsors=flow.members[:3],
        **kwargs,
    )
    refused(
        "admission.sponsor_distinct",
        services.case_assign_sponsors,
        sponsors=[flow.members[0]] * 2,
        **kwargs,
    )
    probationary = factories.member(
        organization=flow.org,
        name="甲一村预备",
        status=MemberStatus.PROBATIONARY,
        full_member_on=None,
    )
    refused(
        "admission.sponsor_full_member",
        services.case_assign_sponsors,
        sponsors=[flow.members[0], probationary],
        **kwargs,
    )
    services.case_assign_sponsors(sponsors=flow.members[:2], **kwargs)


def test_a_member_on_probation_within_the_party_cannot_sponsor(world) -> None:
    flow, case = _sponsor_ready(world)
    disciplined = flow.members[0]
    row = services.discipline_record(
        actor=world.users["township"],
        member=disciplined,
        started_on=D(2023, 9, 1),
        months=12,
        decision="留党察看一年",
    )
    kwargs = {"actor": flow.branch, "case": case, "sponsors": [disciplined, flow.members[1]]}
    exc = refused(
        "admission.sponsor_disciplined",
        services.case_assign_sponsors,
        done_on=D(2024, 3, 25),
        **kwargs,
    )
    assert "留党察看" in exc.message
    # Rights restored after the date: still barred on that date; restored before: may sponsor.
    services.discipline_restore(
        actor=world.users["township"], probation=row, restored_on=D(2024, 3, 26)
    )
    refused(
        "admission.sponsor_disciplined",
        services.case_assign_sponsors,
        done_on=D(2024, 3, 25),
        **kwargs,
    )
    services.case_assign_sponsors(done_on=D(2024, 3, 26), **kwargs)
    assert DisciplinaryProbation.objects.get().restored_on == D(2024, 3, 26)


def test_political_review_comes_before_later_steps(world) -> None:
    flow, case = _sponsor_ready(world)
    exc = refused(
        "admission.step_order",
        services.case_record_training,
        actor=flow.branch,
        case=case,
        started_on=D(2024, 4, 8),
        ended_on=D(2024, 4, 10),
        class_hours=24,
        organizer="党校",
    )
    assert "进行政治审查" in exc.message
    refused(
        "admission.political_review_failed",
        services.case_record_political_review,
        actor=flow.branch,
        case=case,
        done_on=D(2024, 4, 1),
        conclusion="有问题",
        qualified=False,
    )


@pytest.mark.parametrize(
    ("start", "end", "hours", "ok"),
    [
        (D(2024, 4, 9), D(2024, 4, 10), 23, False),  # 2 days, 23 hours
        (D(2024, 4, 8), D(2024, 4, 10), 0, True),  # 3 days
        (D(2024, 4, 10), D(2024, 4, 10), 24, True),  # 1 day, 24 class hours
    ],
)
def test_training_three_days_or_24_hours(world, start, end, hours, ok) -> None:
    flow, case = _sponsor_ready(world)
    services.case_record_political_review(
        actor=flow.branch, case=case, done_on=D(2024, 4, 1), conclusion="合格", qualified=True
    )
    kwargs = {
        "actor": flow.branch,
        "case": case,
        "started_on": start,
        "ended_on": end,
        "class_hours": hours,
        "organizer": "党校",
    }
    if ok:
        services.case_record_training(**kwargs)
    else:
        exc = refused("admission.training_length", services.case_record_training, **kwargs)
        assert "不少于3天" in exc.message and "24个学时" in exc.message


# --- stage 4 --------------------------------------------------------------------------------


def test_branch_meeting_needs_more_than_half_of_all_entitled(world) -> None:
    """6 members entitled: 3 yes votes is exactly half, not more than half."""
    flow = Flow(world, members=6)
    flow.to_meeting_ready()
    with pytest.raises(RuleViolation) as exc:
        flow.hold_meeting(yes=3)
    assert exc.value.rule == "ballots.not_passed"
    assert "【支部大会无记名投票表决】" in exc.value.message
    # A new vote: 4 of 6 yes.
    case = flow.hold_meeting(yes=4)
    assert case.branch_meeting_on == D(2024, 5, 6)
    assert case.steps.get(step=15).data["ballot"]["entitled"] == 6


def test_probationary_members_do_not_vote(world) -> None:
    flow = Flow(world, members=5)
    for i in range(3):
        factories.member(
            organization=flow.org,
            name=f"甲一村预备{i}",
            status=MemberStatus.PROBATIONARY,
            full_member_on=None,
        )
    flow.to_meeting_ready()
    case = flow.hold_meeting(yes=3)  # 3 of the 5 full members: passes
    assert case.steps.get(step=15).data["ballot"]["entitled"] == 5


def _approval_ready(world) -> Flow:
    flow = Flow(world)
    flow.to_meeting()
    return flow


def test_approval_within_three_months(world) -> None:
    # Branch meeting on 2024-05-06: three months end on 2024-08-06.
    flow = _approval_ready(world)
    kwargs = {"actor": flow.committee, "case": flow.case, "approved": True, "opinion": "同意"}
    exc = refused(
        "admission.approval_three_months", services.case_approve, done_on=D(2024, 8, 7), **kwargs
    )
    assert "【审批时限】" in exc.message and "2024年8月6日" in exc.message
    services.case_approve(done_on=D(2024, 8, 6), **kwargs)
    assert flow.refresh().state == CaseState.PROBATIONARY


def test_approval_extended_to_six_months_with_a_reason(world) -> None:
    flow = _approval_ready(world)
    case = flow.case
    ext = {"actor": flow.committee, "case": case, "decided_on": D(2024, 8, 1)}
    refused(
        "admission.required", services.case_extend_approval, until=D(2024, 11, 6), reason=" ", **ext
    )
    refused(
        "admission.approval_six_months",
        services.case_extend_approval,
        until=D(2024, 11, 7),
        reason="换届",
        **ext,
    )
    services.case_extend_approval(until=D(2024, 11, 6), reason="党委换届", **ext)
    kwargs = {"actor": flow.committee, "case": case, "approved": True, "opinion": "同意"}
    refused(
        "admission.approval_six_months", services.case_approve, done_on=D(2024, 11, 7), **kwargs
    )
    services.case_approve(done_on=D(2024, 11, 6), **kwargs)


def test_after_six_months_the_branch_meeting_discusses_again(world) -> None:
    flow = _approval_ready(world)
    case = flow.case
    refused(
        "admission.approval_six_months",
        services.case_approve,
        actor=flow.committee,
        case=case,
        done_on=D(2024, 11, 7),
        approved=True,
        opinion="同意",
    )
    # The same ballot cannot serve a second meeting.
    exc = refused(
        "admission.ballot_stale",
        services.case_branch_meeting,
        actor=flow.branch,
        case=case,
        done_on=D(2024, 11, 20),
        opinion="重新讨论",
    )
    assert "重新表决" in exc.message
    case = flow.hold_meeting(day=D(2024, 11, 20))
    assert case.branch_meeting_on == D(2024, 11, 20)
    assert case.approval_due_on == D(2025, 2, 20)
    services.case_approve(
        actor=flow.committee, case=case, done_on=D(2025, 1, 10), approved=True, opinion="同意"
    )
    case = flow.refresh()
    assert case.member.joined_on == D(2024, 11, 20)


def test_refused_approval_closes_the_case(world) -> None:
    flow = _approval_ready(world)
    services.case_approve(
        actor=flow.committee,
        case=flow.case,
        done_on=D(2024, 6, 1),
        approved=False,
        opinion="不同意",
    )
    case = flow.refresh()
    assert case.state == CaseState.CLOSED and case.member is None


# --- stage 5 ------------------------------------------------------------------------------


def test_probation_is_one_year_from_the_branch_meeting(world) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting_ready()
    assert case.probation_ends_on == D(2025, 5, 6)
    flow.ballot("full")
    kwargs = {"actor": flow.branch, "case": case, "opinion": "同意"}
    exc = refused(
        "admission.probation_not_over", services.case_full_meeting, done_on=D(2025, 5, 5), **kwargs
    )
    assert "2025年5月6日" in exc.message
    services.case_full_meeting(done_on=D(2025, 5, 6), **kwargs)


def test_full_membership_takes_effect_when_probation_ends(world) -> None:
    flow = Flow(world)
    case = flow.to_full()
    assert case.state == CaseState.FULL
    assert case.full_on == D(2025, 5, 6)  # not the approval date, 2025-05-20
    member = case.member
    assert member.status == MemberStatus.FULL
    assert member.full_member_on == D(2025, 5, 6)
    assert member.joined_on == D(2024, 5, 6)


def test_full_approval_within_three_months_of_the_meeting(world) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting()  # meeting 2025-05-08
    kwargs = {"actor": flow.committee, "case": case, "outcome": "full", "opinion": "同意"}
    refused(
        "admission.full_approval_three_months",
        services.case_decide_full,
        done_on=D(2025, 8, 9),
        **kwargs,
    )
    services.case_decide_full(done_on=D(2025, 8, 8), **kwargs)


@pytest.mark.parametrize(
    ("months", "ok"), [(5, False), (6, True), (12, True), (13, False), (None, False)]
)
def test_extension_half_a_year_to_one_year(world, months, ok) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting()
    kwargs = {
        "actor": flow.committee,
        "case": case,
        "done_on": D(2025, 5, 20),
        "outcome": "extend",
        "opinion": "表现一般",
        "extension_months": months,
    }
    if not ok:
        exc = refused("admission.extension_length", services.case_decide_full, **kwargs)
        assert "不能少于半年" in exc.message
        return
    services.case_decide_full(**kwargs)
    case = flow.refresh()
    assert case.state == CaseState.PROBATIONARY
    assert case.probation_ends_on == (D(2025, 11, 6) if months == 6 else D(2026, 5, 6))
    assert not case.is_done(22) and not case.is_done(23) and case.is_done(20)


def test_extension_only_once_and_a_new_round_needs_a_new_notice(world) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting()
    services.case_decide_full(
        actor=flow.committee,
        case=case,
        done_on=D(2025, 5, 20),
        outcome="extend",
        opinion="延长",
        extension_months=6,
    )
    case = flow.refresh()
    services.case_apply_full(actor=flow.branch, case=case, done_on=D(2025, 11, 1))
    flow.ballot("full")
    exc = refused(
        "admission.notice_stale",
        services.case_full_meeting,
        actor=flow.branch,
        case=case,
        done_on=D(2025, 11, 20),
        opinion="同意",
    )
    assert "重新公示" in exc.message
    flow.notice("full", D(2025, 11, 3))  # withdraws the old one, publishes a new one
    services.case_full_meeting(
        actor=flow.branch, case=case, done_on=D(2025, 11, 20), opinion="同意"
    )
    exc = refused(
        "admission.extension_once",
        services.case_decide_full,
        actor=flow.committee,
        case=case,
        done_on=D(2025, 12, 1),
        outcome="extend",
        opinion="再延长",
        extension_months=6,
    )
    assert "只能延长一次" in exc.message
    services.case_decide_full(
        actor=flow.committee, case=case, done_on=D(2025, 12, 1), outcome="full", opinion="同意"
    )
    case = flow.refresh()
    assert case.full_on == D(2025, 11, 6)
    assert case.member.full_member_on == D(2025, 11, 6)


def test_cancellation(world) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting()
    services.case_decide_full(
        actor=flow.committee,
        case=case,
        done_on=D(2025, 5, 20),
        outcome="cancel",
        opinion="不具备党员条件",
    )
    case = flow.refresh()
    assert case.state == CaseState.CANCELLED
    assert case.member.status == MemberStatus.REMOVED


def test_members_on_probation_within_the_party_do_not_count_as_entitled(world) -> None:
    """The branch meeting's thresholds count the same members with voting rights as the
    ballot's roll: 留党察看 not restored today is left off; restored today counts."""
    from django.utils import timezone

    from grassroots.admission.rights import members_with_voting_rights

    flow = Flow(world, members=6)
    flow.to_meeting_ready()
    row = services.discipline_record(
        actor=world.users["township"],
        member=flow.members[5],
        started_on=D(2023, 9, 1),
        months=12,
        decision="留党察看一年",
    )
    today = timezone.localdate()
    assert members_with_voting_rights(flow.org, today).count() == 5
    case = flow.hold_meeting(yes=3)  # 3 of 5 entitled: more than half
    assert case.steps.get(step=15).data["ballot"]["entitled"] == 5
    services.discipline_restore(actor=world.users["township"], probation=row, restored_on=today)
    assert members_with_voting_rights(flow.org, today).count() == 6
    assert members_with_voting_rights(flow.org, today - dt.timedelta(days=1)).count() == 5
    from grassroots.ballots import services as ballots

    ballot = ballots.ballot_create(
        actor=flow.branch,
        organization=flow.org,
        subject=None,
        purpose="test",
        title="甲一村支部大会表决",
        questions=["同意"],
        rule="statutory_branch_meeting",
    )
    ballots.ballot_freeze_roll(actor=flow.branch, ballot=ballot)
    assert ballot.roll.filter(kind="member").count() == 6
