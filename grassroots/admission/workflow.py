"""The admission state machine: the transition table, and evaluating its guards.

Each :class:`Transition` says which step it completes, who may take it (permission),
from which case states, after which steps, and which guards must pass on the step's
date (the guards are in ``guards.py``). Guards *yield* the rules a case breaks (a :class:`RuleViolation` each, whose
message names the rule in Chinese and its source), so the same code

* refuses a transition in the service (:func:`enforce` raises the first), and
* shows on the case page what still blocks the next steps (:func:`next_steps`).

Numbers come from the rule set in force on the step's date (``rulebook.rules_on``);
the 1443 extras apply when the deployment policy is on (``rulebook.policy_1443``).
Checks of what the user enters (the sponsors chosen, the training hours, the months of
an extension) are in the services, next to the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.core.errors import RuleViolation

from . import guards as g
from .guards import Guard, refuse, resolution_lapsed
from .models import AdmissionCase, CaseState, ReviewLevel
from .rulebook import POLICY_1443_SOURCE, cn, policy_1443, rules_on
from .steps import STEPS

MANAGE = "admission.manage"  # the branch: secretary, organizing member
APPROVE = "admission.approve"  # the basic-level committee (township committee)
COUNTY = "admission.county"  # the county organization department
DISCIPLINE = "admission.discipline"  # 留党察看 records (county, township committees)

# --- the transition table ---------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    verb: str
    label: str | Promise
    permission: str
    states: tuple[str, ...]
    step: int | None = None  # the step it completes (None: a record, not a step)
    requires: tuple[int, ...] = ()
    guards: tuple[Guard, ...] = ()
    repeatable: bool = False  # may be taken again after it was done
    again_when: Callable[[AdmissionCase, dt.date], bool] | None = None
    policy_1443: bool = False  # offered only under the 1443 policy
    extra: dict[str, object] = field(default_factory=dict)


A, AC, C, P = CaseState.APPLICANT, CaseState.ACTIVIST, CaseState.CANDIDATE, CaseState.PROBATIONARY
TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in (
        Transition("talk", STEPS[2].label, MANAGE, (A,), step=2, requires=(1,)),
        Transition(
            "recommend",
            gettext_lazy("推选优秀分子（一推荐）"),
            MANAGE,
            (A,),
            requires=(1,),
            guards=(g.only_1443(gettext_lazy("一推荐")),),
            repeatable=True,
            policy_1443=True,
        ),
        Transition(
            "make_activist",
            STEPS[3].label,
            MANAGE,
            (A,),
            step=3,
            requires=(2,),
            guards=(g.recommended, g.notice_guard("activist"), g.ballot_guard("activist")),
        ),
        Transition("file_activist", STEPS[4].label, APPROVE, (AC,), step=4, requires=(3,)),
        Transition(
            "assign_mentors", STEPS[5].label, MANAGE, (AC,), step=5, requires=(3,), repeatable=True
        ),
        Transition(
            "assess",
            gettext_lazy("登记考察情况"),
            MANAGE,
            (AC, P),
            requires=(3,),
            repeatable=True,
        ),
        Transition(
            "record_opinion",
            gettext_lazy("登记征求意见情况"),
            MANAGE,
            (AC,),
            requires=(3,),
            repeatable=True,
        ),
        Transition(
            "review_branch",
            ReviewLevel.BRANCH.label,
            MANAGE,
            (AC,),
            requires=(3,),
            guards=(g.review_order(ReviewLevel.BRANCH),),
            repeatable=True,
            policy_1443=True,
        ),
        Transition(
            "review_committee",
            ReviewLevel.COMMITTEE.label,
            APPROVE,
            (AC,),
            requires=(3,),
            guards=(g.review_order(ReviewLevel.COMMITTEE),),
            repeatable=True,
            policy_1443=True,
        ),
        Transition(
            "review_county",
            ReviewLevel.COUNTY.label,
            COUNTY,
            (AC,),
            requires=(3,),
            guards=(g.review_order(ReviewLevel.COUNTY),),
            repeatable=True,
            policy_1443=True,
        ),
        Transition(
            "make_candidate",
            STEPS[7].label,
            MANAGE,
            (AC,),
            step=7,
            requires=(4, 5, 6),
            guards=(
                g.activist_more_than_a_year,
                g.opinions_heard,
                g.three_reviews,
                g.notice_guard("candidate"),
                g.ballot_guard("candidate"),
            ),
        ),
        Transition("file_candidate", STEPS[8].label, APPROVE, (C,), step=8, requires=(7,)),
        Transition("assign_sponsors", STEPS[9].label, MANAGE, (C,), step=9, requires=(7,)),
        Transition("political_review", STEPS[10].label, MANAGE, (C,), step=10, requires=(7,)),
        Transition("training", STEPS[11].label, MANAGE, (C,), step=11, requires=(10,)),
        Transition(
            "committee_review", STEPS[12].label, MANAGE, (C,), step=12, requires=(8, 9, 10, 11)
        ),
        Transition(
            "pre_review",
            STEPS[13].label,
            APPROVE,
            (C,),
            step=13,
            requires=(12,),
            guards=(g.notice_guard("probationary"),),
        ),
        Transition("fill_form", STEPS[14].label, MANAGE, (C,), step=14, requires=(13,)),
        Transition(
            "branch_meeting",
            STEPS[15].label,
            MANAGE,
            (C,),
            step=15,
            requires=(14,),
            guards=(g.ballot_guard("probationary"),),
            again_when=resolution_lapsed,
        ),
        Transition("committee_talk", STEPS[16].label, APPROVE, (C,), step=16, requires=(15,)),
        Transition(
            "extend_approval",
            gettext_lazy("延长审批时间"),
            APPROVE,
            (C,),
            requires=(15,),
            repeatable=True,
        ),
        Transition(
            "approve",
            STEPS[17].label,
            APPROVE,
            (C,),
            step=17,
            requires=(16,),
            guards=(g.approval_in_time,),
        ),
        Transition("file_approval", STEPS[18].label, COUNTY, (P,), step=18, requires=(17,)),
        Transition("place", STEPS[19].label, MANAGE, (P,), step=19, requires=(17,)),
        Transition("oath", STEPS[20].label, MANAGE, (P,), step=20, requires=(17,)),
        Transition("apply_full", STEPS[22].label, MANAGE, (P,), step=22, requires=(19, 20)),
        Transition(
            "full_meeting",
            STEPS[23].label,
            MANAGE,
            (P,),
            step=23,
            requires=(22,),
            guards=(g.probation_over, g.notice_guard("full"), g.ballot_guard("full")),
        ),
        Transition(
            "decide_full",
            STEPS[24].label,
            APPROVE,
            (P,),
            step=24,
            requires=(23,),
            guards=(g.full_approval_in_time,),
        ),
        Transition(
            "archive",
            STEPS[25].label,
            MANAGE,
            (CaseState.FULL, CaseState.CANCELLED),
            step=25,
            requires=(24,),
        ),
        Transition(
            "close",
            gettext_lazy("终止发展"),
            MANAGE,
            (A, AC, C),
            guards=(g.not_after_meeting,),
        ),
    )
}

# Verbs offered on the case page in this order; records last.
RECORD_VERBS = ("assess", "record_opinion", "recommend", "extend_approval", "close")


# --- evaluating -------------------------------------------------------------------------


def _state_and_order(case: AdmissionCase, t: Transition, on: dt.date) -> Iterator[RuleViolation]:
    rules = rules_on(on)
    title = str(t.label)
    if case.archived_on:
        yield refuse(
            "admission.archived",
            title,
            _("档案已于%(date)s归档，不能再办理。") % {"date": cn(case.archived_on)},
            rules.source,
        )
        return
    if case.state not in t.states:
        yield refuse(
            "admission.state",
            title,
            _("%(name)s目前是“%(state)s”，此项只能在“%(allowed)s”阶段办理。")
            % {
                "name": case.name,
                "state": case.get_state_display(),
                "allowed": "、".join(str(CaseState(s).label) for s in t.states),
            },
            rules.source,
        )
        return
    if t.policy_1443 and not policy_1443():
        yield refuse(
            "admission.policy_off",
            title,
            _("本县未实行“1443”工作法，不需要此项。"),
            str(POLICY_1443_SOURCE),
        )
        return
    missing = [n for n in t.requires if not case.is_done(n)]
    if missing:
        yield refuse(
            "admission.step_order",
            title,
            _("须先完成：%(steps)s。")
            % {"steps": "、".join(f"{n}.{STEPS[n].label}" for n in missing)},
            rules.source,
        )
        return
    if (
        t.step is not None
        and case.is_done(t.step)
        and not t.repeatable
        and (t.again_when is None or not t.again_when(case, on))
    ):
        yield refuse(
            "admission.step_done",
            title,
            _("此步骤已于%(date)s完成。") % {"date": cn(case.done_on(t.step))},
            rules.source,
        )
        return


def _dates(
    case: AdmissionCase, t: Transition, on: dt.date, today: dt.date
) -> Iterator[RuleViolation]:
    rules = rules_on(on)
    if on > today:
        yield refuse(
            "admission.date_future",
            str(t.label),
            _("日期不能晚于今天（%(today)s）：只能登记已经发生的事。") % {"today": cn(today)},
            rules.source,
            field="done_on",
        )
    latest = max(
        ((case.done_on(n), n) for n in t.requires if case.done_on(n)),
        default=(None, 0),
        key=lambda pair: pair[0] or dt.date.min,
    )
    if latest[0] and on < latest[0]:
        yield refuse(
            "admission.date_order",
            str(t.label),
            _("日期不能早于“%(step)s”的日期（%(date)s）。")
            % {"step": STEPS[latest[1]].label, "date": cn(latest[0])},
            rules.source,
            field="done_on",
        )


def structural(case: AdmissionCase, verb: str, on: dt.date) -> list[RuleViolation]:
    """Whether the transition is possible at all now (state, policy, order of steps)."""
    return list(_state_and_order(case, TRANSITIONS[verb], on))


def check(case: AdmissionCase, verb: str, on: dt.date, *, today: dt.date) -> list[RuleViolation]:
    """Every rule that refuses ``verb`` on ``on`` (empty: it may be taken)."""
    t = TRANSITIONS[verb]
    problems = structural(case, verb, on)
    if problems:
        return problems
    problems += list(_dates(case, t, on, today))
    for guard in t.guards:
        problems += list(guard(case, on))
    return problems


def enforce(case: AdmissionCase, verb: str, on: dt.date, *, today: dt.date) -> None:
    problems = check(case, verb, on, today=today)
    if problems:
        raise problems[0]


@dataclass
class NextStep:
    verb: str
    label: str
    step: int | None
    permission: str
    blockers: list[str]


def next_steps(case: AdmissionCase, *, today: dt.date) -> list[NextStep]:
    """The transitions open to the case now, each with what still blocks it today."""
    out: list[NextStep] = []
    for t in TRANSITIONS.values():
        if structural(case, t.verb, today):
            continue
        problems = [p.message for g in t.guards for p in g(case, today)]
        out.append(NextStep(t.verb, str(t.label), t.step, t.permission, problems))
    out.sort(key=lambda n: (n.verb in RECORD_VERBS, n.step or 0))
    return out


def close_guards(case: AdmissionCase, on: dt.date) -> list[RuleViolation]:
    return list(g.not_after_meeting(case, on))
