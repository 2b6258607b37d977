"""The demo reproduces the article's figures for the member indicators."""

from __future__ import annotations

import pytest

from grassroots.accounts.models import User
from grassroots.demo.registry import DemoContext, all_steps
from grassroots.members.demo import MOVEMENTS
from grassroots.members.models import (
    Member,
    MembershipPeriod,
    MemberStatus,
    StatusChange,
    Transfer,
    TransferKind,
)
from grassroots.orgs.models import Organization
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db


def test_demo_members_step():
    ctx = DemoContext()
    for s in all_steps():
        if s.order <= 30:
            s.fn(ctx)
    root = Organization.objects.get(code="421224")
    y2014 = Period.year(2014)
    assert compute("mobile.remote_general_branches", root, y2014) == 6
    assert compute("mobile.remote_branches", root, y2014) == 20
    assert compute("mobile.members_managed", root, y2014) == 1127
    assert 15000 <= Member.objects.count() <= 17000
    user = User.objects.get(username="member")
    assert user.member.organization.code == "42122410000102"
    assert (
        Organization.objects.filter(
            kind="branch", secretary__isnull=True, members__isnull=False
        ).count()
        == 0
    )
    assert Member.objects.exclude(service_community=None).count() > 1000


def _run_steps(up_to: int) -> Organization:
    ctx = DemoContext()
    for s in all_steps():
        if s.order <= up_to:
            s.fn(ctx)
    return Organization.objects.get(code="421224")


def test_demo_registry_movements_2012_2014():
    """Members reduced and transfers have records in every year, each with its history."""
    root = _run_steps(30)
    for year, (deceased, stopped, removed, out, within) in MOVEMENTS.items():
        period = Period.year(year)
        assert compute("members.left", root, period) == deceased + stopped + removed + out
        changed = Member.objects.filter(status_changed_on__year=year)
        assert changed.filter(status=MemberStatus.DECEASED).count() == deceased
        assert changed.filter(status=MemberStatus.STOPPED).count() == stopped
        assert changed.filter(status=MemberStatus.REMOVED).count() == removed
        assert changed.filter(status=MemberStatus.TRANSFERRED_OUT).count() == out
        outs = Transfer.objects.filter(kind=TransferKind.OUT, transfer_on__year=year)
        assert outs.filter(status="completed").exclude(letter_number="").count() == out
        assert (
            Transfer.objects.filter(
                kind=TransferKind.WITHIN, status="completed", transfer_on__year=year
            ).count()
            == within
        )
    leavers = Member.objects.exclude(status__in=[MemberStatus.FULL, MemberStatus.PROBATIONARY])
    # Every leaver has the status change and no open organization period.
    assert StatusChange.objects.filter(member__in=leavers).count() == leavers.count()
    assert not MembershipPeriod.objects.filter(member__in=leavers, ended_on=None).exists()
    # Every member moved within the county: two periods, the current one in the new branch.
    for t in Transfer.objects.filter(kind=TransferKind.WITHIN).select_related("member")[:20]:
        periods = list(MembershipPeriod.objects.filter(member=t.member).order_by("started_on"))
        assert [p.organization_id for p in periods] == [
            t.from_organization_id,
            t.to_organization_id,
        ]
        assert periods[0].ended_on == periods[1].started_on
        assert t.member.organization_id == t.to_organization_id
    # The article's figure still holds: leavers are never the mobile members.
    assert compute("mobile.members_managed", root, Period.year(2014)) == 1127


def test_demo_new_members_2014_are_the_admission_cohort():
    """The registry's new members of 2014 are exactly the admission cases accepted as
    probationary members in 2014 (the 139 the 30.2% / 70.5% shares are of)."""
    from grassroots.admission.models import AdmissionCase

    root = _run_steps(30)
    assert compute("members.new", root, Period.year(2014)) == 0  # no intake of its own
    root = _run_steps_after(30, 40)
    admitted_2014 = AdmissionCase.objects.filter(
        branch_meeting_on__year=2014, approved_on__isnull=False
    ).count()
    assert admitted_2014 == 139
    assert compute("members.new", root, Period.year(2014)) == admitted_2014


def _run_steps_after(after: int, up_to: int) -> Organization:
    ctx = DemoContext()
    for s in all_steps():
        if after < s.order <= up_to:
            s.fn(ctx)
    return Organization.objects.get(code="421224")
