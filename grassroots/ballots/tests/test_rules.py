"""The counting rules, each at its boundary."""

from __future__ import annotations

from typing import Any

import pytest

from grassroots.ballots import services
from grassroots.ballots.models import BallotStatus, VoterKind, VotingMethod
from grassroots.ballots.rules import POLICY_MAJORITY
from grassroots.ballots.selectors import ballot_result, require_ballot_passed
from grassroots.core.errors import RuleViolation

from .helpers import absent_members, attend, frozen, make_ballot, sign, yes_all

pytestmark = pytest.mark.django_db


def _paper_vote(
    actor: Any,
    scrutineer: Any,
    ballot: Any,
    *,
    yes: int,
    no: int = 0,
    abstain: int = 0,
    invalid: int = 0,
    kind: str = VoterKind.MEMBER,
    sign_it: bool = True,
) -> None:
    original = ballot
    if ballot.status == BallotStatus.ROLL_FROZEN:
        ballot = services.ballot_open(actor=actor, ballot=ballot)
    if ballot.status == BallotStatus.OPEN:
        ballot = services.ballot_close(actor=actor, ballot=ballot)
    collected = yes + no + abstain + invalid
    services.ballot_enter_paper_tally(
        actor=actor,
        ballot=ballot,
        kind=kind,
        collected=collected,
        lines={q.index: (yes, no, abstain, invalid) for q in ballot.questions.all()},
    )
    if sign_it:
        sign(ballot, actor, scrutineer, kind)
    original.refresh_from_db()


# --- the roll -------------------------------------------------------------------------


def test_roll_has_full_members_only(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=6, probationary=3)
    assert ballot.roll.filter(kind=VoterKind.MEMBER).count() == 6
    assert not ballot.roll.filter(name__startswith="甲一村预备党员").exists()


def test_roll_is_frozen(world: Any, branch: Any, secretary: Any) -> None:
    from .helpers import add_members

    ballot = frozen(secretary, branch, full=5)
    add_members(branch, 8)  # members joining later do not enter a frozen roll
    assert ballot_result(ballot).entitled == 5
    with pytest.raises(RuleViolation) as exc:
        services.ballot_freeze_roll(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.status"


# --- statutory: attendance --------------------------------------------------------------


@pytest.mark.parametrize(
    ("entitled", "present", "ok"), [(8, 4, False), (8, 5, True), (9, 4, False), (9, 5, True)]
)
def test_quorum_is_more_than_half(
    world: Any, branch: Any, secretary: Any, entitled: int, present: int, ok: bool
) -> None:
    ballot = frozen(secretary, branch, full=entitled, probationary=4)
    attend(secretary, ballot, present)
    if ok:
        assert services.ballot_open(actor=secretary, ballot=ballot).status == BallotStatus.OPEN
    else:
        with pytest.raises(RuleViolation) as exc:
            services.ballot_open(actor=secretary, ballot=ballot)
        assert exc.value.rule == "ballots.quorum"
        assert "未超过" in exc.value.message and str(entitled) in exc.value.message


def test_written_opinions_do_not_count_as_attendance(
    world: Any, branch: Any, secretary: Any
) -> None:
    ballot = frozen(secretary, branch, full=8)
    for entry in absent_members(ballot)[:4]:
        services.ballot_record_written_opinion(
            actor=secretary, ballot=ballot, entry=entry, choices=yes_all(ballot)
        )
    attend(secretary, ballot, 4)  # 4 present + 4 written opinions: still only half present
    with pytest.raises(RuleViolation) as exc:
        services.ballot_open(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.quorum"


def test_written_opinion_member_cannot_be_present(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=5)
    entry = absent_members(ballot)[0]
    services.ballot_record_written_opinion(
        actor=secretary, ballot=ballot, entry=entry, choices=yes_all(ballot)
    )
    with pytest.raises(RuleViolation) as exc:
        services.ballot_record_attendance(actor=secretary, ballot=ballot, present=[entry.pk])
    assert exc.value.rule == "ballots.written_opinion_present"
    with pytest.raises(RuleViolation) as exc:
        services.ballot_record_written_opinion(
            actor=secretary, ballot=ballot, entry=entry, choices=yes_all(ballot)
        )
    assert exc.value.rule == "ballots.written_opinion_once"


# --- statutory: votes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entitled", "yes", "passed"), [(8, 4, False), (8, 5, True), (9, 4, False), (9, 5, True)]
)
def test_yes_must_exceed_half_of_all_entitled(
    world: Any, branch: Any, secretary: Any, organizer: Any, entitled: int, yes: int, passed: bool
) -> None:
    ballot = frozen(secretary, branch, full=entitled)
    attend(secretary, ballot, 6 if entitled == 8 else 7)
    _paper_vote(
        secretary, organizer, ballot, yes=yes, no=0, abstain=(6 if entitled == 8 else 7) - yes
    )
    q = ballot_result(ballot).questions[0]
    assert q.passed is passed
    assert f"应到会有表决权的正式党员{entitled}名" in q.explanation
    assert f"至少{entitled // 2 + 1}票" in q.explanation
    assert ("通过。" in q.explanation) and (("未通过" in q.explanation) is not passed)


def test_yes_of_those_present_is_not_enough(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    # 10 entitled, 6 present, 5 yes: a clear majority of those present, not of all entitled.
    ballot = frozen(secretary, branch, full=10)
    attend(secretary, ballot, 6)
    _paper_vote(secretary, organizer, ballot, yes=5, no=1)
    assert not ballot_result(ballot).questions[0].passed


def test_written_opinions_count_in_the_votes(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = frozen(secretary, branch, full=9)
    entry = absent_members(ballot)[0]
    services.ballot_record_written_opinion(
        actor=secretary, ballot=ballot, entry=entry, choices=yes_all(ballot)
    )
    attend(secretary, ballot, 5)
    _paper_vote(secretary, organizer, ballot, yes=4, no=1)
    q = ballot_result(ballot).questions[0]
    assert q.yes == 5 and q.written.yes == 1 and q.attended == 5
    assert q.passed
    assert "书面意见1票" in q.explanation


def test_each_candidate_is_decided_separately(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = frozen(secretary, branch, full=8, questions=("接收甲一村张三", "接收甲一村李四"))
    attend(secretary, ballot, 6)
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    ballot = services.ballot_close(actor=secretary, ballot=ballot)
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=6, lines={0: (5, 1, 0, 0), 1: (4, 1, 1, 0)}
    )
    sign(ballot, secretary, organizer)
    first, second = ballot_result(ballot).questions
    assert first.passed and not second.passed


def test_masses_do_not_change_a_statutory_outcome(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = frozen(secretary, branch, full=8, include_masses=True, masses=5)
    attend(secretary, ballot, 6, masses=5)
    _paper_vote(secretary, organizer, ballot, yes=4, no=2)
    _paper_vote(secretary, organizer, ballot, yes=5, kind=VoterKind.MASS)
    q = ballot_result(ballot).questions[0]
    assert not q.passed
    assert q.masses is not None and q.masses.yes == 5
    assert "群众代表：应到5名，实到5名，赞成5票" in q.explanation
    assert "不影响表决结果" in q.explanation


def test_statutory_rule_takes_no_threshold(world: Any, branch: Any, secretary: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        make_ballot(secretary, branch, threshold="2/3")
    assert exc.value.rule == "ballots.statutory_threshold"


def test_questions_must_be_distinct(world: Any, branch: Any, secretary: Any) -> None:
    with pytest.raises(RuleViolation) as exc:
        make_ballot(secretary, branch, questions=("张三", "张三"))
    assert exc.value.rule == "ballots.questions_distinct"


# --- policy threshold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "invalid", "passed"),
    [
        (5, 5, 0, 0, False),  # exactly half of 10 valid
        (6, 4, 0, 0, True),
        (5, 4, 1, 0, False),  # an abstention is a valid ballot
        (5, 4, 0, 3, True),  # invalid ballots are not counted: 5 of 9 valid
    ],
)
def test_policy_majority_of_valid_ballots(
    world: Any,
    branch: Any,
    secretary: Any,
    organizer: Any,
    yes: int,
    no: int,
    abstain: int,
    invalid: int,
    passed: bool,
) -> None:
    ballot = frozen(secretary, branch, full=14, rule=POLICY_MAJORITY)
    attend(secretary, ballot, 14)
    _paper_vote(secretary, organizer, ballot, yes=yes, no=no, abstain=abstain, invalid=invalid)
    q = ballot_result(ballot).questions[0]
    assert q.passed is passed
    assert f"有效票{yes + no + abstain}张" in q.explanation


@pytest.mark.parametrize(("yes", "passed"), [(6, False), (7, True)])
def test_policy_threshold_two_thirds(
    world: Any, branch: Any, secretary: Any, organizer: Any, yes: int, passed: bool
) -> None:
    ballot = frozen(secretary, branch, full=9, rule=POLICY_MAJORITY, threshold="2/3")
    attend(secretary, ballot, 9)
    _paper_vote(secretary, organizer, ballot, yes=yes, no=9 - yes)
    q = ballot_result(ballot).questions[0]
    assert q.passed is passed and "2/3" in q.explanation


@pytest.mark.parametrize("bad", ["0", "1", "3/2", "x", "1/0"])
def test_threshold_must_be_a_share(world: Any, branch: Any, secretary: Any, bad: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        make_ballot(secretary, branch, rule=POLICY_MAJORITY, threshold=bad)
    assert exc.value.rule == "ballots.threshold"


def test_policy_masses_beside_or_in_the_outcome(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    for in_outcome, passed in ((False, False), (True, True)):
        ballot = frozen(
            secretary,
            branch,
            full=4,
            rule=POLICY_MAJORITY,
            include_masses=True,
            masses=6,
            masses_in_outcome=in_outcome,
        )
        attend(secretary, ballot, 4, masses=6)
        _paper_vote(secretary, organizer, ballot, yes=2, no=2)  # members: exactly half
        _paper_vote(secretary, organizer, ballot, yes=6, kind=VoterKind.MASS)
        assert ballot_result(ballot).questions[0].passed is passed


# --- paper tallies -------------------------------------------------------------------------


def _closed(actor: Any, branch: Any, *, full: int = 8, present: int = 6, **kw: Any) -> Any:
    ballot = frozen(actor, branch, full=full, **kw)
    attend(actor, ballot, present)
    ballot = services.ballot_open(actor=actor, ballot=ballot)
    return services.ballot_close(actor=actor, ballot=ballot)


def test_tally_must_reconcile(world: Any, branch: Any, secretary: Any) -> None:
    ballot = _closed(secretary, branch)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_enter_paper_tally(
            actor=secretary, ballot=ballot, collected=6, lines={0: (3, 1, 1, 0)}
        )
    assert exc.value.rule == "ballots.tally_reconcile"
    assert "= 5" in exc.value.message and "6张" in exc.value.message
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=6, lines={0: (3, 1, 1, 1)}
    )


@pytest.mark.parametrize(("collected", "ok"), [(6, True), (7, False)])
def test_tally_not_more_than_attendance(
    world: Any, branch: Any, secretary: Any, collected: int, ok: bool
) -> None:
    ballot = _closed(secretary, branch)
    call = lambda: services.ballot_enter_paper_tally(  # noqa: E731
        actor=secretary, ballot=ballot, collected=collected, lines={0: (collected, 0, 0, 0)}
    )
    if ok:
        call()
    else:
        with pytest.raises(RuleViolation) as exc:
            call()
        assert exc.value.rule == "ballots.tally_exceeds_attendance"


def test_tally_only_after_the_vote(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=4)
    attend(secretary, ballot, 3)
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_enter_paper_tally(
            actor=secretary, ballot=ballot, collected=3, lines={0: (3, 0, 0, 0)}
        )
    assert exc.value.rule == "ballots.status"


def test_signing_order_and_finality(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = _closed(secretary, branch)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_sign_tally(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.tally_missing"
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=6, lines={0: (4, 2, 0, 0)}
    )
    # Corrections are allowed until the teller signs.
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=6, lines={0: (5, 1, 0, 0)}
    )
    tally = services.ballot_sign_tally(actor=secretary, ballot=ballot)
    assert tally.teller == secretary and tally.scrutineer is None
    with pytest.raises(RuleViolation) as exc:
        services.ballot_enter_paper_tally(
            actor=secretary, ballot=ballot, collected=6, lines={0: (6, 0, 0, 0)}
        )
    assert exc.value.rule == "ballots.tally_signed"
    with pytest.raises(RuleViolation) as exc:
        services.ballot_sign_tally(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.scrutineer_is_teller"
    with pytest.raises(RuleViolation) as exc:
        services.ballot_publish(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.result_incomplete"
    tally = services.ballot_sign_tally(actor=organizer, ballot=ballot)
    assert tally.scrutineer == organizer and tally.is_final
    with pytest.raises(RuleViolation) as exc:
        services.ballot_sign_tally(actor=world.users["township"], ballot=ballot)
    assert exc.value.rule == "ballots.tally_final"
    ballot = services.ballot_publish(actor=secretary, ballot=ballot)
    assert ballot.status == BallotStatus.PUBLISHED
    assert ballot_result(ballot).questions[0].yes == 5


def test_result_is_not_final_before_tallies_are_signed(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = _closed(secretary, branch)
    result = ballot_result(ballot)
    assert not result.complete and not result.questions[0].passed
    assert "纸质票统计尚未录入" in result.questions[0].explanation
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=6, lines={0: (6, 0, 0, 0)}
    )
    assert not ballot_result(ballot).questions[0].passed  # entered, unsigned
    sign(ballot, secretary, organizer)
    assert ballot_result(ballot).questions[0].passed


def test_paper_and_online_are_merged(
    world: Any, branch: Any, secretary: Any, organizer: Any
) -> None:
    ballot = frozen(secretary, branch, full=8)
    attend(secretary, ballot, 6)
    codes = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=3)
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    for code in codes[:2]:
        services.ballot_cast(code=code, choices={0: "yes"})
    ballot = services.ballot_close(actor=secretary, ballot=ballot)
    # 2 online + 5 paper = 7 > 6 present: refused; 2 + 4 = 6 accepted.
    with pytest.raises(RuleViolation) as exc:
        services.ballot_enter_paper_tally(
            actor=secretary, ballot=ballot, collected=5, lines={0: (5, 0, 0, 0)}
        )
    assert exc.value.rule == "ballots.tally_exceeds_attendance"
    services.ballot_enter_paper_tally(
        actor=secretary, ballot=ballot, collected=4, lines={0: (3, 1, 0, 0)}
    )
    sign(ballot, secretary, organizer)
    q = ballot_result(ballot).questions[0]
    assert (q.online.yes, q.paper.yes, q.yes, q.no) == (2, 3, 5, 1)
    assert q.passed


def test_online_only_needs_no_tally(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=3, method=VotingMethod.ONLINE)
    attend(secretary, ballot, 3)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_open(actor=secretary, ballot=ballot)
    assert exc.value.rule == "ballots.codes_missing"
    codes = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=3)
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    for code in codes:
        services.ballot_cast(code=code, choices={0: "yes"})
    ballot = services.ballot_close(actor=secretary, ballot=ballot)
    ballot = services.ballot_publish(actor=secretary, ballot=ballot)
    assert ballot_result(ballot).questions[0].passed


# --- the guard for other apps ----------------------------------------------------------


def test_require_ballot_passed(world: Any, branch: Any, secretary: Any, organizer: Any) -> None:
    subject = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        require_ballot_passed(subject, purpose="admission.probationary")
    assert exc.value.rule == "ballots.not_published"
    from .helpers import add_members

    add_members(branch, 8)
    ballot = services.ballot_create(
        actor=secretary,
        organization=branch,
        subject=subject,
        purpose="admission.probationary",
        title="甲一村支部大会",
        questions=["接收甲一村张三为预备党员"],
        rule="statutory_branch_meeting",
    )
    ballot = services.ballot_freeze_roll(actor=secretary, ballot=ballot)
    attend(secretary, ballot, 5)
    _paper_vote(secretary, organizer, ballot, yes=4, no=1)
    with pytest.raises(RuleViolation) as exc:
        require_ballot_passed(subject, purpose="admission.probationary")
    assert exc.value.rule == "ballots.not_published"  # closed, not yet published
    services.ballot_publish(actor=secretary, ballot=ballot)
    with pytest.raises(RuleViolation) as exc:
        require_ballot_passed(subject, purpose="admission.probationary")
    assert exc.value.rule == "ballots.not_passed"
    assert "赞成票不足" in exc.value.message
    with pytest.raises(RuleViolation) as exc:
        require_ballot_passed(subject, purpose="admission.probationary", question_index=3)
    assert exc.value.rule == "ballots.question_missing"


def test_only_managers_in_scope_may_act(world: Any, branch: Any) -> None:
    from django.core.exceptions import PermissionDenied

    for role in ("member", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            make_ballot(world.users[role], branch)
    with pytest.raises(PermissionDenied):
        make_ballot(world.users["township"], world.orgs["b1"])


def test_roll_leaves_off_members_on_probation_within_the_party(
    world: Any, branch: Any, secretary: Any, monkeypatch: Any
) -> None:
    """留党察看: no vote until the restored_on day; on that day the member votes again."""
    import datetime as dt

    from django.utils import timezone

    from grassroots.admission.models import DisciplinaryProbation
    from grassroots.core.testing import factories

    from .helpers import add_members

    add_members(branch, 4)
    disciplined = factories.member(organization=branch, name="甲一村受处分党员")
    DisciplinaryProbation.objects.create(
        member=disciplined,
        started_on=dt.date(2013, 3, 1),
        months=12,
        decision="留党察看一年",
        restored_on=dt.date(2014, 3, 1),
    )

    def freeze_on(day: dt.date) -> set[str]:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        ballot = services.ballot_freeze_roll(actor=secretary, ballot=make_ballot(secretary, branch))
        return set(ballot.roll.values_list("name", flat=True))

    assert "甲一村受处分党员" not in freeze_on(dt.date(2014, 2, 28))
    assert "甲一村受处分党员" in freeze_on(dt.date(2014, 3, 1))
    assert "甲一村受处分党员" not in freeze_on(dt.date(2013, 3, 1))
    assert "甲一村受处分党员" in freeze_on(dt.date(2013, 2, 28))
