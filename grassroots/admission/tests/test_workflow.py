"""The state machine: the 1443 extras on and off, notices and objections, the three
reviews, the registry as one source of truth, audit, permissions, blockers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from grassroots.admission import services, workflow
from grassroots.admission.models import CaseState, ReviewLevel
from grassroots.admission.tests.helpers import Flow
from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.members.models import Member, MemberStatus
from grassroots.notices import services as notices
from grassroots.notices.models import Objection

D = dt.date
pytestmark = pytest.mark.django_db


def refused(rule: str, fn, **kwargs) -> RuleViolation:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    return exc.value


def test_whole_process_with_1443(flow: Flow) -> None:
    case = flow.to_full()
    assert case.state == CaseState.FULL and case.stage == 5 and case.step == 24
    flow.upload_documents()
    services.case_archive(actor=flow.branch, case=case, done_on=D(2025, 6, 1), location="档案柜3号")
    case = flow.refresh()
    assert case.archived_on == D(2025, 6, 1) and case.step == 25
    verbs = set(
        LogEntry.objects.filter(
            object_id=str(case.pk), action_type__startswith="admission.case."
        ).values_list("action_type", flat=True)
    )
    for verb in workflow.TRANSITIONS:
        if verb != "close" and verb != "extend_approval":
            assert f"admission.case.{verb}" in verbs, verb
    # Further steps refused once archived.
    refused(
        "admission.archived",
        services.case_record_assessment,
        actor=flow.branch,
        case=case,
        assessed_on=D(2025, 6, 2),
        assessor="王",
        content="…",
    )


def test_whole_process_without_1443(world, no1443) -> None:
    flow = Flow(world)
    case = flow.to_full()
    assert case.state == CaseState.FULL
    assert not case.recommendations.exists() and not case.reviews.exists()
    from grassroots.ballots.models import Ballot
    from grassroots.notices.models import Notice

    # Only the national floor: notices before pre-review and full membership, the two
    # branch general meetings' ballots, without mass representatives.
    assert sorted(Notice.objects.values_list("purpose", flat=True)) == [
        "admission.full",
        "admission.probationary",
    ]
    assert sorted(Ballot.objects.values_list("purpose", flat=True)) == [
        "admission.full",
        "admission.probationary",
    ]
    assert not Ballot.objects.filter(include_masses=True).exists()


def test_1443_extras_refused_when_switched_off(world, no1443) -> None:
    flow = Flow(world)
    case = flow.apply()
    exc = refused(
        "admission.policy_off",
        services.case_record_recommendation,
        actor=flow.branch,
        case=case,
        held_on=D(2023, 1, 20),
        members_taking_part=1,
        members_for=1,
        masses_taking_part=0,
        masses_for=0,
        recommended=True,
    )
    assert "1443" in exc.message
    refused(
        "admission.policy_off",
        services.case_notice_publish,
        actor=flow.branch,
        case=case,
        point="activist",
    )


def test_national_notice_needed_even_without_1443(world, no1443) -> None:
    flow = Flow(world)
    case = flow.to_candidate()
    b = flow.branch
    services.case_file(actor=flow.committee, case=case, step=8, done_on=D(2024, 3, 25))
    services.case_assign_sponsors(
        actor=b, case=case, done_on=D(2024, 3, 25), sponsors=flow.members[1:3]
    )
    services.case_record_political_review(
        actor=b, case=case, done_on=D(2024, 4, 1), conclusion="合格", qualified=True
    )
    services.case_record_training(
        actor=b,
        case=case,
        started_on=D(2024, 4, 8),
        ended_on=D(2024, 4, 10),
        class_hours=24,
        organizer="党校",
    )
    services.case_committee_review(actor=b, case=case, done_on=D(2024, 4, 15), opinion="同意")
    refused(
        "notices.not_published",
        services.case_pre_review,
        actor=flow.committee,
        case=case,
        done_on=D(2024, 4, 26),
        passed=True,
        opinion="合格",
    )


def test_only_the_recommended_become_activists(flow: Flow) -> None:
    case = flow.apply()
    b = flow.branch
    services.case_record_talk(actor=b, case=case, done_on=D(2023, 2, 6), talker="李", opinion="好")
    kwargs = {
        "actor": b,
        "case": case,
        "done_on": D(2023, 2, 20),
        "source": "members",
        "opinion": "同意",
    }
    exc = refused("admission.recommendation_missing", services.case_make_activist, **kwargs)
    assert "【一推荐】" in exc.message and "1443" in exc.message
    services.case_record_recommendation(
        actor=b,
        case=case,
        held_on=D(2023, 1, 20),
        members_taking_part=5,
        members_for=1,
        masses_taking_part=10,
        masses_for=2,
        recommended=False,
    )
    refused("admission.not_recommended", services.case_make_activist, **kwargs)


def test_notice_period_and_objections_block_the_step(flow: Flow) -> None:
    case = flow.apply()
    b = flow.branch
    services.case_record_talk(actor=b, case=case, done_on=D(2023, 2, 6), talker="李", opinion="好")
    services.case_record_recommendation(
        actor=b,
        case=case,
        held_on=D(2023, 1, 20),
        members_taking_part=5,
        members_for=4,
        masses_taking_part=10,
        masses_for=8,
        recommended=True,
    )
    notice = flow.notice("activist", D(2023, 2, 7))
    flow.ballot("activist")
    kwargs = {"actor": b, "case": case, "source": "members", "opinion": "同意"}
    exc = refused(
        "notices.period_open", services.case_make_activist, done_on=notice.ends_on, **kwargs
    )
    assert "【确定入党积极分子公示】" in exc.message
    # The notice was posted in the past: its objection is entered as it came in then.
    objection = Objection.objects.create(
        notice=notice, reference="T0001", content="此人有问题", anonymous=True
    )
    refused(
        "notices.objection_unanswered",
        services.case_make_activist,
        done_on=D(2023, 2, 20),
        **kwargs,
    )
    notices.objection_answer(
        actor=b, objection=objection, investigation="经核实不属实", answer="不属实"
    )
    services.case_make_activist(done_on=D(2023, 2, 20), **kwargs)


def test_ballot_not_passed_blocks_the_activist_step(world) -> None:
    flow = Flow(world)
    case = flow.apply()
    b = flow.branch
    services.case_record_talk(actor=b, case=case, done_on=D(2023, 2, 6), talker="李", opinion="好")
    services.case_record_recommendation(
        actor=b, case=case, held_on=D(2023, 1, 20), members_taking_part=5, members_for=4,
        masses_taking_part=10, masses_for=8, recommended=True,
    )  # fmt: skip
    flow.notice("activist", D(2023, 2, 7))
    flow.ballot("activist", yes=2)  # 2 of 5 valid ballots
    exc = refused(
        "ballots.not_passed",
        services.case_make_activist,
        actor=b,
        case=case,
        done_on=D(2023, 2, 20),
        source="members",
        opinion="同意",
    )
    assert "【确定入党积极分子票决】" in exc.message


def test_three_reviews_in_order(world) -> None:
    flow = Flow(world)
    case = flow.to_activist()
    review = services.case_record_review
    exc = refused(
        "admission.review_order",
        review,
        actor=flow.committee,
        case=case,
        level=ReviewLevel.COMMITTEE,
        reviewed_on=D(2024, 3, 1),
        opinion="同意",
        passed=True,
    )
    assert "党支部审查通过后" in exc.message
    review(
        actor=flow.branch,
        case=case,
        level=ReviewLevel.BRANCH,
        reviewed_on=D(2024, 3, 1),
        opinion="同意",
        passed=True,
    )
    refused(
        "admission.review_order",
        review,
        actor=flow.county,
        case=case,
        level=ReviewLevel.COUNTY,
        reviewed_on=D(2024, 3, 2),
        opinion="同意",
        passed=True,
    )
    refused(  # not before the previous level's date
        "admission.review_order",
        review,
        actor=flow.committee,
        case=case,
        level=ReviewLevel.COMMITTEE,
        reviewed_on=D(2024, 2, 28),
        opinion="同意",
        passed=True,
    )
    with pytest.raises(PermissionDenied):  # the branch cannot record the committee's review
        review(
            actor=flow.branch,
            case=case,
            level=ReviewLevel.COMMITTEE,
            reviewed_on=D(2024, 3, 2),
            opinion="同意",
            passed=True,
        )


def test_candidate_needs_the_three_reviews_under_1443(world) -> None:
    flow = Flow(world)
    case = flow.to_activist()
    problems = workflow.check(case, "make_candidate", D(2024, 3, 20), today=timezone.localdate())
    assert "admission.step_order" in {p.rule for p in problems}  # filing, mentors, assessment first
    other = Flow(world)
    other.apply(birth=D(1991, 2, 2))
    case = other.prepare_candidate()
    case.reviews.filter(level=ReviewLevel.COUNTY).delete()
    problems = workflow.check(
        other.refresh(), "make_candidate", D(2024, 3, 20), today=timezone.localdate()
    )
    assert [p.rule for p in problems] == ["admission.three_reviews"]
    assert "县委组织部审查" in problems[0].message


def test_opinions_must_be_heard(world) -> None:
    flow = Flow(world)
    case = flow.prepare_candidate()
    case.opinions.filter(source="masses").delete()
    problems = workflow.check(
        flow.refresh(), "make_candidate", D(2024, 3, 20), today=timezone.localdate()
    )
    assert [p.rule for p in problems] == ["admission.opinions_missing"]
    assert "群众" in problems[0].message


def test_registry_is_the_one_source_of_truth(flow: Flow) -> None:
    case = flow.to_meeting()
    assert not Member.objects.filter(id_number_hash=case.id_number_hash).exists()
    services.case_approve(
        actor=flow.committee, case=flow.case, done_on=D(2024, 6, 1), approved=True, opinion="同意"
    )
    case = flow.refresh()
    member = Member.objects.get(id_number_hash=case.id_number_hash)
    assert case.member == member
    assert (member.status, member.joined_on, member.organization) == (
        MemberStatus.PROBATIONARY,
        D(2024, 5, 6),
        flow.org,
    )
    assert member.is_frontline and member.occupation == "farmer"
    assert case.probation_ends_on == D(2025, 5, 6)
    assert LogEntry.objects.filter(
        action_type="members.member.created", object_id=str(member.pk)
    ).exists()


def test_steps_are_done_in_order_and_not_in_the_future(flow: Flow) -> None:
    case = flow.apply()
    exc = refused(
        "admission.step_order",
        services.case_make_activist,
        actor=flow.branch,
        case=case,
        done_on=D(2023, 3, 1),
        source="members",
        opinion="同意",
    )
    assert "党组织派人谈话" in exc.message
    future = timezone.localdate() + dt.timedelta(days=1)
    refused(
        "admission.date_future",
        services.case_record_talk,
        actor=flow.branch,
        case=case,
        done_on=future,
        talker="李",
        opinion="好",
    )
    refused(
        "admission.date_order",
        services.case_record_talk,
        actor=flow.branch,
        case=case,
        done_on=D(2023, 1, 9),
        talker="李",
        opinion="好",
    )
    services.case_record_talk(
        actor=flow.branch, case=case, done_on=D(2023, 2, 6), talker="李", opinion="好"
    )
    refused(
        "admission.step_done",
        services.case_record_talk,
        actor=flow.branch,
        case=case,
        done_on=D(2023, 2, 7),
        talker="李",
        opinion="好",
    )


def test_roles_act_only_on_their_part(flow: Flow, world) -> None:
    case = flow.to_activist()
    with pytest.raises(PermissionDenied):  # filing is the committee's
        services.case_file(actor=flow.branch, case=case, step=4, done_on=D(2023, 2, 24))
    with pytest.raises(PermissionDenied):  # the committee does not record the branch's steps
        services.case_assign_mentors(
            actor=flow.committee, case=case, done_on=D(2023, 3, 1), mentors=flow.members[:1]
        )
    with pytest.raises(PermissionDenied):
        services.case_assign_mentors(
            actor=world.users["member"], case=case, done_on=D(2023, 3, 1), mentors=flow.members[:1]
        )


def test_close_before_the_meeting_only(world) -> None:
    flow = Flow(world)
    case = flow.apply()
    services.case_close(actor=flow.branch, case=case, done_on=D(2023, 2, 1), reason="本人撤回申请")
    assert flow.refresh().state == CaseState.CLOSED
    other = Flow(world)
    other.apply(birth=D(1992, 3, 3))
    case = other.to_meeting()
    exc = refused(
        "admission.close_after_meeting",
        services.case_close,
        actor=other.branch,
        case=case,
        done_on=D(2024, 6, 1),
        reason="x",
    )
    assert "上级党委审批决定" in exc.message


def test_archive_needs_the_documents(flow: Flow) -> None:
    case = flow.to_full()
    exc = refused(
        "admission.documents_missing",
        services.case_archive,
        actor=flow.branch,
        case=case,
        done_on=D(2025, 6, 1),
    )
    assert "入党志愿书" in exc.message and "政治审查结论" in exc.message


def test_next_steps_show_the_blockers(flow: Flow) -> None:
    case = flow.apply()
    services.case_record_talk(
        actor=flow.branch, case=case, done_on=D(2023, 2, 6), talker="李", opinion="好"
    )
    steps = {n.verb: n for n in workflow.next_steps(flow.refresh(), today=timezone.localdate())}
    assert set(steps) >= {"make_activist", "recommend", "close"}
    blockers = steps["make_activist"].blockers
    assert any("【一推荐】" in b for b in blockers)
    assert any("公示" in b for b in blockers)
    assert any("票决" in b for b in blockers)
