"""Reads of admission cases, always within the actor's scope: lists, the case page, the
pipeline per organization, the overdue lists and the committees' queues."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core import scoping
from grassroots.members.models import Member
from grassroots.orgs.models import Organization, OrgKind

from .models import (
    OPEN_STATES,
    AdmissionCase,
    Assessment,
    AssessmentPhase,
    CasePerson,
    CaseState,
    DisciplinaryProbation,
    Review,
    ReviewLevel,
)
from .rulebook import add_months, policy_1443, rules_on
from .steps import STAGES, STEPS

VIEW = "admission.view"


def case_list(*, actor: Any, permission: str = VIEW) -> QuerySet[AdmissionCase]:
    return AdmissionCase.objects.filter(scoping.scope_q(actor, permission)).select_related(
        "organization"
    )


def case_get(*, actor: Any, pk: Any, permission: str = VIEW) -> AdmissionCase:
    """The case, or 404 outside the actor's scope for ``permission``."""
    return scoping.get_scoped_or_404(case_list(actor=actor, permission=permission), pk=pk)


def case_get_full(*, actor: Any, pk: Any) -> AdmissionCase:
    """The case with everything its page shows, in a fixed number of queries."""
    qs = (
        case_list(actor=actor)
        .select_related("member", "party_group", "created_by")
        .prefetch_related(
            "steps__recorded_by",
            Prefetch("people", queryset=CasePerson.objects.select_related("member__organization")),
            "assessments",
            "opinions",
            "recommendations",
            "reviews",
            "documents",
        )
    )
    return scoping.get_scoped_or_404(qs, pk=pk)


def case_search(
    *,
    actor: Any,
    org: Organization | None = None,
    stage: int | None = None,
    state: str = "",
    q: str = "",
    year: int | None = None,
) -> QuerySet[AdmissionCase]:
    qs = case_list(actor=actor)
    if org is not None:
        qs = qs.filter(organization__path__subtree=org.path)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES, archived_on__isnull=True)
    elif state in CaseState.values:
        qs = qs.filter(state=state)
    if stage:
        qs = qs.filter(stage=stage, state__in=OPEN_STATES)
    if year:
        qs = qs.filter(branch_meeting_on__year=year, approved_on__isnull=False)
    q = (q or "").strip()
    if q:
        key = q.replace(" ", "").lower()
        qs = qs.filter(
            Q(name__contains=q) | Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key)
        )
    return qs.order_by("organization__path", "-applied_on", "-id")


# --- pipeline ----------------------------------------------------------------------------


@dataclass
class PipelineRow:
    org: Organization
    stages: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.stages.values())

    @property
    def cells(self) -> list[tuple[int, int]]:
        return [(s, self.stages.get(s, 0)) for s in STAGES]


@dataclass
class Pipeline:
    org: Organization
    # (stage, label, open cases, [(step, label, cases whose last step done it is)])
    stages: list[tuple[int, str, int, list[tuple[int, str, int]]]]
    rows: list[PipelineRow]
    admitted: int  # admitted as probationary members this year
    full: int  # became full members this year
    year: int

    @property
    def total(self) -> int:
        return sum(stage[2] for stage in self.stages)


def pipeline(*, actor: Any, org: Organization, year: int | None = None) -> Pipeline:
    """Open cases in ``org``'s subtree by stage and by last step done, per child
    organization (four queries whatever the number of cases)."""
    year = year or timezone.localdate().year
    base = case_list(actor=actor).filter(organization__path__subtree=org.path)
    open_cases = base.filter(state__in=OPEN_STATES, archived_on__isnull=True)
    by_step = dict(open_cases.values_list("step").annotate(n=Count("id")).values_list("step", "n"))
    stage_counts: dict[int, int] = defaultdict(int)
    steps: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for number, step in STEPS.items():
        n = by_step.get(number, 0)
        stage_counts[step.stage] += n
        if n:
            steps[step.stage].append((number, str(step.label), n))
    from grassroots.orgs.selectors import org_children

    children = [c for c in org_children(actor=actor, parent=org) if c.kind != OrgKind.PARTY_GROUP]
    rows = {c.path: PipelineRow(c) for c in children}
    width = len(org.path) + Organization.steplen
    if rows:
        grouped = open_cases.values_list("organization__path", "stage").annotate(n=Count("id"))
        for path, stage, n in grouped:
            row = rows.get(path[:width])
            if row is not None:
                row.stages[stage] = row.stages.get(stage, 0) + n
    done = base.aggregate(
        admitted=Count("id", filter=Q(approved_on__isnull=False, branch_meeting_on__year=year)),
        full=Count("id", filter=Q(full_on__year=year, state=CaseState.FULL)),
    )
    return Pipeline(
        org=org,
        stages=[
            (s, str(label), stage_counts.get(s, 0), steps.get(s, [])) for s, label in STAGES.items()
        ],
        rows=list(rows.values()),
        admitted=done["admitted"],
        full=done["full"],
        year=year,
    )


# --- overdue -------------------------------------------------------------------------------

OVERDUE_KINDS = {
    "talks": _("谈话逾期"),
    "assessments": _("考察逾期"),
    "approvals": _("审批逾期"),
    "probations": _("预备期满未转正"),
}


def overdue_q(kind: str, today: dt.date) -> Q:
    """Cases overdue for ``kind`` on ``today`` (one indexed condition each):

    * talks: no talk one month after the application;
    * assessments: no assessment for more than half a year (activists, probationary members);
    * approvals: no committee decision within three months of a branch meeting (or by the
      extended deadline);
    * probations: probation has ended and the branch has not discussed full membership.
    """
    if kind == "talks":
        return Q(state=CaseState.APPLICANT, talked_on__isnull=True, talk_due_on__lt=today)
    if kind == "assessments":
        return Q(
            state__in=[CaseState.ACTIVIST, CaseState.PROBATIONARY], assessment_due_on__lt=today
        )
    if kind == "approvals":
        return Q(state__in=OPEN_STATES, approval_due_on__lt=today)
    if kind == "probations":
        return Q(
            state=CaseState.PROBATIONARY,
            probation_ends_on__lt=today,
            full_meeting_on__isnull=True,
        )
    raise ValueError(kind)


def overdue_counts(
    *, actor: Any, org: Organization, today: dt.date | None = None
) -> list[tuple[str, str, int]]:
    """(kind, label, cases) for each kind of overdue step, in one query."""
    today = today or timezone.localdate()
    qs = case_list(actor=actor).filter(
        organization__path__subtree=org.path, archived_on__isnull=True
    )
    counts = qs.aggregate(**{k: Count("id", filter=overdue_q(k, today)) for k in OVERDUE_KINDS})
    return [(k, str(label), counts[k]) for k, label in OVERDUE_KINDS.items()]


def overdue_list(
    *, actor: Any, org: Organization, kind: str, today: dt.date | None = None
) -> QuerySet[AdmissionCase]:
    today = today or timezone.localdate()
    order = {
        "talks": "talk_due_on",
        "assessments": "assessment_due_on",
        "approvals": "approval_due_on",
        "probations": "probation_ends_on",
    }[kind]
    return (
        case_list(actor=actor)
        .filter(organization__path__subtree=org.path, archived_on__isnull=True)
        .filter(overdue_q(kind, today))
        .order_by(order, "id")
    )


# --- queues ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSpec:
    key: str
    label: Any
    permission: str
    verb: str


QUEUES = (
    QueueSpec("file_activist", STEPS[4].label, "admission.approve", "file_activist"),
    QueueSpec(
        "review_committee", ReviewLevel.COMMITTEE.label, "admission.approve", "review_committee"
    ),
    QueueSpec("file_candidate", STEPS[8].label, "admission.approve", "file_candidate"),
    QueueSpec("pre_review", STEPS[13].label, "admission.approve", "pre_review"),
    QueueSpec("committee_talk", STEPS[16].label, "admission.approve", "committee_talk"),
    QueueSpec("approve", STEPS[17].label, "admission.approve", "approve"),
    QueueSpec("decide_full", STEPS[24].label, "admission.approve", "decide_full"),
    QueueSpec("review_county", ReviewLevel.COUNTY.label, "admission.county", "review_county"),
    QueueSpec("file_approval", STEPS[18].label, "admission.county", "file_approval"),
)


def _passed_review(level: int) -> Exists:
    return Exists(Review.objects.filter(case=OuterRef("pk"), level=level, passed=True))


def _queue_q(key: str) -> Q:
    def has(n: int) -> Q:
        return Q(step_dates__has_key=str(n))

    if key == "file_activist":
        return Q(state=CaseState.ACTIVIST) & ~has(4)
    if key == "review_committee":
        return Q(state=CaseState.ACTIVIST, _branch_ok=True, _committee_ok=False)
    if key == "review_county":
        return Q(state=CaseState.ACTIVIST, _committee_ok=True, _county_ok=False)
    if key == "file_candidate":
        return Q(state=CaseState.CANDIDATE) & ~has(8)
    if key == "pre_review":
        return Q(state=CaseState.CANDIDATE) & has(12) & ~has(13)
    if key == "committee_talk":
        return Q(state=CaseState.CANDIDATE) & has(15) & ~has(16)
    if key == "approve":
        return Q(state=CaseState.CANDIDATE) & has(16) & ~has(17)
    if key == "decide_full":
        return Q(state=CaseState.PROBATIONARY) & has(23) & ~has(24)
    if key == "file_approval":
        return (
            Q(state__in=[CaseState.PROBATIONARY, CaseState.FULL, CaseState.CANCELLED])
            & has(17)
            & ~has(18)
        )
    raise ValueError(key)


@dataclass
class Queue:
    spec: QueueSpec
    cases: list[AdmissionCase]
    more: bool


QUEUE_LIMIT = 100


def queues(*, actor: Any) -> list[Queue]:
    """What waits for the actor's committee or department: one query per queue."""
    out: list[Queue] = []
    for spec in QUEUES:
        if not scoping.has_permission_anywhere(actor, spec.permission):
            continue
        if spec.key.startswith("review_") and not policy_1443():
            continue
        qs = AdmissionCase.objects.filter(
            scoping.scope_q(actor, spec.permission), archived_on__isnull=True
        ).select_related("organization")
        if spec.key.startswith("review_"):
            qs = qs.annotate(
                _branch_ok=_passed_review(ReviewLevel.BRANCH),
                _committee_ok=_passed_review(ReviewLevel.COMMITTEE),
                _county_ok=_passed_review(ReviewLevel.COUNTY),
            )
        rows = list(
            qs.filter(_queue_q(spec.key)).order_by("organization__path", "id")[: QUEUE_LIMIT + 1]
        )
        out.append(Queue(spec, rows[:QUEUE_LIMIT], len(rows) > QUEUE_LIMIT))
    return out


# --- the case page --------------------------------------------------------------------------


def assessment_gaps(
    case: AdmissionCase, *, today: dt.date | None = None
) -> list[tuple[dt.date, dt.date]]:
    """Periods of more than half a year without an assessment (the case's assessments
    must be loaded, e.g. prefetched): (from, due date) pairs."""
    today = today or timezone.localdate()
    gaps: list[tuple[dt.date, dt.date]] = []
    phases = []
    if case.activist_on:
        phases.append(
            (
                AssessmentPhase.ACTIVIST,
                case.activist_on,
                case.candidate_on or case.ended_on or today,
            )
        )
    if case.approved_on and case.branch_meeting_on:
        phases.append(
            (
                AssessmentPhase.PROBATION,
                case.branch_meeting_on,
                case.full_meeting_on or case.ended_on or today,
            )
        )
    assessments: list[Assessment] = list(case.assessments.all())
    for phase, start, end in phases:
        last = start
        for day in sorted(a.assessed_on for a in assessments if a.phase == phase):
            due = add_months(last, rules_on(last).assessment_every_months)
            if day > due:
                gaps.append((last, due))
            last = max(last, day)
        due = add_months(last, rules_on(last).assessment_every_months)
        if end > due:
            gaps.append((last, due))
    return gaps


def case_flags(case: AdmissionCase, *, today: dt.date | None = None) -> list[str]:
    """Warnings about the case: rules that are flagged rather than enforced."""
    from .rulebook import cn

    today = today or timezone.localdate()
    flags: list[str] = []
    if case.talk_overdue:
        flags.append(
            str(_("谈话逾期：应在%(due)s前谈话（收到申请后一个月内）。"))
            % {"due": cn(case.talk_due_on)}
        )
    for start, due in assessment_gaps(case, today=today):
        flags.append(
            str(_("考察缺失：%(start)s之后应在%(due)s前考察一次（每半年至少一次）。"))
            % {"start": cn(start), "due": cn(due)}
        )
    if case.leaving_unit_soon and case.state == CaseState.CANDIDATE:
        flags.append(str(_("此人三个月内将离开工作单位，一般不办理接收预备党员手续。")))
    if case.is_open and case.approval_due_on and today > case.approval_due_on:
        flags.append(str(_("审批逾期：审批期限为%(due)s。")) % {"due": cn(case.approval_due_on)})
    if (
        case.state == CaseState.PROBATIONARY
        and case.probation_ends_on
        and case.probation_ends_on < today
        and not case.full_meeting_on
    ):
        flags.append(
            str(_("预备期已于%(end)s期满，尚未讨论转正。")) % {"end": cn(case.probation_ends_on)}
        )
    return flags


# --- members for choosing mentors and sponsors, 留党察看 records ---------------------------------


def member_choices(*, actor: Any, case: AdmissionCase) -> QuerySet[Member]:
    """Full members the actor may pick as mentors or sponsors: the case's branch's members."""
    from grassroots.members.models import MemberStatus

    return (
        Member.objects.filter(scoping.scope_q(actor, VIEW))
        .filter(organization__path__subtree=case.organization.path, status=MemberStatus.FULL)
        .order_by("name_pinyin", "id")
    )


def member_in_scope(*, actor: Any, pk: Any) -> Member:
    return scoping.get_scoped_or_404(
        Member.objects.filter(scoping.scope_q(actor, VIEW)).select_related("organization"), pk=pk
    )


def discipline_list(*, actor: Any) -> QuerySet[DisciplinaryProbation]:
    return (
        DisciplinaryProbation.objects.filter(
            scoping.scope_q(actor, "admission.discipline", field="member__organization")
        )
        .select_related("member__organization")
        .order_by("-started_on", "-id")
    )


def discipline_get(*, actor: Any, pk: Any) -> DisciplinaryProbation:
    return scoping.get_scoped_or_404(discipline_list(actor=actor), pk=pk)


def document_get(*, actor: Any, pk: Any) -> Any:
    from .models import CaseDocument

    return scoping.get_scoped_or_404(
        CaseDocument.objects.filter(scoping.scope_q(actor, VIEW, field="case__organization")),
        pk=pk,
    )
