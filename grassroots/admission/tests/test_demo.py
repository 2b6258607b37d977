"""The admission demo: the article's 2014 figures, cases at every stage, one source of truth."""

from __future__ import annotations

import pytest
from django.db.models import Count

from grassroots.admission.models import AdmissionCase, CaseState
from grassroots.admission.selectors import OVERDUE_KINDS, overdue_q
from grassroots.core.models import LogEntry
from grassroots.demo.registry import DemoContext, all_steps
from grassroots.members.models import Member, MemberStatus
from grassroots.members.rules import add_years
from grassroots.orgs.models import Organization
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db


def test_demo_admission_step() -> None:
    ctx = DemoContext()
    for s in all_steps():
        if s.order < 40:
            s.fn(ctx)
    joined_2013 = dict(
        Member.objects.filter(joined_on__year=2013).values_list("pk", "full_member_on")
    )
    registered = Member.objects.count()
    for s in all_steps():
        if s.order == 40:
            s.fn(ctx)
    root = Organization.objects.get(code="421224")
    y2014 = Period.year(2014)
    assert compute("admission.new_members", root, y2014) == 139
    assert compute("admission.new_members_female", root, y2014) == 42
    assert compute("admission.new_members_under35", root, y2014) == 98
    assert compute("admission.new_members_female_rate", root, y2014) == 30.2
    assert compute("admission.new_members_under35_rate", root, y2014) == 70.5
    assert compute("admission.new_members_frontline_rate", root, y2014) == 100.0
    # Complete histories: full members, archived, in the registry with matching dates.
    cohort = AdmissionCase.objects.filter(branch_meeting_on__year=2014).select_related("member")
    assert cohort.count() == 139
    for case in cohort:
        assert case.state == CaseState.FULL and case.archived_on and case.step == 25
        assert case.steps.count() == 25
        assert case.documents.count() == 5
        member = case.member
        assert member.status == MemberStatus.FULL
        assert (member.joined_on, member.full_member_on) == (case.branch_meeting_on, case.full_on)
    # ... and the four public notices of the 1443 method, each over before its step.
    from django.contrib.contenttypes.models import ContentType

    from grassroots.notices.models import Notice

    notices = Notice.objects.filter(
        subject_type=ContentType.objects.get_for_model(AdmissionCase),
        subject_id__in=[str(pk) for pk in cohort.values_list("pk", flat=True)],
    )
    assert notices.count() == 4 * 139
    assert set(notices.values_list("purpose", flat=True)) == {
        "admission.activist",
        "admission.candidate",
        "admission.probationary",
        "admission.full",
    }
    for notice in notices.filter(purpose="admission.probationary").select_related():
        case = next(c for c in cohort if str(c.pk) == notice.subject_id)
        assert notice.starts_on < notice.ends_on < case.branch_meeting_on
    # Cases in progress at every stage, some overdue of every kind.
    stages = set(
        AdmissionCase.objects.filter(
            state__in=["applicant", "activist", "candidate", "probationary"]
        )
        .values_list("stage", flat=True)
        .distinct()
    )
    assert stages == {1, 2, 3, 4, 5}
    from django.utils import timezone

    today = timezone.localdate()
    for kind in OVERDUE_KINDS:
        assert AdmissionCase.objects.filter(overdue_q(kind, today)).exists(), kind
    # Open notices, one with an objection waiting for an answer.
    from grassroots.notices.models import Notice, Objection

    open_notices = Notice.objects.filter(purpose__startswith="admission.", ends_on__gte=today)
    assert open_notices.count() >= 3
    assert Objection.objects.filter(notice__in=open_notices, status="open").count() == 1
    # Probationary members in progress are in the registry too.
    probationary = AdmissionCase.objects.filter(state=CaseState.PROBATIONARY)
    assert all(c.member.status == MemberStatus.PROBATIONARY for c in probationary)
    admitted_2015_2016 = AdmissionCase.objects.filter(branch_meeting_on__year__in=[2015, 2016])
    admitted_2013 = AdmissionCase.objects.filter(branch_meeting_on__year=2013)
    assert Member.objects.filter(admission_cases__isnull=False).count() == (
        admitted_2013.count() + 139 + admitted_2015_2016.count() + probationary.count()
    )
    # The members admitted in 2013 were in the registry already: their cases are theirs
    # (no second record), and their conversions are the 2014 figure.
    linked = sorted(admitted_2013.values_list("member_id", flat=True))
    assert joined_2013 and linked == sorted(joined_2013)
    for case in admitted_2013:
        assert case.state == CaseState.FULL and case.steps.count() == 25
        assert case.full_on == joined_2013[case.member_id]
        # What they did when they applied, not what the registry says now.
        retired_then = add_years(case.birth_date, 60) <= case.applied_on
        assert case.occupation != "retired" or retired_then, case.name
    assert compute("admission.new_full_members", root, y2014) == len(joined_2013)
    new_people = AdmissionCase.objects.filter(member__isnull=False).exclude(
        branch_meeting_on__year=2013
    )
    assert Member.objects.count() == registered + new_people.count()
    # The pipeline on 31 December 2014, as the 2014 dashboard shows it: every stage held,
    # more activists (a year of training) than applicants or candidates.
    pipeline = {
        key: compute(f"admission.{key}", root, y2014)
        for key in ("applicants", "activists", "candidates")
    }
    assert all(n > 0 for n in pipeline.values()), pipeline
    assert pipeline["activists"] > max(pipeline["applicants"], pipeline["candidates"])
    # ... whose histories run on: admitted in 2015-2016, full members since.
    for case in admitted_2015_2016.select_related("member"):
        assert case.state == CaseState.FULL and case.steps.count() == 25
        assert case.member.joined_on == case.branch_meeting_on
    # No audit entry per row.
    assert not LogEntry.objects.filter(action_type__startswith="admission.").exists()
    by_state = dict(AdmissionCase.objects.values_list("state").annotate(n=Count("id")))
    assert by_state[CaseState.CLOSED] >= 1
