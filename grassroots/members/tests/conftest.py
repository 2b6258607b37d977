from __future__ import annotations

import datetime as dt

import pytest

from grassroots.core.testing.factories import id_number
from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import OrgKind, Sector


@pytest.fixture
def member_data():
    """Valid form data for a new member (a new ID number each call)."""
    counter = iter(range(100, 499))

    def make(**overrides):
        birth = overrides.pop("birth_date", dt.date(1985, 3, 12))
        female = overrides.get("sex") == "female"
        d = {
            "name": "王小明",
            "sex": "male",
            "birth_date": birth,
            "id_number": id_number(birth, female=female, serial=next(counter)),
            "joined_on": dt.date(2010, 7, 1),
            "full_member_on": dt.date(2011, 7, 1),
            "mobile": "13907151234",
            "education": "bachelor",
            "occupation": "worker",
            "is_frontline": True,
        }
        d.update(overrides)
        return d

    return make


@pytest.fixture
def extra_orgs(world):
    """A second branch in 甲镇 (A), a remote-chamber branch and a community (under root)."""
    tb = TreeBuilder()
    from grassroots.orgs.models import Organization

    a = Organization.objects.get(pk=world.orgs["a"].pk)
    root = Organization.objects.get(pk=world.root.pk)
    a3 = tb.add(a, name="甲三村党支部", code="TA3", kind=OrgKind.BRANCH, sector=Sector.VILLAGE)
    chamber = tb.add(
        root,
        name="广州通山商会党支部",
        code="TGZ1",
        kind=OrgKind.BRANCH,
        sector=Sector.REMOTE_CHAMBER,
    )
    community = tb.add(
        a, name="甲镇社区党支部", code="TAC", kind=OrgKind.BRANCH, sector=Sector.COMMUNITY
    )
    tb.save()
    return {"a3": a3, "chamber": chamber, "community": community}
