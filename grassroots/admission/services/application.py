"""Stages 1–2: application and activists (steps 1–6), the 1443 recommendation round,
the filings with higher committees, and closing a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core import crypto, scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation
from grassroots.core.pinyin import pinyin_keys
from grassroots.core.validators import MOBILE_RE, mask_id_number, parse_id_number
from grassroots.members.models import (
    ACTIVE_STATUSES,
    Education,
    Member,
    MemberStatus,
    Occupation,
    Sex,
)
from grassroots.orgs.models import BRANCH_KINDS, Organization

from ..guards import POINTS, point_required, refuse
from ..models import (
    OPEN_STATES,
    ActivistSource,
    AdmissionCase,
    Assessment,
    AssessmentPhase,
    CasePerson,
    CaseRole,
    CaseState,
    Opinion,
    OpinionSource,
    Recommendation,
)
from ..rulebook import add_months, age_on, cn, rules_on
from ..workflow import MANAGE, close_guards
from .base import begin, finish, mark_step, required_text, today, use_record


def birthday(birth: dt.date, years: int) -> dt.date:
    """The day someone born on ``birth`` turns ``years`` (29 February: 1 March)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)


def _check_choice(value: str, choices: Any, field: str) -> None:
    if value and value not in choices.values:
        raise RuleViolation(
            _("“%(value)s”不是可选的值。") % {"value": value}, rule="admission.choice", field=field
        )


@transaction.atomic
def case_apply(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    id_number: str,
    applied_on: dt.date,
    ethnicity: str = "汉族",
    education: str = "",
    occupation: str = "",
    is_frontline: bool = False,
    work_unit: str = "",
    mobile: str = "",
    address: str = "",
    opinion: str = "",
) -> AdmissionCase:
    """Step 1: someone hands in an application letter (入党申请书) to a branch.

    Rule: the applicant is at least 18 years old on the application date (age from the
    ID number). Sex and birth date are read from the ID number."""
    scoping.require(actor, MANAGE, organization)
    rules = rules_on(applied_on)
    if organization.kind not in BRANCH_KINDS or not organization.is_active:
        raise RuleViolation(
            _("入党申请应向党支部提出：「%(org)s」不是在用的党支部。") % {"org": organization.name},
            rule="admission.branch_only",
        )
    name = required_text(name, field="name", label=_("姓名"))
    try:
        info = parse_id_number(id_number)
    except ValidationError as exc:
        raise RuleViolation(exc.messages[0], rule="admission.id_number", field="id_number") from exc
    if applied_on > today():
        raise refuse(
            "admission.date_future",
            _("递交入党申请书"),
            _("申请日期不能晚于今天。"),
            rules.source,
            field="applied_on",
        )
    if age_on(info.birth_date, applied_on) < rules.min_age:
        raise refuse(
            "admission.age_18",
            _("年满十八岁"),
            _(
                "申请人出生于%(birth)s，申请日期%(applied)s时未满%(age)d周岁；"
                "年满%(age)d周岁（%(earliest)s）起才能申请入党。"
            )
            % {
                "birth": cn(info.birth_date),
                "applied": cn(applied_on),
                "age": rules.min_age,
                "earliest": cn(birthday(info.birth_date, rules.min_age)),
            },
            rules.source,
            field="applied_on",
        )
    mobile = (mobile or "").strip()
    if mobile and not MOBILE_RE.match(mobile):
        raise RuleViolation(
            _("手机号应为以1开头的11位数字。"), rule="admission.mobile", field="mobile"
        )
    _check_choice(education, Education, "education")
    _check_choice(occupation, Occupation, "occupation")
    digest = crypto.lookup_hash(info.number)
    if Member.objects.filter(id_number_hash=digest, status__in=ACTIVE_STATUSES).exists():
        raise RuleViolation(
            _("该身份证号已在党员信息库中登记为党员，不能再申请入党。"),
            rule="admission.already_member",
            field="id_number",
        )
    other = (
        AdmissionCase.objects.filter(id_number_hash=digest, state__in=OPEN_STATES)
        .select_related("organization")
        .first()
    )
    if other is not None:
        where = (
            other.organization.name
            if scoping.covers(actor, "admission.view", other.organization)
            else _("其他党组织")
        )
        raise RuleViolation(
            _("此人已有一份正在办理的发展党员档案（%(org)s），一人只能有一份。") % {"org": where},
            rule="admission.one_case",
            field="id_number",
        )
    full, initials = pinyin_keys(name)
    case = AdmissionCase(
        organization=organization,
        name=name,
        name_pinyin=full,
        name_initials=initials,
        sex=Sex.FEMALE if info.sex == "female" else Sex.MALE,
        ethnicity=(ethnicity or "汉族").strip(),
        birth_date=info.birth_date,
        id_number_encrypted=crypto.encrypt(info.number),
        id_number_hash=digest,
        id_number_masked=mask_id_number(info.number),
        education=education,
        occupation=occupation,
        is_frontline=is_frontline,
        work_unit=work_unit.strip(),
        mobile=mobile,
        address=address.strip(),
        applied_on=applied_on,
        talk_due_on=add_months(applied_on, rules.talk_within_months),
        created_by=actor,
    )
    mark_step(case, 1, applied_on)
    case.save()
    from ..models import CaseStep

    CaseStep.objects.create(
        case=case,
        step=1,
        done_on=applied_on,
        opinion=opinion.strip(),
        rules_version=rules.version,
        recorded_by=actor,
    )
    log_action(
        actor=actor,
        action="admission.case.apply",
        obj=case,
        organization=organization,
        data={"on": applied_on, "org": organization.name, "rules": rules.version},
    )
    return case


@transaction.atomic
def case_record_talk(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, talker: str, opinion: str
) -> AdmissionCase:
    """Step 2: the organization talks with the applicant, within one month of receiving
    the application. A later talk is still recorded, and stays flagged as overdue."""
    case = begin(actor, case, "talk", done_on)
    talker = required_text(talker, field="talker", label=_("谈话人"))
    opinion = required_text(opinion, field="opinion", label=_("谈话情况"))
    late = (done_on - case.talk_due_on).days
    case.talked_on = done_on
    finish(
        actor=actor,
        case=case,
        verb="talk",
        on=done_on,
        opinion=opinion,
        data={"talker": talker, "days_late": max(late, 0)},
        audit={"talker": talker, "overdue": late > 0},
    )
    return case


@transaction.atomic
def case_record_recommendation(
    *,
    actor: Any,
    case: AdmissionCase,
    held_on: dt.date,
    members_taking_part: int,
    members_for: int,
    masses_taking_part: int,
    masses_for: int,
    recommended: bool,
    note: str = "",
) -> Recommendation:
    """1443 一推荐: the round in which members and the masses recommend outstanding people
    (推选优秀分子). Only the recommended may become activists."""
    case = begin(actor, case, "recommend", held_on)
    for taking, voting, field in (
        (members_taking_part, members_for, "members_for"),
        (masses_taking_part, masses_for, "masses_for"),
    ):
        if taking < 0 or voting < 0 or voting > taking:
            raise RuleViolation(
                _("推荐人数不能超过参加推荐的人数。"),
                rule="admission.recommend_counts",
                field=field,
            )
    if recommended and members_for + masses_for == 0:
        raise RuleViolation(
            _("没有人推荐，不能登记为“推选为优秀分子”。"),
            rule="admission.recommend_counts",
            field="recommended",
        )
    row = Recommendation.objects.create(
        case=case,
        held_on=held_on,
        members_taking_part=members_taking_part,
        members_for=members_for,
        masses_taking_part=masses_taking_part,
        masses_for=masses_for,
        recommended=recommended,
        note=note.strip(),
        recorded_by=actor,
    )
    finish(
        actor=actor,
        case=case,
        verb="recommend",
        on=held_on,
        audit={
            "recommended": _("推选为优秀分子") if recommended else _("未被推选"),
            "members_for": members_for,
            "masses_for": masses_for,
        },
    )
    return row


def use_point_records(
    case: AdmissionCase, point_key: str, on: dt.date, *, notice: bool = True, ballot: bool = True
) -> dict[str, Any]:
    """Remember the notice and ballot a step relied on (the guards have passed, so they
    exist); return what the step's record keeps of them."""
    from grassroots.ballots.selectors import ballot_result, require_ballot_passed
    from grassroots.notices.selectors import require_notice_cleared

    point = POINTS[point_key]
    if not point_required(point):
        return {}
    data: dict[str, Any] = {}
    found = require_notice_cleared(case, purpose=point.purpose, on=on) if notice else None
    if found is not None:
        use_record(case, "notices", found.pk)
        data["notice"] = {
            "id": found.pk,
            "title": found.title,
            "ends_on": found.ends_on.isoformat(),
        }
    vote = require_ballot_passed(case, purpose=point.purpose) if ballot else None
    if vote is not None:
        use_record(case, "ballots", vote.pk)
        result = ballot_result(vote)
        q = result.questions[0] if result.questions else None
        data["ballot"] = {
            "id": vote.pk,
            "title": vote.title,
            "entitled": result.entitled,
            "attended": result.attended,
            "yes": q.yes if q else 0,
            "masses_yes": q.masses.yes if q and q.masses else None,
            "explanation": q.explanation if q else "",
        }
    return data


@transaction.atomic
def case_make_activist(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, source: str, opinion: str
) -> AdmissionCase:
    """Step 3: the branch committee makes the applicant an activist (入党积极分子), put
    forward by members (党员推荐) or by a mass organization (群团组织推优). Under 1443 also:
    recommended in the round, the notice over, the ballot passed."""
    case = begin(actor, case, "make_activist", done_on)
    if source not in ActivistSource.values:
        raise refuse(
            "admission.activist_source",
            _("推荐和确定入党积极分子"),
            _("入党积极分子应经党员推荐或群团组织推优产生，请选择推荐方式。"),
            rules_on(done_on).source,
            field="source",
        )
    opinion = required_text(opinion, field="opinion", label=_("支部委员会意见"))
    data = use_point_records(case, "activist", done_on)
    case.state = CaseState.ACTIVIST
    case.activist_on = done_on
    case.activist_source = source
    case.assessment_due_on = add_months(done_on, rules_on(done_on).assessment_every_months)
    finish(
        actor=actor,
        case=case,
        verb="make_activist",
        on=done_on,
        opinion=opinion,
        data={"source": source, **data},
        changes={"state": [CaseState.APPLICANT, CaseState.ACTIVIST]},
        audit={"source": ActivistSource(source).label},
    )
    return case


FILING_VERBS = {4: "file_activist", 8: "file_candidate", 18: "file_approval"}


@transaction.atomic
def case_file(
    *, actor: Any, case: AdmissionCase, step: int, done_on: dt.date, note: str = ""
) -> AdmissionCase:
    """Steps 4, 8 (filed with the basic-level committee) and 18 (filed with the county
    organization department): the receiving body records the filing (备案)."""
    verb = FILING_VERBS[step]
    case = begin(actor, case, verb, done_on)
    finish(actor=actor, case=case, verb=verb, on=done_on, opinion=note.strip())
    return case


def check_members(
    people: Sequence[Member], *, case: AdmissionCase, role: str, on: dt.date, low: int, high: int
) -> None:
    rules = rules_on(on)
    title = _("培养联系人") if role == CaseRole.MENTOR else _("入党介绍人")
    ids = [m.pk for m in people]
    if len(set(ids)) != len(ids):
        raise refuse(
            f"admission.{role}_distinct",
            str(title),
            _("同一名党员不能重复担任。"),
            rules.source,
            field=f"{role}s",
        )
    if not low <= len(ids) <= high:
        count = (
            _("%(n)d名") % {"n": low}
            if low == high
            else _("%(low)d至%(high)d名") % {"low": low, "high": high}
        )
        raise refuse(
            f"admission.{role}_count",
            str(title),
            _("应由%(count)s正式党员担任，现选了%(n)d名。") % {"count": count, "n": len(ids)},
            rules.source,
            field=f"{role}s",
        )
    for m in people:
        if m.status != MemberStatus.FULL:
            raise refuse(
                f"admission.{role}_full_member",
                str(title),
                _("%(name)s是“%(status)s”，只有正式党员才能担任。")
                % {"name": m.name, "status": m.get_status_display()},
                rules.source,
                field=f"{role}s",
            )
        if m.id_number_hash and m.id_number_hash == case.id_number_hash:
            raise refuse(
                f"admission.{role}_self",
                str(title),
                _("申请人本人不能担任。"),
                rules.source,
                field=f"{role}s",
            )


@transaction.atomic
def case_assign_mentors(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, mentors: Sequence[Member]
) -> AdmissionCase:
    """Step 5: one or two full members as mentors (培养联系人). Assigning again replaces them."""
    case = begin(actor, case, "assign_mentors", done_on)
    rules = rules_on(done_on)
    check_members(
        mentors,
        case=case,
        role=CaseRole.MENTOR,
        on=done_on,
        low=rules.mentors_min,
        high=rules.mentors_max,
    )
    CasePerson.objects.filter(case=case, role=CaseRole.MENTOR, ended_on__isnull=True).update(
        ended_on=done_on
    )
    CasePerson.objects.bulk_create(
        [
            CasePerson(case=case, member=m, role=CaseRole.MENTOR, assigned_on=done_on)
            for m in mentors
        ]
    )
    names = "、".join(m.name for m in mentors)
    finish(
        actor=actor,
        case=case,
        verb="assign_mentors",
        on=done_on,
        data={"mentors": [m.pk for m in mentors], "names": names},
        audit={"names": names},
    )
    return case


@transaction.atomic
def case_record_assessment(
    *, actor: Any, case: AdmissionCase, assessed_on: dt.date, assessor: str, content: str
) -> Assessment:
    """Steps 6 and 21: an assessment of an activist or a probationary member. One is due
    at least every half year; the next due date moves with each assessment."""
    case = begin(actor, case, "assess", assessed_on)
    assessor = required_text(assessor, field="assessor", label=_("考察人"))
    content = required_text(content, field="content", label=_("考察意见"))
    probation = case.state == CaseState.PROBATIONARY
    start = case.branch_meeting_on if probation else case.activist_on
    assert start is not None
    if assessed_on < start:
        raise refuse(
            "admission.date_order",
            _("培养教育考察"),
            _("考察日期不能早于%(what)s（%(date)s）。")
            % {
                "what": _("支部大会通过之日") if probation else _("确定为入党积极分子之日"),
                "date": cn(start),
            },
            rules_on(assessed_on).source,
            field="assessed_on",
        )
    phase = AssessmentPhase.PROBATION if probation else AssessmentPhase.ACTIVIST
    row = Assessment.objects.create(
        case=case,
        phase=phase,
        assessed_on=assessed_on,
        assessor=assessor,
        content=content,
        recorded_by=actor,
    )
    latest = max(
        Assessment.objects.filter(case=case, phase=phase).values_list("assessed_on", flat=True)
    )
    case.assessment_due_on = add_months(latest, rules_on(latest).assessment_every_months)
    step = 21 if probation else 6
    first = not case.is_done(step)
    if first or (case.done_on(step) or assessed_on) > assessed_on:
        mark_step(case, step, assessed_on)
    finish(
        actor=actor,
        case=case,
        verb="assess",
        on=assessed_on,
        audit={"assessor": assessor, "phase": phase.label},
    )
    return row


@transaction.atomic
def case_record_opinion(
    *, actor: Any, case: AdmissionCase, source: str, given_on: dt.date, summary: str
) -> Opinion:
    """The opinions heard before someone becomes a candidate: party group, mentors,
    members, masses."""
    case = begin(actor, case, "record_opinion", given_on)
    if source not in OpinionSource.values:
        raise RuleViolation(_("请选择意见来源。"), rule="admission.choice", field="source")
    summary = required_text(summary, field="summary", label=_("意见摘要"))
    row = Opinion.objects.create(
        case=case, source=source, given_on=given_on, summary=summary, recorded_by=actor
    )
    finish(
        actor=actor,
        case=case,
        verb="record_opinion",
        on=given_on,
        audit={"source": OpinionSource(source).label},
    )
    return row


@transaction.atomic
def case_close(*, actor: Any, case: AdmissionCase, done_on: dt.date, reason: str) -> AdmissionCase:
    """End a case before the branch general meeting (the applicant withdraws, is not
    recommended, fails the political review ...). After the meeting the committee decides."""
    case = begin(actor, case, "close", done_on)
    reason = required_text(reason, field="reason", label=_("终止原因"))
    problems = close_guards(case, done_on)
    if problems:
        raise problems[0]
    old = case.state
    case.state = CaseState.CLOSED
    case.ended_on = done_on
    case.end_reason = reason
    case.assessment_due_on = None
    finish(
        actor=actor,
        case=case,
        verb="close",
        on=done_on,
        changes={"state": [old, CaseState.CLOSED]},
        audit={"reason": reason},
    )
    return case
