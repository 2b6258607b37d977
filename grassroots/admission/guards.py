"""The guards of the admission rules: each yields the rules a case breaks on a date.

A guard is ``(case, on) -> Iterable[RuleViolation]``; the message of each violation names
the rule in Chinese and its source (the rule set in force on ``on``, or the county's
"1443" method). The transition table in ``workflow.py`` says which guards each step has.
Also here: the key points (activist, candidate, probationary, full) where notices and
ballots come in, through the notices and ballots apps' guards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.core.errors import RuleViolation

from .models import AdmissionCase, CaseState, OpinionSource, Review, ReviewLevel
from .rulebook import POLICY_1443_SOURCE, RuleSet, add_months, cn, policy_1443, rules_on

Guard = Callable[[AdmissionCase, dt.date], Iterable[RuleViolation]]


def refuse(
    rule: str, title: str, detail: str, source: str, field: str | None = None
) -> RuleViolation:
    """A refusal that names the rule: 【title】detail（依据：source）."""
    return RuleViolation(
        _("【%(title)s】%(detail)s（依据：%(source)s）")
        % {"title": title, "detail": detail, "source": source},
        rule=rule,
        field=field,
    )


# --- points where the 1443 method (and the national floor) call for notices and ballots ---


@dataclass(frozen=True)
class Point:
    """A key point of the process: a notice (公示) and a ballot (无记名投票) come before it."""

    key: str
    purpose: str
    label: str | Promise
    step: int  # the step the notice and the ballot come before
    state: str  # the case state while they are prepared
    notice_after: int  # the step after which the notice may be published
    ballot_after: int  # the step after which the ballot may be prepared
    national: bool  # required by the national rules (else only under 1443)
    statutory: bool  # the ballot is the branch general meeting's statutory vote


POINTS: dict[str, Point] = {
    p.key: p
    for p in (
        Point(
            "activist",
            "admission.activist",
            gettext_lazy("确定入党积极分子"),
            3,
            CaseState.APPLICANT,
            1,
            1,
            national=False,
            statutory=False,
        ),
        Point(
            "candidate",
            "admission.candidate",
            gettext_lazy("确定发展对象"),
            7,
            CaseState.ACTIVIST,
            3,
            3,
            national=False,
            statutory=False,
        ),
        Point(
            "probationary",
            "admission.probationary",
            gettext_lazy("接收预备党员"),
            15,
            CaseState.CANDIDATE,
            12,
            14,
            national=True,
            statutory=True,
        ),
        Point(
            "full",
            "admission.full",
            gettext_lazy("预备党员转正"),
            23,
            CaseState.PROBATIONARY,
            22,
            22,
            national=True,
            statutory=True,
        ),
    )
}
# The notice of the probationary point comes before the committee's pre-review (step 13),
# as the national rules require; the other notices come before the point's own step.
NOTICE_BEFORE_STEP = {"activist": 3, "candidate": 7, "probationary": 13, "full": 23}


def point_required(point: Point) -> bool:
    return point.national or policy_1443()


def used_ids(case: AdmissionCase, kind: str) -> list[int]:
    return list((case.used_records or {}).get(kind, []))


def notice_guard(point_key: str) -> Guard:
    point = POINTS[point_key]

    def guard(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
        if not point_required(point):
            return
        from grassroots.notices.selectors import require_notice_cleared

        source = str(POLICY_1443_SOURCE if not point.national else rules_on(on).source)
        title = _("%(point)s公示") % {"point": point.label}
        try:
            notice = require_notice_cleared(case, purpose=point.purpose, on=on)
        except RuleViolation as exc:
            yield RuleViolation(
                _("【%(title)s】%(detail)s（依据：%(source)s）")
                % {"title": title, "detail": exc.message, "source": source},
                rule=exc.rule,
            )
            return
        if notice.pk in used_ids(case, "notices"):
            yield refuse(
                "admission.notice_stale",
                title,
                _("公示「%(title)s」已用于上一轮，本轮须重新公示。") % {"title": notice.title},
                source,
            )

    return guard


def ballot_guard(point_key: str) -> Guard:
    point = POINTS[point_key]

    def guard(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
        if not point_required(point):
            return
        from grassroots.ballots.rules import STATUTORY_BRANCH_MEETING
        from grassroots.ballots.selectors import require_ballot_passed

        rules = rules_on(on)
        source = str(rules.source if point.statutory else POLICY_1443_SOURCE)
        title = (
            _("支部大会无记名投票表决")
            if point.statutory
            else _("%(point)s票决") % {"point": point.label}
        )
        try:
            ballot = require_ballot_passed(case, purpose=point.purpose)
        except RuleViolation as exc:
            yield RuleViolation(
                _("【%(title)s】%(detail)s（依据：%(source)s）")
                % {"title": title, "detail": exc.message, "source": source},
                rule=exc.rule,
            )
            return
        if ballot.pk in used_ids(case, "ballots"):
            yield refuse(
                "admission.ballot_stale",
                title,
                _("投票「%(title)s」已用于上一次会议，本次讨论须重新表决。")
                % {"title": ballot.title},
                source,
            )
        if point.statutory and ballot.rule != STATUTORY_BRANCH_MEETING:
            yield refuse(
                "admission.ballot_rule",
                title,
                _("支部大会表决须按《发展党员工作细则》规定的人数和票数标准进行。"),
                source,
            )
        if point.statutory and ballot.meeting_date and ballot.meeting_date != on:
            yield refuse(
                "admission.meeting_date",
                title,
                _("投票「%(title)s」的表决日期是%(date)s，支部大会日期应与之一致。")
                % {"title": ballot.title, "date": cn(ballot.meeting_date)},
                rules.source,
                field="done_on",
            )

    return guard


# --- guards -----------------------------------------------------------------------------


def recommended(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    """一推荐: only someone recommended in the recommendation round becomes an activist."""
    if not policy_1443():
        return
    rounds = [r for r in case.recommendations.all() if r.held_on <= on]
    latest = max(rounds, key=lambda r: (r.held_on, r.pk), default=None)
    title = _("一推荐")
    if latest is None:
        yield refuse(
            "admission.recommendation_missing",
            title,
            _("确定入党积极分子前，须先经党员和群众推选优秀分子，并登记推荐结果。"),
            str(POLICY_1443_SOURCE),
        )
    elif not latest.recommended:
        yield refuse(
            "admission.not_recommended",
            title,
            _(
                "%(date)s的推选中%(name)s未被推选为优秀分子，只有被推荐的人选才能确定为入党积极分子。"
            )
            % {"date": cn(latest.held_on), "name": case.name},
            str(POLICY_1443_SOURCE),
        )


def activist_more_than_a_year(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    rules = rules_on(on)
    assert case.activist_on is not None
    one_year = add_months(case.activist_on, rules.activist_more_than_months)
    if on <= one_year:
        yield refuse(
            "admission.activist_one_year",
            _("培养教育一年以上"),
            _(
                "%(name)s于%(start)s被确定为入党积极分子，到%(year)s才满一年；须经过一年以上的培养教育和考察，"
                "最早%(earliest)s才能确定为发展对象。"
            )
            % {
                "name": case.name,
                "start": cn(case.activist_on),
                "year": cn(one_year),
                "earliest": cn(one_year + dt.timedelta(days=1)),
            },
            rules.source,
            field="done_on",
        )


REQUIRED_OPINIONS = (
    OpinionSource.PARTY_GROUP,
    OpinionSource.MENTORS,
    OpinionSource.MEMBERS,
    OpinionSource.MASSES,
)


def opinions_heard(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    heard = {o.source for o in case.opinions.all() if o.given_on <= on}
    missing = [OpinionSource(s).label for s in REQUIRED_OPINIONS if s not in heard]
    if missing:
        yield refuse(
            "admission.opinions_missing",
            _("听取意见"),
            _("确定发展对象前须听取党小组、培养联系人、党员和群众的意见，尚未登记：%(missing)s。")
            % {"missing": "、".join(str(m) for m in missing)},
            rules_on(on).source,
        )


def three_reviews(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    """三审查: branch, basic-level committee, county organization department, in order."""
    if not policy_1443():
        return
    latest = latest_reviews(case)
    for level in ReviewLevel:
        review = latest.get(level)
        if review is None or not review.passed or review.reviewed_on > on:
            yield refuse(
                "admission.three_reviews",
                _("三审查"),
                _("确定发展对象前须经党支部、基层党委、县委组织部三级审查通过，尚缺：%(level)s。")
                % {"level": ReviewLevel(level).label},
                str(POLICY_1443_SOURCE),
            )
            return


def latest_reviews(case: AdmissionCase) -> dict[int, Review]:
    latest: dict[int, Review] = {}
    for review in sorted(case.reviews.all(), key=lambda r: (r.reviewed_on, r.pk)):
        latest[review.level] = review
    return latest


def review_order(level: int) -> Guard:
    def guard(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
        if not policy_1443():
            yield refuse(
                "admission.policy_off",
                _("三审查"),
                _("本县未实行“1443”工作法，不需要三审查。"),
                str(POLICY_1443_SOURCE),
            )
            return
        if level == ReviewLevel.BRANCH:
            return
        before = latest_reviews(case).get(level - 1)
        if before is None or not before.passed:
            yield refuse(
                "admission.review_order",
                _("三审查"),
                _("三审查须依次进行：%(before)s通过后才能进行%(level)s。")
                % {
                    "before": ReviewLevel(level - 1).label,
                    "level": ReviewLevel(level).label,
                },
                str(POLICY_1443_SOURCE),
            )
        elif before.reviewed_on > on:
            yield refuse(
                "admission.review_order",
                _("三审查"),
                _("%(level)s的日期不能早于%(before)s（%(date)s）。")
                % {
                    "level": ReviewLevel(level).label,
                    "before": ReviewLevel(level - 1).label,
                    "date": cn(before.reviewed_on),
                },
                str(POLICY_1443_SOURCE),
                field="done_on",
            )

    return guard


def only_1443(title: str | Promise) -> Guard:
    def guard(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
        if not policy_1443():
            yield refuse(
                "admission.policy_off",
                str(title),
                _("本县未实行“1443”工作法，不需要此项。"),
                str(POLICY_1443_SOURCE),
            )

    return guard


def approval_limits(case: AdmissionCase, rules: RuleSet) -> tuple[dt.date, dt.date]:
    assert case.branch_meeting_on is not None
    return (
        add_months(case.branch_meeting_on, rules.approval_within_months),
        add_months(case.branch_meeting_on, rules.approval_max_months),
    )


def resolution_lapsed(case: AdmissionCase, on: dt.date) -> bool:
    """The branch meeting's resolution was not approved in time (not even by the extended
    deadline): it must be discussed again."""
    return (
        case.state == CaseState.CANDIDATE
        and case.is_done(15)
        and not case.is_done(17)
        and case.approval_due_on is not None
        and on > case.approval_due_on
    )


def approval_in_time(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    rules = rules_on(on)
    three, six = approval_limits(case, rules)
    if on <= three or (case.approval_due_on and on <= case.approval_due_on):
        return
    title = _("审批时限")
    meeting = cn(case.branch_meeting_on)
    if on <= six:
        yield refuse(
            "admission.approval_three_months",
            title,
            _(
                "支部大会于%(meeting)s通过接收，上级党委应在三个月内（%(three)s前）审批；"
                "特殊情况须先登记延长审批的原因，延长后总期限不超过六个月（%(six)s）。"
            )
            % {"meeting": meeting, "three": cn(three), "six": cn(six)},
            rules.source,
            field="done_on",
        )
    else:
        yield refuse(
            "admission.approval_six_months",
            title,
            _(
                "支部大会于%(meeting)s通过接收，审批期限最长不超过六个月（%(six)s），已经超过，"
                "须重新提交支部大会讨论。"
            )
            % {"meeting": meeting, "six": cn(six)},
            rules.source,
            field="done_on",
        )


def probation_over(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    assert case.probation_ends_on is not None
    if on < case.probation_ends_on:
        yield refuse(
            "admission.probation_not_over",
            _("预备期"),
            _("预备期自支部大会通过之日起计算，到%(end)s期满；预备期满后才能讨论转正。")
            % {"end": cn(case.probation_ends_on)},
            rules_on(on).source,
            field="done_on",
        )


def full_approval_in_time(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    rules = rules_on(on)
    assert case.full_meeting_on is not None
    limit = add_months(case.full_meeting_on, rules.full_approval_within_months)
    if on > limit:
        yield refuse(
            "admission.full_approval_three_months",
            _("审批时限"),
            _("支部大会于%(meeting)s讨论转正，上级党委应在三个月内（%(limit)s前）审批。")
            % {"meeting": cn(case.full_meeting_on), "limit": cn(limit)},
            rules.source,
            field="done_on",
        )


def not_after_meeting(case: AdmissionCase, on: dt.date) -> Iterator[RuleViolation]:
    if case.is_done(15):
        yield refuse(
            "admission.close_after_meeting",
            _("终止发展"),
            _("支部大会已讨论通过接收，是否接收由上级党委审批决定，支部不能自行终止。"),
            rules_on(on).source,
        )
