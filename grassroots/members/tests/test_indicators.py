from __future__ import annotations

import datetime as dt

import pytest

from grassroots.core.testing import factories
from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import Organization, OrgKind, Sector
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db


def test_mobile_indicators_count_records_in_scope_and_period(world):
    root = Organization.objects.get(pk=world.root.pk)
    tb = TreeBuilder()
    general = tb.add(
        root,
        name="广州商会党总支",
        code="GZ",
        kind=OrgKind.GENERAL_BRANCH,
        sector=Sector.REMOTE_CHAMBER,
        founded_on=dt.date(2010, 1, 1),
    )
    b1 = tb.add(
        general,
        name="广州商会一支部",
        code="GZ1",
        kind=OrgKind.BRANCH,
        sector=Sector.REMOTE_CHAMBER,
        founded_on=dt.date(2010, 1, 1),
    )
    tb.add(
        general,
        name="广州商会二支部",
        code="GZ2",
        kind=OrgKind.BRANCH,
        sector=Sector.REMOTE_CHAMBER,
        founded_on=dt.date(2015, 1, 1),
    )
    tb.save()
    factories.member(
        organization=world.orgs["a1"],
        name="外出甲",
        managing_organization=b1,
        mobile_since=dt.date(2013, 1, 1),
    )
    factories.member(
        organization=world.orgs["a1"],
        name="外出乙",
        managing_organization=b1,
        mobile_since=dt.date(2015, 1, 1),
    )
    factories.member(
        organization=world.orgs["a1"], name="外出丙", managing_organization=b1, status="deceased"
    )
    factories.member(
        organization=world.orgs["a1"], name="本地管理", managing_organization=world.orgs["a2"]
    )
    y2014 = Period.year(2014)
    assert compute("mobile.remote_general_branches", root, y2014) == 1
    assert compute("mobile.remote_branches", root, y2014) == 1  # the second founded in 2015
    assert compute("mobile.members_managed", root, y2014) == 1
    assert compute("mobile.members_managed", root, Period.year(2015)) == 2
    assert compute("mobile.members_managed", world.orgs["a"], y2014) == 0


def test_mobile_members_managed_is_counted_as_of_the_period_end(world):
    """Who was a managed mobile member at the end of 2014, not who is one today."""
    root = Organization.objects.get(pk=world.root.pk)
    tb = TreeBuilder()
    chamber = tb.add(
        root,
        name="深圳商会支部",
        code="SZ1",
        kind=OrgKind.BRANCH,
        sector=Sector.REMOTE_CHAMBER,
        founded_on=dt.date(2010, 1, 1),
    )
    tb.save()
    common = {"organization": world.orgs["a1"], "managing_organization": chamber}
    factories.member(name="一直在外", mobile_since=dt.date(2012, 3, 1), **common)
    # Died in 2015: still one of the members managed at the end of 2014.
    factories.member(
        name="后来去世",
        mobile_since=dt.date(2012, 3, 1),
        status="deceased",
        status_changed_on=dt.date(2015, 4, 1),
        **common,
    )
    # Died in 2014: no longer managed at the end of 2014.
    factories.member(
        name="期内去世",
        mobile_since=dt.date(2012, 3, 1),
        status="deceased",
        status_changed_on=dt.date(2014, 6, 1),
        **common,
    )
    # Joined the party in 2015: not yet a member at the end of 2014.
    factories.member(
        name="后来入党",
        joined_on=dt.date(2015, 2, 1),
        full_member_on=None,
        status="probationary",
        birth=dt.date(1990, 1, 1),
        **common,
    )
    assert compute("mobile.members_managed", root, Period.year(2014)) == 2
    assert compute("mobile.members_managed", root, Period.year(2015)) == 2  # 一直在外, 后来入党
