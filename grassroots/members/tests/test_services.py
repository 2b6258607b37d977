"""Services: permissions, rules at their boundaries, history and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from grassroots.core import crypto
from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.core.testing import factories
from grassroots.members import services
from grassroots.members.models import (
    Member,
    MembershipPeriod,
    MemberStatus,
    MobileContact,
    StatusChange,
    Transfer,
    TransferStatus,
)

pytestmark = pytest.mark.django_db


def entries(action):
    return LogEntry.objects.filter(action_type=action).count()


def test_create_member_stores_id_encrypted_and_opens_period(world, member_data):
    d = member_data()
    m = services.member_create(
        actor=world.users["branch_secretary"], organization=world.orgs["a1"], **d
    )
    assert m.id_number_masked == d["id_number"][:6] + "********" + d["id_number"][-4:]
    assert d["id_number"] not in m.id_number_encrypted
    assert crypto.decrypt(m.id_number_encrypted) == d["id_number"]
    assert m.id_number_hash == crypto.lookup_hash(d["id_number"])
    assert (m.name_pinyin, m.name_initials) == ("wangxiaoming", "wxm")
    period = MembershipPeriod.objects.get(member=m)
    assert (period.organization_id, period.started_on, period.ended_on) == (
        world.orgs["a1"].pk,
        d["joined_on"],
        None,
    )
    assert entries("members.member.created") == 1
    entry = LogEntry.objects.get(action_type="members.member.created")
    assert d["id_number"] not in str(entry.data)


def test_create_refuses_outside_scope_and_non_branch(world, member_data):
    with pytest.raises(PermissionDenied):
        services.member_create(
            actor=world.users["branch_secretary"], organization=world.orgs["a2"], **member_data()
        )
    with pytest.raises(RuleViolation) as exc:
        services.member_create(
            actor=world.users["township"], organization=world.orgs["a"], **member_data()
        )
    assert exc.value.rule == "members.org_branch"


def test_duplicate_id_number_refused_without_leaking(world, member_data):
    d = member_data()
    services.member_create(actor=world.users["county"], organization=world.orgs["b1"], **d)
    with pytest.raises(RuleViolation) as exc:
        services.member_create(
            actor=world.users["branch_secretary"],
            organization=world.orgs["a1"],
            **{**d, "name": "另一人"},
        )
    assert exc.value.rule == "members.id_unique"
    assert "乙镇" not in exc.value.message


def test_update_rechecks_rules_and_audits_masked(world):
    m = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        services.member_update(actor=world.users["branch_organizer"], member=m, mobile="123")
    assert exc.value.rule == "members.mobile_format"
    services.member_update(
        actor=world.users["branch_organizer"], member=m, mobile="13800001111", name="甲一村张三丰"
    )
    m.refresh_from_db()
    assert (m.mobile, m.name_initials) == ("13800001111", "jyczsf")
    entry = LogEntry.objects.get(action_type="members.member.updated")
    assert set(entry.data["changes"]) == {"mobile", "name"}


def test_update_id_number_change_is_masked_in_log(world):
    m = world.members["a1"]
    new = factories.id_number(m.birth_date, serial=321)
    services.member_update(actor=world.users["county"], member=m, id_number=new)
    m.refresh_from_db()
    assert m.id_number_hash == crypto.lookup_hash(new)
    entry = LogEntry.objects.get(action_type="members.member.updated")
    assert entry.data["changes"]["id_number"] == ["******", "******"]


def probationary(world, joined):
    return factories.member(
        organization=world.orgs["a1"],
        name="甲一村预备",
        status=MemberStatus.PROBATIONARY,
        joined_on=joined,
        full_member_on=None,
    )


def test_probationary_to_full_at_one_year(world):
    m = probationary(world, dt.date(2013, 7, 1))
    with pytest.raises(RuleViolation) as exc:
        services.member_change_status(
            actor=world.users["township"],
            member=m,
            new_status="full",
            changed_on=dt.date(2014, 6, 30),
            reason="支部大会决议",
        )
    assert exc.value.rule == "members.probation_year"
    services.member_change_status(
        actor=world.users["township"],
        member=m,
        new_status="full",
        changed_on=dt.date(2014, 7, 1),
        reason="支部大会决议",
    )
    m.refresh_from_db()
    assert (m.status, m.full_member_on) == ("full", dt.date(2014, 7, 1))
    change = StatusChange.objects.get(member=m)
    assert (change.old_status, change.new_status) == ("probationary", "full")


def test_branch_cannot_decide_what_needs_a_committee(world):
    m = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        services.member_change_status(
            actor=world.users["branch_secretary"],
            member=m,
            new_status="stopped",
            changed_on=dt.date(2014, 5, 1),
            reason="决定",
        )
    assert exc.value.rule == "members.status_needs_committee"
    services.member_change_status(
        actor=world.users["branch_secretary"],
        member=m,
        new_status="deceased",
        changed_on=dt.date(2014, 5, 1),
        reason="病故",
    )
    m.refresh_from_db()
    assert m.status == "deceased"
    assert MembershipPeriod.objects.get(member=m).ended_on == dt.date(2014, 5, 1)
    assert Member.objects.filter(pk=m.pk).exists()  # never deleted


def test_status_transition_table_and_reason(world):
    m = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        services.member_change_status(
            actor=world.users["county"],
            member=m,
            new_status="transferred_out",
            changed_on=dt.date(2014, 5, 1),
            reason="x",
        )
    assert exc.value.rule == "members.status_transition"
    with pytest.raises(RuleViolation) as exc:
        services.member_change_status(
            actor=world.users["county"],
            member=m,
            new_status="stopped",
            changed_on=dt.date(2014, 5, 1),
            reason=" ",
        )
    assert exc.value.rule == "members.status_reason"
    services.member_change_status(
        actor=world.users["county"],
        member=m,
        new_status="stopped",
        changed_on=dt.date(2014, 5, 1),
        reason="县委组织部批复",
    )
    services.member_change_status(
        actor=world.users["county"],
        member=m,
        new_status="full",
        changed_on=dt.date(2014, 9, 1),
        reason="恢复党籍",
    )
    m.refresh_from_db()
    assert m.status == "full"
    assert entries("members.member.status_changed") == 2


def test_reveal_is_audited_and_limited(world):
    m = world.members["a1"]
    with pytest.raises(PermissionDenied):
        services.member_reveal_id_number(actor=world.users["branch_secretary"], member=m)
    number = services.member_reveal_id_number(actor=world.users["township"], member=m)
    assert len(number) == 18 and crypto.lookup_hash(number) == m.id_number_hash
    assert entries("core.personal_data.revealed") == 1


def test_transfer_within_county_steps(world, extra_orgs):
    m = world.members["a1"]
    a3 = extra_orgs["a3"]
    t = services.transfer_send(
        actor=world.users["branch_secretary"],
        member=m,
        kind="within",
        to_organization=a3,
        transfer_on=dt.date(2014, 3, 1),
        dues_paid_until=dt.date(2014, 2, 15),
    )
    assert t.dues_paid_until == dt.date(2014, 2, 1)
    with pytest.raises(RuleViolation):  # one pending transfer at a time
        services.transfer_send(
            actor=world.users["branch_secretary"],
            member=m,
            kind="within",
            to_organization=a3,
            transfer_on=dt.date(2014, 3, 1),
        )
    with pytest.raises(RuleViolation) as exc:  # a branch is not a committee
        services.transfer_approve_out(actor=world.users["branch_secretary"], transfer=t)
    assert exc.value.rule == "members.transfer_committee"
    with pytest.raises(RuleViolation) as exc:  # steps in order
        services.transfer_approve_in(actor=world.users["township"], transfer=t)
    assert exc.value.rule == "members.transfer_step"
    services.transfer_approve_out(actor=world.users["township"], transfer=t)
    services.transfer_approve_in(actor=world.users["township"], transfer=t)
    m.refresh_from_db()
    assert m.organization_id == world.orgs["a1"].pk  # the sending branch keeps them until received
    with pytest.raises(RuleViolation) as exc:
        services.transfer_receive(
            actor=world.users["township"], transfer=t, received_on=dt.date(2014, 2, 28)
        )
    assert exc.value.rule == "members.dates_order"
    services.transfer_receive(
        actor=world.users["township"], transfer=t, received_on=dt.date(2014, 3, 5)
    )
    m.refresh_from_db()
    t.refresh_from_db()
    assert (m.organization_id, t.status) == (a3.pk, TransferStatus.COMPLETED)
    periods = list(MembershipPeriod.objects.filter(member=m).order_by("started_on"))
    assert [(p.organization_id, p.ended_on) for p in periods] == [
        (world.orgs["a1"].pk, dt.date(2014, 3, 5)),
        (a3.pk, None),
    ]
    assert [
        e.action_type
        for e in LogEntry.objects.filter(action_type__startswith="members.transfer").order_by("id")
    ] == [
        "members.transfer.sent",
        "members.transfer.out_approved",
        "members.transfer.in_approved",
        "members.transfer.received",
    ]


def test_status_change_refused_while_transfer_pending(world, extra_orgs):
    m = world.members["a1"]
    services.transfer_send(
        actor=world.users["branch_secretary"],
        member=m,
        kind="within",
        to_organization=extra_orgs["a3"],
        transfer_on=dt.date(2014, 3, 1),
    )
    with pytest.raises(RuleViolation) as exc:
        services.member_change_status(
            actor=world.users["county"],
            member=m,
            new_status="deceased",
            changed_on=dt.date(2014, 4, 1),
            reason="病故",
        )
    assert exc.value.rule == "members.transfer_pending"


def test_transfer_out_of_county(world):
    m = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        services.transfer_send(
            actor=world.users["branch_secretary"],
            member=m,
            kind="out",
            external_place="武汉市某党支部",
            transfer_on=dt.date(2014, 3, 1),
        )
    assert exc.value.rule == "members.transfer_letter"
    t = services.transfer_send(
        actor=world.users["branch_secretary"],
        member=m,
        kind="out",
        external_place="武汉市某党支部",
        letter_number="通组转〔2014〕12号",
        transfer_on=dt.date(2014, 3, 1),
        dues_paid_until=dt.date(2014, 3, 1),
    )
    m.refresh_from_db()
    assert m.status == "full"
    services.transfer_approve_out(actor=world.users["county"], transfer=t)
    m.refresh_from_db()
    t.refresh_from_db()
    assert (m.status, t.status) == ("transferred_out", "completed")
    assert not MembershipPeriod.objects.filter(member=m, ended_on__isnull=True).exists()


def test_transfer_in_new_and_returning(world, member_data):
    d = member_data()
    t = services.transfer_in(
        actor=world.users["branch_secretary"],
        organization=world.orgs["a1"],
        external_place="咸宁市某党支部",
        letter_number="咸组〔2014〕3号",
        transfer_on=dt.date(2014, 4, 1),
        dues_paid_until=dt.date(2014, 3, 1),
        **d,
    )
    m = t.member
    assert (m.organization_id, m.status, t.status) == (world.orgs["a1"].pk, "full", "completed")
    out = services.transfer_send(
        actor=world.users["branch_secretary"],
        member=m,
        kind="out",
        external_place="外地",
        letter_number="1",
        transfer_on=dt.date(2014, 5, 1),
    )
    services.transfer_approve_out(actor=world.users["township"], transfer=out)
    back = services.transfer_in(
        actor=world.users["branch_secretary"],
        organization=world.orgs["a1"],
        external_place="外地",
        letter_number="2",
        transfer_on=dt.date(2014, 8, 1),
        **d,
    )
    assert back.member_id == m.pk  # the same record comes back
    assert Member.objects.filter(id_number_hash=m.id_number_hash).count() == 1
    assert MembershipPeriod.objects.filter(member=m, ended_on__isnull=True).count() == 1


def test_transfer_cancel_needs_reason(world, transfer_sent):
    t = transfer_sent
    with pytest.raises(RuleViolation):
        services.transfer_cancel(actor=world.users["branch_secretary"], transfer=t, reason="")
    services.transfer_cancel(actor=world.users["branch_secretary"], transfer=t, reason="填错了")
    t.refresh_from_db()
    assert t.status == "cancelled"
    assert not Transfer.objects.filter(status="sent").exists()


def test_mobile_member_dual_management_and_contacts(world, extra_orgs):
    m = world.members["a1"]
    chamber = extra_orgs["chamber"]
    services.member_set_mobile(
        actor=world.users["branch_secretary"],
        member=m,
        managing_organization=chamber,
        destination="广东省广州市",
        since=dt.date(2012, 3, 1),
    )
    m.refresh_from_db()
    assert m.is_mobile
    with pytest.raises(RuleViolation) as exc:
        services.contact_record(
            actor=world.users["branch_secretary"],
            member=m,
            contacted_on=dt.date(2012, 2, 28),
            channel="phone",
            content="问候",
            contacted_by="书记",
        )
    assert exc.value.rule == "members.dates_order"
    services.contact_record(
        actor=world.users["branch_secretary"],
        member=m,
        contacted_on=dt.date(2014, 2, 28),
        channel="wechat",
        content="问候",
        contacted_by="书记",
    )
    assert MobileContact.objects.filter(member=m).count() == 1
    services.member_end_mobile(
        actor=world.users["branch_secretary"], member=m, ended_on=dt.date(2014, 10, 1)
    )
    m.refresh_from_db()
    assert not m.is_mobile
    with pytest.raises(RuleViolation) as exc:
        services.contact_record(
            actor=world.users["branch_secretary"],
            member=m,
            contacted_on=dt.date(2014, 10, 2),
            channel="phone",
            content="问候",
            contacted_by="书记",
        )
    assert exc.value.rule == "members.not_mobile"


def test_managing_side_may_log_contacts(world):
    home = factories.member(
        organization=world.orgs["b1"],
        name="乙镇外出",
        managing_organization=world.orgs["a1"],
        mobile_since=dt.date(2013, 1, 1),
    )
    services.contact_record(
        actor=world.users["branch_organizer"],
        member=home,
        contacted_on=dt.date(2014, 1, 5),
        channel="sms",
        content="通知",
        contacted_by="组织委员",
    )
    with pytest.raises(PermissionDenied):  # but not change their record
        services.member_update(
            actor=world.users["branch_organizer"], member=home, mobile="13900000000"
        )


def test_community_registration(world, extra_orgs):
    m = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        services.community_register(
            actor=world.users["branch_secretary"],
            member=m,
            community=extra_orgs["a3"],
            registered_on=dt.date(2014, 3, 1),
        )
    assert exc.value.rule == "members.community_sector"
    services.community_register(
        actor=world.users["branch_secretary"],
        member=m,
        community=extra_orgs["community"],
        registered_on=dt.date(2014, 3, 1),
        note="环境卫生",
    )
    m.refresh_from_db()
    assert m.service_community_id == extra_orgs["community"].pk
    assert m.organization_id == world.orgs["a1"].pk  # not a membership
    services.community_unregister(
        actor=world.users["branch_secretary"], member=m, ended_on=dt.date(2014, 9, 1)
    )
    m.refresh_from_db()
    assert m.service_community_id is None


def test_receive_without_a_date_is_refused_and_changes_nothing(
    world, extra_orgs, transfer_to_receive, assert_not_received
):
    with pytest.raises(RuleViolation) as exc:
        services.transfer_receive(
            actor=world.users["township"], transfer=transfer_to_receive, received_on=None
        )
    assert (exc.value.rule, exc.value.field) == ("members.received_on_required", "received_on")
    assert exc.value.message == "请填写接收日期（转入支部接收该党员的日期）。"
    assert_not_received(transfer_to_receive)
    # With the date the same transfer goes through: the refusal was the date's alone.
    services.transfer_receive(
        actor=world.users["township"], transfer=transfer_to_receive, received_on=dt.date(2014, 3, 5)
    )
    member = world.members["a1"]
    member.refresh_from_db()
    assert member.organization_id == extra_orgs["a3"].pk
