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


@pytest.fixture
def transfer_sent(world, extra_orgs):
    """甲一村张三's transfer to 甲三村, just sent by the branch secretary."""
    from grassroots.members import services

    return services.transfer_send(
        actor=world.users["branch_secretary"],
        member=world.members["a1"],
        kind="within",
        to_organization=extra_orgs["a3"],
        transfer_on=dt.date(2014, 3, 1),
    )


@pytest.fixture
def transfer_to_receive(world, transfer_sent):
    """甲一村张三's transfer to 甲三村, confirmed by both committees: waiting for the
    receiving branch (the member is still in 甲一村)."""
    from grassroots.members import services

    township = world.users["township"]
    transfer = transfer_sent
    services.transfer_approve_out(actor=township, transfer=transfer)
    return services.transfer_approve_in(actor=township, transfer=transfer)


@pytest.fixture
def assert_not_received(world):
    """A check that a refused receive changed nothing: the member is still in the sending
    branch, no membership period was closed or opened, the transfer still waits for the
    receiving branch, and no receive was audited."""
    from grassroots.core.models import LogEntry
    from grassroots.members.models import MembershipPeriod, TransferStatus

    member = world.members["a1"]
    periods_before = list(MembershipPeriod.objects.filter(member=member).values())

    def check(transfer):
        member.refresh_from_db()
        transfer.refresh_from_db()
        assert member.organization_id == world.orgs["a1"].pk
        assert list(MembershipPeriod.objects.filter(member=member).values()) == periods_before
        assert transfer.status == TransferStatus.IN_APPROVED
        assert (transfer.completed_by_id, transfer.completed_at) == (None, None)
        assert not LogEntry.objects.filter(action_type="members.transfer.received").exists()

    return check
