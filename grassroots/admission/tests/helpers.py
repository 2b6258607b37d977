"""Building admission cases for tests: a case taken through its steps with real notices
and real ballots (the notices and ballots apps' own services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.admission import services
from grassroots.admission.models import (
    REQUIRED_DOCUMENTS,
    AdmissionCase,
    OpinionSource,
    ReviewLevel,
)
from grassroots.admission.rulebook import policy_1443
from grassroots.ballots import services as ballots
from grassroots.ballots.models import VoterKind, VotingMethod
from grassroots.core.testing import factories
from grassroots.core.testing.world import World
from grassroots.members.models import Member, MemberStatus

D = dt.date
BIRTH = D(1990, 6, 15)

# A whole process, step by step (dates well in the past, so nothing is in the future).
DATES = {
    1: D(2023, 1, 10),
    "recommend": D(2023, 1, 20),
    2: D(2023, 2, 6),
    "notice_activist": D(2023, 2, 7),
    3: D(2023, 2, 20),
    4: D(2023, 2, 24),
    5: D(2023, 3, 1),
    "assess": [D(2023, 6, 1), D(2023, 12, 1), D(2024, 2, 28)],
    "opinions": D(2024, 2, 28),
    "reviews": [D(2024, 3, 1), D(2024, 3, 4), D(2024, 3, 6)],
    "notice_candidate": D(2024, 3, 7),
    7: D(2024, 3, 20),
    8: D(2024, 3, 25),
    9: D(2024, 3, 25),
    10: D(2024, 4, 1),
    "training": (D(2024, 4, 8), D(2024, 4, 10)),
    12: D(2024, 4, 15),
    "notice_probationary": D(2024, 4, 16),
    13: D(2024, 4, 26),
    14: D(2024, 4, 28),
    15: D(2024, 5, 6),
    16: D(2024, 5, 10),
    17: D(2024, 6, 1),
    18: D(2024, 6, 5),
    19: D(2024, 6, 5),
    20: D(2024, 7, 1),
    "assess_probation": [D(2024, 11, 1), D(2025, 4, 1)],
    22: D(2025, 4, 20),
    "notice_full": D(2025, 4, 21),
    23: D(2025, 5, 8),
    24: D(2025, 5, 20),
    25: D(2025, 6, 1),
}


class Flow:
    """Takes one case through the process, as the world's users."""

    def __init__(
        self,
        world: World,
        *,
        org_key: str = "a1",
        dates: dict[Any, Any] | None = None,
        members: int = 5,
    ):
        self.world = world
        self.org = world.orgs[org_key]
        self.branch = world.users["branch_secretary"]
        self.committee = world.users["township"]
        self.county = world.users["county"]
        self.dates = {**DATES, **(dates or {})}
        self.members = list(
            Member.objects.filter(organization=self.org, status=MemberStatus.FULL).order_by("id")
        )
        for i in range(len(self.members), members):
            self.members.append(
                factories.member(organization=self.org, name=f"{world.marker(self.org)}党员{i}")
            )
        self.case: AdmissionCase | None = None

    def d(self, key: Any) -> Any:
        return self.dates[key]

    # --- notices and ballots through the other apps --------------------------------------

    def notice(self, point: str, starts_on: dt.date) -> Any:
        assert self.case is not None
        return services.case_notice_publish(
            actor=self.branch, case=self.case, point=point, starts_on=starts_on
        )

    def ballot(self, point: str, *, yes: int | None = None, present: int | None = None) -> Any:
        """Run the point's ballot to a published result: ``present`` members attend and
        ``yes`` of them vote yes (default: all present, all yes)."""
        assert self.case is not None
        actor = self.branch
        ballot = services.case_ballot_create(
            actor=actor, case=self.case, point=point, method=VotingMethod.ONLINE
        )
        if ballot.include_masses:
            for i in range(3):
                ballots.ballot_add_mass_representative(
                    actor=actor,
                    ballot=ballot,
                    name=f"群众{i}",
                    village="一组",
                    chosen_how="村民小组推选",
                )
        ballots.ballot_freeze_roll(actor=actor, ballot=ballot)
        entries = list(ballot.roll.filter(kind=VoterKind.MEMBER).order_by("id"))
        masses = list(ballot.roll.filter(kind=VoterKind.MASS).order_by("id"))
        present = len(entries) if present is None else present
        yes = present if yes is None else yes
        ballots.ballot_record_attendance(
            actor=actor,
            ballot=ballot,
            present=[e.pk for e in entries[:present]] + [m.pk for m in masses],
        )
        codes = ballots.ballot_issue_codes(actor=actor, ballot=ballot, count=present)
        mass_codes = (
            ballots.ballot_issue_codes(
                actor=actor, ballot=ballot, count=len(masses), kind=VoterKind.MASS
            )
            if masses
            else []
        )
        ballots.ballot_open(actor=actor, ballot=ballot)
        for i, code in enumerate(codes):
            ballots.ballot_cast(code=code, choices={0: "yes" if i < yes else "no"})
        for code in mass_codes:
            ballots.ballot_cast(code=code, choices={0: "yes"})
        ballots.ballot_close(actor=actor, ballot=ballot)
        return ballots.ballot_publish(actor=actor, ballot=ballot)

    # --- stages ---------------------------------------------------------------------------

    def apply(
        self, *, birth: dt.date = BIRTH, female: bool = False, **kwargs: Any
    ) -> AdmissionCase:
        number = factories.id_number(birth, female=female)
        self.case = services.case_apply(
            actor=self.branch,
            organization=self.org,
            name=f"{self.world.marker(self.org)}申请人",
            id_number=number,
            applied_on=kwargs.pop("applied_on", self.d(1)),
            occupation="farmer",
            is_frontline=True,
            **kwargs,
        )
        return self.case

    def prepare_activist(self) -> AdmissionCase:
        """Everything before step 3."""
        case = self.case or self.apply()
        b = self.branch
        services.case_record_talk(
            actor=b, case=case, done_on=self.d(2), talker="李书记", opinion="谈话情况良好"
        )
        if policy_1443():
            services.case_record_recommendation(
                actor=b,
                case=case,
                held_on=self.d("recommend"),
                members_taking_part=5,
                members_for=4,
                masses_taking_part=10,
                masses_for=8,
                recommended=True,
            )
            self.notice("activist", self.d("notice_activist"))
            self.ballot("activist")
        return self.refresh()

    def to_activist(self) -> AdmissionCase:
        case = self.prepare_activist()
        services.case_make_activist(
            actor=self.branch, case=case, done_on=self.d(3), source="members", opinion="同意"
        )
        return self.refresh()

    def prepare_candidate(self) -> AdmissionCase:
        """Everything before step 7."""
        case = self.to_activist()
        b = self.branch
        services.case_file(actor=self.committee, case=case, step=4, done_on=self.d(4))
        services.case_assign_mentors(
            actor=b, case=case, done_on=self.d(5), mentors=self.members[:2]
        )
        for day in self.d("assess"):
            services.case_record_assessment(
                actor=b, case=case, assessed_on=day, assessor="王五", content="表现好"
            )
        for source in OpinionSource.values:
            services.case_record_opinion(
                actor=b, case=case, source=source, given_on=self.d("opinions"), summary="同意"
            )
        if policy_1443():
            for level, day in zip(ReviewLevel, self.d("reviews"), strict=True):
                actor = {
                    ReviewLevel.BRANCH: b,
                    ReviewLevel.COMMITTEE: self.committee,
                    ReviewLevel.COUNTY: self.county,
                }[level]
                services.case_record_review(
                    actor=actor,
                    case=case,
                    level=level,
                    reviewed_on=day,
                    opinion="同意",
                    passed=True,
                )
            self.notice("candidate", self.d("notice_candidate"))
            self.ballot("candidate")
        return self.refresh()

    def to_candidate(self) -> AdmissionCase:
        case = self.prepare_candidate()
        services.case_make_candidate(
            actor=self.branch, case=case, done_on=self.d(7), opinion="同意列为发展对象"
        )
        return self.refresh()

    def to_meeting_ready(self) -> AdmissionCase:
        """A candidate with steps 8–14 done: ready for the branch general meeting."""
        case = self.to_candidate()
        b = self.branch
        services.case_file(actor=self.committee, case=case, step=8, done_on=self.d(8))
        services.case_assign_sponsors(
            actor=b, case=case, done_on=self.d(9), sponsors=self.members[1:3]
        )
        services.case_record_political_review(
            actor=b, case=case, done_on=self.d(10), conclusion="政治审查合格", qualified=True
        )
        start, end = self.d("training")
        services.case_record_training(
            actor=b, case=case, started_on=start, ended_on=end, class_hours=24, organizer="县委党校"
        )
        services.case_committee_review(actor=b, case=case, done_on=self.d(12), opinion="同意")
        self.notice("probationary", self.d("notice_probationary"))
        services.case_pre_review(
            actor=self.committee, case=case, done_on=self.d(13), passed=True, opinion="预审合格"
        )
        services.case_fill_form(actor=b, case=case, done_on=self.d(14))
        return self.refresh()

    def hold_meeting(self, day: dt.date | None = None, **ballot: Any) -> AdmissionCase:
        assert self.case is not None
        self.ballot("probationary", **ballot)
        services.case_branch_meeting(
            actor=self.branch, case=self.case, done_on=day or self.d(15), opinion="同意接收"
        )
        return self.refresh()

    def to_meeting(self) -> AdmissionCase:
        self.to_meeting_ready()
        case = self.hold_meeting()
        services.case_committee_talk(
            actor=self.committee,
            case=case,
            done_on=self.d(16),
            talker="组织委员",
            opinion="谈话良好",
        )
        return self.refresh()

    def to_probationary(self) -> AdmissionCase:
        case = self.to_meeting()
        services.case_approve(
            actor=self.committee, case=case, done_on=self.d(17), approved=True, opinion="同意"
        )
        return self.refresh()

    def to_full_meeting_ready(self) -> AdmissionCase:
        case = self.to_probationary()
        b = self.branch
        services.case_file(actor=self.county, case=case, step=18, done_on=self.d(18))
        services.case_place(actor=b, case=case, done_on=self.d(19))
        services.case_oath(actor=b, case=case, done_on=self.d(20))
        for day in self.d("assess_probation"):
            services.case_record_assessment(
                actor=b, case=case, assessed_on=day, assessor="王五", content="表现好"
            )
        services.case_apply_full(actor=b, case=case, done_on=self.d(22), opinion="申请转正")
        self.notice("full", self.d("notice_full"))
        return self.refresh()

    def hold_full_meeting(self, day: dt.date | None = None) -> AdmissionCase:
        assert self.case is not None
        self.ballot("full")
        services.case_full_meeting(
            actor=self.branch, case=self.case, done_on=day or self.d(23), opinion="同意转正"
        )
        return self.refresh()

    def to_full_meeting(self) -> AdmissionCase:
        self.to_full_meeting_ready()
        return self.hold_full_meeting()

    def to_full(self) -> AdmissionCase:
        case = self.to_full_meeting()
        services.case_decide_full(
            actor=self.committee,
            case=case,
            done_on=self.d(24),
            outcome="full",
            opinion="同意按期转正",
        )
        return self.refresh()

    def upload_documents(self) -> None:
        assert self.case is not None
        for kind in REQUIRED_DOCUMENTS:
            services.case_document_upload(
                actor=self.branch,
                case=self.case,
                kind=kind,
                file=SimpleUploadedFile(
                    f"{kind}.pdf", b"%PDF-1.4 test", content_type="application/pdf"
                ),
            )

    def refresh(self) -> AdmissionCase:
        assert self.case is not None
        self.case = AdmissionCase.objects.get(pk=self.case.pk)
        return self.case
