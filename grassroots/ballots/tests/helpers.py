"""Builders for ballot tests: a branch with a given number of full and probationary
members, and a ballot taken through its states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grassroots.ballots import services
from grassroots.ballots.models import Ballot, RollEntry, VoterKind
from grassroots.ballots.rules import POLICY_MAJORITY, STATUTORY_BRANCH_MEETING
from grassroots.core.testing import factories
from grassroots.members.models import MemberStatus


def add_members(org: Any, full: int, probationary: int = 0) -> None:
    """``full`` full members in all (the world's one included) and some probationary."""
    from grassroots.members.models import Member

    have = Member.objects.filter(organization=org, status=MemberStatus.FULL).count()
    for i in range(full - have):
        factories.member(
            organization=org, name=f"甲一村党员{i}", birth=dt.date(1970, 1, 1 + i % 28)
        )
    for i in range(probationary):
        factories.member(
            organization=org,
            name=f"甲一村预备党员{i}",
            birth=dt.date(1990, 2, 1 + i % 28),
            status=MemberStatus.PROBATIONARY,
        )


def make_ballot(
    actor: Any,
    org: Any,
    *,
    rule: str = STATUTORY_BRANCH_MEETING,
    questions: tuple[str, ...] = ("接收甲一村张三为预备党员",),
    include_masses: bool = False,
    masses: int = 0,
    **kwargs: Any,
) -> Ballot:
    ballot = services.ballot_create(
        actor=actor,
        organization=org,
        subject=None,
        purpose="test",
        title="甲一村支部大会表决",
        questions=list(questions),
        rule=rule,
        include_masses=include_masses,
        **kwargs,
    )
    for i in range(masses):
        services.ballot_add_mass_representative(
            actor=actor,
            ballot=ballot,
            name=f"群众{i}",
            village="甲一村一组",
            chosen_how="村民小组推选",
        )
    return ballot


def frozen(actor: Any, org: Any, *, full: int, probationary: int = 0, **kwargs: Any) -> Ballot:
    add_members(org, full, probationary)
    ballot = make_ballot(actor, org, **kwargs)
    return services.ballot_freeze_roll(actor=actor, ballot=ballot)


def attend(actor: Any, ballot: Ballot, members: int, masses: int = 0) -> Ballot:
    """Mark the first ``members`` members (without written opinion) and ``masses`` present."""
    member_ids = list(
        ballot.roll.filter(kind=VoterKind.MEMBER, written_opinion__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)[:members]
    )
    mass_ids = list(
        ballot.roll.filter(kind=VoterKind.MASS).order_by("id").values_list("id", flat=True)[:masses]
    )
    return services.ballot_record_attendance(
        actor=actor, ballot=ballot, present=member_ids + mass_ids
    )


def absent_members(ballot: Ballot) -> list[RollEntry]:
    return list(
        ballot.roll.filter(
            kind=VoterKind.MEMBER, present=False, written_opinion__isnull=True
        ).order_by("-id")
    )


def yes_all(ballot: Ballot, choice: str = "yes") -> dict[int, str]:
    return {q.index: choice for q in ballot.questions.all()}


def sign(ballot: Ballot, teller: Any, scrutineer: Any, kind: str = VoterKind.MEMBER) -> None:
    services.ballot_sign_tally(actor=teller, ballot=ballot, kind=kind)
    services.ballot_sign_tally(actor=scrutineer, ballot=ballot, kind=kind)


__all__ = ["POLICY_MAJORITY", "STATUTORY_BRANCH_MEETING"]
