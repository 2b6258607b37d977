"""A demo ballot outside admission: a branch's vote on its outstanding members (民主评议),
taken through every state with online codes, paper ballots and mass representatives."""

from __future__ import annotations

import datetime as dt

from grassroots.accounts.models import User
from grassroots.core.errors import RuleViolation
from grassroots.demo.registry import DemoContext, step
from grassroots.orgs.models import Organization

from . import services
from .models import VoterKind
from .rules import POLICY_MAJORITY

BRANCH_CODE = "42122410000102"  # 隆鼎丽都小区党支部
CANDIDATES = ["王建华", "李秀英", "陈志明"]


@step("ballots.examples", order=45)
def seed_ballots(ctx: DemoContext) -> None:
    branch = Organization.objects.filter(code=BRANCH_CODE).first()
    teller = User.objects.filter(username="longding").first()
    scrutineer = User.objects.filter(username="longding_zz").first()
    if branch is None or teller is None or scrutineer is None:
        return
    ballot = services.ballot_create(
        actor=teller,
        organization=branch,
        subject=None,
        purpose="demo.honours",
        title="隆鼎丽都小区党支部2014年度优秀共产党员推选",
        questions=[f"推选{name}同志为优秀共产党员" for name in CANDIDATES],
        rule=POLICY_MAJORITY,
        include_masses=True,
        meeting_date=dt.date(2014, 6, 20),
    )
    for i, village in enumerate(["1栋", "2栋", "3栋", "4栋", "5栋"]):
        services.ballot_add_mass_representative(
            actor=teller,
            ballot=ballot,
            name=f"居民代表{'甲乙丙丁戊'[i]}",
            village=f"隆鼎丽都{village}",
            chosen_how="楼栋居民推选",
        )
    try:
        ballot = services.ballot_freeze_roll(actor=teller, ballot=ballot)
    except RuleViolation:  # no members loaded: the ballot stays a draft
        return
    members = list(ballot.roll.filter(kind=VoterKind.MEMBER).values_list("id", flat=True))
    masses = list(ballot.roll.filter(kind=VoterKind.MASS).values_list("id", flat=True))
    present = members[: max(1, len(members) * 3 // 4)]
    services.ballot_record_attendance(actor=teller, ballot=ballot, present=present + masses)
    online = min(10, len(present))
    member_codes = services.ballot_issue_codes(actor=teller, ballot=ballot, count=online)
    mass_codes = services.ballot_issue_codes(
        actor=teller, ballot=ballot, count=len(masses), kind=VoterKind.MASS
    )
    ballot = services.ballot_open(actor=teller, ballot=ballot)
    for i, code in enumerate(member_codes):
        services.ballot_cast(code=code, choices={0: "yes", 1: "yes", 2: "no" if i % 3 else "yes"})
    for i, code in enumerate(mass_codes):
        services.ballot_cast(code=code, choices={0: "yes", 1: "yes" if i else "abstain", 2: "no"})
    ballot = services.ballot_close(actor=teller, ballot=ballot)
    paper = len(present) - online
    services.ballot_enter_paper_tally(
        actor=teller,
        ballot=ballot,
        collected=paper,
        lines={
            0: (paper - 2, 1, 1, 0),
            1: (paper - 6, 3, 2, 1),
            2: (paper // 3, paper // 2, paper - paper // 3 - paper // 2 - 1, 1),
        },
    )
    services.ballot_enter_paper_tally(
        actor=teller,
        ballot=ballot,
        kind=VoterKind.MASS,
        collected=0,
        lines={0: (0, 0, 0, 0), 1: (0, 0, 0, 0), 2: (0, 0, 0, 0)},
    )
    for kind in (VoterKind.MEMBER, VoterKind.MASS):
        services.ballot_sign_tally(actor=teller, ballot=ballot, kind=kind)
        services.ballot_sign_tally(actor=scrutineer, ballot=ballot, kind=kind)
    services.ballot_publish(actor=teller, ballot=ballot)
