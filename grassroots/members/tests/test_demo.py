"""The demo reproduces the article's figures for the member indicators."""

from __future__ import annotations

import pytest

from grassroots.accounts.models import User
from grassroots.demo.registry import DemoContext, all_steps
from grassroots.members.models import Member
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
