"""Every change to the member registry: permission-checked, one transaction, one audit entry.

Who may do what (permissions in ``permissions.py``):

* the home branch's side (``members.manage`` on the member's organization) creates and
  edits records, records a death, sends transfers, sets a member mobile, registers an
  in-service member with a community;
* committees (``members.approve``) confirm status changes that need a decision
  (转正, 停止党籍, 除名/出党, 恢复党籍) and confirm transfers on their side;
* the managing organization of a mobile member (dual management, 双联双管) sees them and
  keeps their contact log, as the home branch does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import crypto, scoping
from grassroots.core.audit import diff, log_action, snapshot
from grassroots.core.errors import RuleViolation
from grassroots.core.pinyin import pinyin_keys
from grassroots.orgs.models import BRANCH_KINDS, Organization, OrgKind, Sector

from .models import (
    ACTIVE_STATUSES,
    CommunityRegistration,
    Member,
    MembershipPeriod,
    MemberStatus,
    MobileContact,
    StatusChange,
    Transfer,
    TransferKind,
    TransferStatus,
)
from .rules import EDITABLE_FIELDS, id_number_fields, member_problems, probation_ends, raise_first

# Status changes: (from, to) -> (permission needed, who decides). Anything else is refused.
STATUS_TRANSITIONS: dict[tuple[str, str], str] = {
    (MemberStatus.PROBATIONARY, MemberStatus.FULL): "members.approve",  # 预备党员转正
    (MemberStatus.PROBATIONARY, MemberStatus.REMOVED): "members.approve",  # 取消预备党员资格
    (MemberStatus.FULL, MemberStatus.STOPPED): "members.approve",  # 停止党籍
    (MemberStatus.FULL, MemberStatus.REMOVED): "members.approve",  # 除名/开除党籍
    (MemberStatus.STOPPED, MemberStatus.FULL): "members.approve",  # 恢复党籍
    (MemberStatus.STOPPED, MemberStatus.REMOVED): "members.approve",
    (MemberStatus.PROBATIONARY, MemberStatus.DECEASED): "members.manage",
    (MemberStatus.FULL, MemberStatus.DECEASED): "members.manage",
    (MemberStatus.STOPPED, MemberStatus.DECEASED): "members.manage",
}
# Statuses after which the member no longer belongs to an organization of the county.
LEAVING_STATUSES = (MemberStatus.DECEASED, MemberStatus.REMOVED, MemberStatus.TRANSFERRED_OUT)


def _today() -> dt.date:
    return timezone.localdate()


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _require_home(actor: Any, permission: str, member: Member) -> None:
    scoping.require(actor, permission, member.organization)


def _require_either(actor: Any, permission: str, member: Member) -> None:
    """The home organization's side or, for a mobile member, the managing side."""
    if scoping.covers(actor, permission, member.organization):
        return
    managing = member.managing_organization
    if managing is not None and scoping.covers(actor, permission, managing):
        return
    scoping.require(actor, permission, member.organization)


def _check_branch(org: Organization, field: str = "organization") -> None:
    if org.kind not in BRANCH_KINDS:
        raise RuleViolation(
            _("党员应编入党支部：「%(name)s」是%(kind)s，不是党支部。")
            % {"name": org.name, "kind": OrgKind(org.kind).label},
            rule="members.org_branch",
            field=field,
        )
    if not org.is_active:
        raise RuleViolation(
            _("「%(name)s」已撤销，不能再编入党员。") % {"name": org.name},
            rule="members.org_dissolved",
            field=field,
        )


def _check_party_group(org: Organization, group: Organization | None) -> None:
    if group is None:
        return
    if group.kind != OrgKind.PARTY_GROUP or group.parent_path != org.path:
        raise RuleViolation(
            _("党小组「%(group)s」不属于「%(org)s」。") % {"group": group.name, "org": org.name},
            rule="members.party_group",
            field="party_group",
        )


def _check_id_free(number: str, *, actor: Any, exclude_pk: int | None = None) -> None:
    qs = Member.objects.filter(id_number_hash=crypto.lookup_hash(number)).select_related(
        "organization"
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    other = qs.first()
    if other is None:
        return
    if scoping.covers(actor, "members.view", other.organization):
        message = _("该身份证号已登记（%(name)s，%(org)s），不能重复登记。") % {
            "name": other.name,
            "org": other.organization.name,
        }
    else:
        message = _("该身份证号已在本县党员信息库中登记（在其他党组织），不能重复登记。")
    raise RuleViolation(message, rule="members.id_unique", field="id_number")


def _check_no_pending_transfer(member: Member) -> None:
    pending = Transfer.objects.filter(
        member=member,
        status__in=[TransferStatus.SENT, TransferStatus.OUT_APPROVED, TransferStatus.IN_APPROVED],
    ).exists()
    if pending:
        raise RuleViolation(
            _("%(name)s有未办结的组织关系转接，请先办结或撤回。") % {"name": member.name},
            rule="members.transfer_pending",
        )


def _check_active_member(member: Member) -> None:
    if member.status not in ACTIVE_STATUSES:
        raise RuleViolation(
            _("%(name)s的党籍状态是“%(status)s”，不能办理此项。")
            % {"name": member.name, "status": member.get_status_display()},
            rule="members.not_active",
        )


def _check_not_future(day: dt.date, field: str, label: str) -> None:
    if day > _today():
        raise RuleViolation(
            _("%(label)s不能晚于今天。") % {"label": label}, rule="members.date_future", field=field
        )


def _close_period(member: Member, day: dt.date) -> None:
    """End the current organization period (recording it first if the member came into
    the registry without one, e.g. from an older system)."""
    closed = MembershipPeriod.objects.filter(member=member, ended_on__isnull=True).update(
        ended_on=day
    )
    if not closed:
        start = min(member.joined_on or day, day)
        MembershipPeriod.objects.create(
            member=member,
            organization_id=member.organization_id,
            started_on=start,
            ended_on=day,
            reason=_("登记"),
        )


def _open_period(member: Member, org: Organization, day: dt.date, reason: str) -> None:
    MembershipPeriod.objects.create(member=member, organization=org, started_on=day, reason=reason)


def _member_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in EDITABLE_FIELDS and k != "id_number"}
    for key, value in list(values.items()):
        if isinstance(value, str):
            values[key] = value.strip()
    values["name_pinyin"], values["name_initials"] = pinyin_keys(values.get("name", ""))
    return values


@transaction.atomic
def member_create(
    *,
    actor: Any,
    organization: Organization,
    status: str = MemberStatus.FULL,
    reason: str = "",
    **data: Any,
) -> Member:
    """Register a member in a branch (probationary or full)."""
    scoping.require(actor, "members.manage", organization)
    _check_branch(organization)
    if status not in ACTIVE_STATUSES:
        raise RuleViolation(
            _("新登记的党员只能是预备党员或正式党员。"),
            rule="members.create_status",
            field="status",
        )
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not member fields: {sorted(unknown)}")
    raise_first(member_problems(data, today=_today(), status=status))
    _check_party_group(organization, data.get("party_group"))
    number = data["id_number"].strip().upper()
    _check_id_free(number, actor=actor)
    member = Member.objects.create(
        organization=organization,
        status=status,
        **_member_values(data),
        **id_number_fields(number),
    )
    _open_period(member, organization, member.joined_on or _today(), reason or _("登记"))
    log_action(
        actor=actor,
        action="members.member.created",
        obj=member,
        organization=organization,
        data={"status": member.get_status_display(), "org": organization.name},
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, **fields: Any) -> Member:
    """Correct or complete a member's record. ``id_number`` is given in clear."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_home(actor, "members.manage", member)
    current: dict[str, Any] = {f: getattr(member, f) for f in EDITABLE_FIELDS if f != "id_number"}
    current["id_number"] = crypto.decrypt(member.id_number_encrypted)
    merged = {**current, **fields}
    raise_first(member_problems(merged, today=_today(), status=member.status))
    _check_party_group(member.organization, merged.get("party_group"))
    new_number = str(merged["id_number"]).strip().upper()
    if new_number != current["id_number"]:
        _check_id_free(new_number, actor=actor, exclude_pk=member.pk)
    changes = diff(current, {**current, **{k: merged[k] for k in fields}})
    if "id_number" in changes:
        changes["id_number"] = ["******", "******"]
    if not changes:
        return member
    for key, value in _member_values(merged).items():
        setattr(member, key, value)
    if "id_number" in changes:
        for key, value in id_number_fields(new_number).items():
            setattr(member, key, value)
    member.save()
    log_action(actor=actor, action="members.member.updated", obj=member, changes=changes)
    return member


@transaction.atomic
def member_change_status(
    *, actor: Any, member: Member, new_status: str, changed_on: dt.date, reason: str
) -> Member:
    """Change a member's status (never a deletion). Transfers out go through transfers."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    permission = STATUS_TRANSITIONS.get((member.status, new_status))
    if permission is None:
        raise RuleViolation(
            _("党籍状态不能从“%(old)s”变为“%(new)s”。")
            % {
                "old": member.get_status_display(),
                "new": MemberStatus(new_status).label
                if new_status in MemberStatus.values
                else new_status,
            },
            rule="members.status_transition",
            field="new_status",
        )
    if not scoping.covers(actor, permission, member.organization):
        raise RuleViolation(
            _("“%(new)s”须由上级党委（乡镇党委或县委组织部）审批登记。")
            % {"new": MemberStatus(new_status).label},
            rule="members.status_needs_committee",
        )
    if not reason.strip():
        raise RuleViolation(
            _("请写明状态变更的原因或依据（如会议决定、批复文号）。"),
            rule="members.status_reason",
            field="reason",
        )
    _check_not_future(changed_on, "changed_on", _("变更日期"))
    _check_no_pending_transfer(member)
    if member.joined_on and changed_on < member.joined_on:
        raise RuleViolation(
            _("变更日期不能早于入党日期（%(date)s）。") % {"date": _cn(member.joined_on)},
            rule="members.dates_order",
            field="changed_on",
        )
    if new_status == MemberStatus.FULL and member.status == MemberStatus.PROBATIONARY:
        assert member.joined_on is not None
        ends = probation_ends(member.joined_on)
        if changed_on < ends:
            raise RuleViolation(
                _("预备期到%(date)s才满一年，转正日期不能早于预备期满之日。") % {"date": _cn(ends)},
                rule="members.probation_year",
                field="changed_on",
            )
        member.full_member_on = changed_on
    old = member.status
    member.status = new_status
    member.status_changed_on = changed_on
    if new_status in LEAVING_STATUSES:
        _close_period(member, changed_on)
        member.managing_organization = None
        member.service_community = None
        CommunityRegistration.objects.filter(member=member, ended_on__isnull=True).update(
            ended_on=changed_on
        )
    member.save()
    StatusChange.objects.create(
        member=member,
        old_status=old,
        new_status=new_status,
        changed_on=changed_on,
        reason=reason.strip(),
        recorded_by=actor,
    )
    log_action(
        actor=actor,
        action="members.member.status_changed",
        obj=member,
        changes={"status": [old, new_status]},
        data={
            "old": MemberStatus(old).label,
            "new": MemberStatus(new_status).label,
            "changed_on": changed_on,
            "reason": reason.strip(),
        },
    )
    return member


@transaction.atomic
def member_reveal_id_number(*, actor: Any, member: Member) -> str:
    """The full ID number, for roles that need it; every reveal is audited."""
    scoping.require(actor, "members.reveal_id", member.organization)
    log_action(
        actor=actor,
        action="core.personal_data.revealed",
        obj=member,
        organization=member.organization,
    )
    return crypto.decrypt(member.id_number_encrypted)


# --- transfers (组织关系转接) ------------------------------------------------------------


def _check_dues_month(dues_paid_until: dt.date | None) -> dt.date | None:
    if dues_paid_until is None:
        return None
    if dues_paid_until.replace(day=1) > _today().replace(day=1) + dt.timedelta(days=366):
        raise RuleViolation(
            _("党费交至月份不能超过一年以后。"),
            rule="members.dues_month",
            field="dues_paid_until",
        )
    return dues_paid_until.replace(day=1)


def _committee_of(org: Organization) -> str:
    return _("「%(name)s」的上级党委") % {"name": org.name}


@transaction.atomic
def transfer_send(
    *,
    actor: Any,
    member: Member,
    kind: str,
    transfer_on: dt.date,
    to_organization: Organization | None = None,
    external_place: str = "",
    letter_number: str = "",
    dues_paid_until: dt.date | None = None,
    reason: str = "",
) -> Transfer:
    """The sending branch starts a transfer, within the county or out of it. The member
    stays in the sending branch until the transfer is received (or confirmed out)."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_home(actor, "members.manage", member)
    _check_active_member(member)
    _check_no_pending_transfer(member)
    _check_not_future(transfer_on, "transfer_on", _("转接日期"))
    dues = _check_dues_month(dues_paid_until)
    if kind == TransferKind.WITHIN:
        if to_organization is None:
            raise RuleViolation(
                _("请选择转入的党支部。"), rule="members.transfer_target", field="to_organization"
            )
        _check_branch(to_organization, field="to_organization")
        if to_organization.pk == member.organization_id:
            raise RuleViolation(
                _("转入党支部与现在所在的党支部相同。"),
                rule="members.transfer_same_branch",
                field="to_organization",
            )
    elif kind == TransferKind.OUT:
        to_organization = None
        if not external_place.strip():
            raise RuleViolation(
                _("转出本县须写明转往的党组织。"),
                rule="members.transfer_destination",
                field="external_place",
            )
        if not letter_number.strip():
            raise RuleViolation(
                _("转出本县须填写介绍信编号。"),
                rule="members.transfer_letter",
                field="letter_number",
            )
    else:
        raise RuleViolation(
            _("转入本县请使用“县外转入”登记。"), rule="members.transfer_kind", field="kind"
        )
    transfer = Transfer.objects.create(
        member=member,
        kind=kind,
        from_organization=member.organization,
        to_organization=to_organization,
        external_place=external_place.strip(),
        letter_number=letter_number.strip(),
        dues_paid_until=dues,
        transfer_on=transfer_on,
        reason=reason.strip(),
        created_by=actor,
    )
    log_action(
        actor=actor,
        action="members.transfer.sent",
        obj=transfer,
        organization=member.organization,
        data={
            "member": member.name,
            "kind": transfer.get_kind_display(),
            "to": to_organization.name if to_organization else external_place.strip(),
        },
    )
    return transfer


def _locked_transfer(transfer: Transfer) -> Transfer:
    return (
        # of=self: the joined organizations may be NULL (out of / into the county), and
        # PostgreSQL cannot lock the nullable side of an outer join.
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_organization", "to_organization")
        .get(pk=transfer.pk)
    )


def _check_status(transfer: Transfer, expected: str) -> None:
    if transfer.status != expected:
        raise RuleViolation(
            _("这项转接现在的状态是“%(status)s”，不能办理这一步。")
            % {"status": transfer.get_status_display()},
            rule="members.transfer_step",
        )


def _require_committee(actor: Any, org: Organization) -> None:
    """Confirming needs ``members.approve`` on a level above the branch (its committee)."""
    if not scoping.covers_strictly(actor, "members.approve", org):
        raise RuleViolation(
            _("这一步须由%(committee)s审核。") % {"committee": _committee_of(org)},
            rule="members.transfer_committee",
        )


@transaction.atomic
def transfer_approve_out(*, actor: Any, transfer: Transfer) -> Transfer:
    """The sending side's committee confirms. Out of the county this completes it: the
    introduction letter is issued and the member is transferred out."""
    transfer = _locked_transfer(transfer)
    _check_status(transfer, TransferStatus.SENT)
    assert transfer.from_organization is not None
    _require_committee(actor, transfer.from_organization)
    now = timezone.now()
    transfer.out_approved_by, transfer.out_approved_at = actor, now
    if transfer.kind == TransferKind.OUT:
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        old = member.status
        member.status = MemberStatus.TRANSFERRED_OUT
        member.status_changed_on = transfer.transfer_on
        member.managing_organization = None
        member.service_community = None
        member.save()
        _close_period(member, transfer.transfer_on)
        CommunityRegistration.objects.filter(member=member, ended_on__isnull=True).update(
            ended_on=transfer.transfer_on
        )
        StatusChange.objects.create(
            member=member,
            old_status=old,
            new_status=MemberStatus.TRANSFERRED_OUT,
            changed_on=transfer.transfer_on,
            reason=_("转往%(place)s，介绍信%(no)s")
            % {"place": transfer.external_place, "no": transfer.letter_number},
            recorded_by=actor,
        )
        transfer.status = TransferStatus.COMPLETED
        transfer.completed_by, transfer.completed_at = actor, now
        action = "members.transfer.completed_out"
    else:
        transfer.status = TransferStatus.OUT_APPROVED
        action = "members.transfer.out_approved"
    transfer.save()
    log_action(
        actor=actor,
        action=action,
        obj=transfer,
        organization=transfer.from_organization,
        data={"member": transfer.member.name, "letter": transfer.letter_number or "—"},
    )
    return transfer


@transaction.atomic
def transfer_approve_in(*, actor: Any, transfer: Transfer) -> Transfer:
    """The receiving side's committee confirms a transfer within the county."""
    transfer = _locked_transfer(transfer)
    _check_status(transfer, TransferStatus.OUT_APPROVED)
    assert transfer.to_organization is not None
    _require_committee(actor, transfer.to_organization)
    _check_branch(transfer.to_organization, field="to_organization")
    transfer.status = TransferStatus.IN_APPROVED
    transfer.in_approved_by, transfer.in_approved_at = actor, timezone.now()
    transfer.save()
    log_action(
        actor=actor,
        action="members.transfer.in_approved",
        obj=transfer,
        organization=transfer.to_organization,
        data={"member": transfer.member.name},
    )
    return transfer


@transaction.atomic
def transfer_receive(*, actor: Any, transfer: Transfer, received_on: dt.date | None) -> Transfer:
    """The receiving branch receives the member: only now does the member move.

    The receive date is the day the member joins the receiving branch (it closes one
    membership period and opens the next), so it is required: not guessed as today."""
    transfer = _locked_transfer(transfer)
    _check_status(transfer, TransferStatus.IN_APPROVED)
    assert transfer.to_organization is not None and transfer.from_organization is not None
    scoping.require(actor, "members.manage", transfer.to_organization)
    if received_on is None:
        raise RuleViolation(
            _("请填写接收日期（转入支部接收该党员的日期）。"),
            rule="members.received_on_required",
            field="received_on",
        )
    _check_not_future(received_on, "received_on", _("接收日期"))
    if received_on < transfer.transfer_on:
        raise RuleViolation(
            _("接收日期不能早于转接日期（%(date)s）。") % {"date": _cn(transfer.transfer_on)},
            rule="members.dates_order",
            field="received_on",
        )
    _check_branch(transfer.to_organization, field="to_organization")
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    _close_period(member, received_on)
    member.organization = transfer.to_organization
    member.party_group = None
    member.branch_post = ""
    member.save()
    _open_period(member, transfer.to_organization, received_on, _("县内转接"))
    now = timezone.now()
    transfer.status = TransferStatus.COMPLETED
    transfer.completed_by, transfer.completed_at = actor, now
    transfer.save()
    log_action(
        actor=actor,
        action="members.transfer.received",
        obj=transfer,
        organization=transfer.to_organization,
        changes={"organization": [transfer.from_organization.name, transfer.to_organization.name]},
        data={
            "member": member.name,
            "from": transfer.from_organization.name,
            "to": transfer.to_organization.name,
        },
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: Any, transfer: Transfer, reason: str) -> Transfer:
    """The sender withdraws, or a committee or the receiving branch sends it back."""
    transfer = _locked_transfer(transfer)
    if not transfer.is_pending:
        raise RuleViolation(_("这项转接已经办结，不能撤回或退回。"), rule="members.transfer_step")
    sides = [o for o in (transfer.from_organization, transfer.to_organization) if o is not None]
    if not any(scoping.covers(actor, "members.manage", o) for o in sides):
        scoping.require(actor, "members.manage", sides[0])
    if not reason.strip():
        raise RuleViolation(
            _("请写明撤回或退回的原因。"), rule="members.transfer_cancel_reason", field="reason"
        )
    transfer.status = TransferStatus.CANCELLED
    transfer.note = reason.strip()[:200]
    transfer.save()
    log_action(
        actor=actor,
        action="members.transfer.cancelled",
        obj=transfer,
        organization=transfer.from_organization,
        data={"member": transfer.member.name, "reason": transfer.note},
    )
    return transfer


@transaction.atomic
def transfer_in(
    *,
    actor: Any,
    organization: Organization,
    external_place: str,
    letter_number: str,
    transfer_on: dt.date,
    dues_paid_until: dt.date | None = None,
    status: str = MemberStatus.FULL,
    **data: Any,
) -> Transfer:
    """A member arrives from outside the county with an introduction letter. A member who
    once left the county (same ID number, transferred out) comes back to their record."""
    scoping.require(actor, "members.manage", organization)
    _check_branch(organization)
    if not external_place.strip():
        raise RuleViolation(
            _("请写明转出的党组织（来源）。"),
            rule="members.transfer_destination",
            field="external_place",
        )
    if not letter_number.strip():
        raise RuleViolation(
            _("从县外转入须填写介绍信编号。"),
            rule="members.transfer_letter",
            field="letter_number",
        )
    _check_not_future(transfer_on, "transfer_on", _("转接日期"))
    dues = _check_dues_month(dues_paid_until)
    if status not in ACTIVE_STATUSES:
        raise RuleViolation(
            _("转入的党员只能是预备党员或正式党员。"), rule="members.create_status", field="status"
        )
    raise_first(member_problems(data, today=_today(), status=status))
    _check_party_group(organization, data.get("party_group"))
    number = data["id_number"].strip().upper()
    returning = (
        Member.objects.select_for_update()
        .filter(id_number_hash=crypto.lookup_hash(number), status=MemberStatus.TRANSFERRED_OUT)
        .first()
    )
    if returning is None:
        _check_id_free(number, actor=actor)
        member = Member.objects.create(
            organization=organization,
            status=status,
            **_member_values(data),
            **id_number_fields(number),
        )
    else:
        member = returning
        old = member.status
        for key, value in _member_values(data).items():
            setattr(member, key, value)
        member.organization = organization
        member.status = status
        member.status_changed_on = transfer_on
        member.save()
        StatusChange.objects.create(
            member=member,
            old_status=old,
            new_status=status,
            changed_on=transfer_on,
            reason=_("从%(place)s转回本县") % {"place": external_place.strip()},
            recorded_by=actor,
        )
    _open_period(member, organization, transfer_on, _("县外转入"))
    now = timezone.now()
    transfer = Transfer.objects.create(
        member=member,
        kind=TransferKind.IN,
        status=TransferStatus.COMPLETED,
        to_organization=organization,
        external_place=external_place.strip(),
        letter_number=letter_number.strip(),
        dues_paid_until=dues,
        transfer_on=transfer_on,
        created_by=actor,
        completed_by=actor,
        completed_at=now,
    )
    log_action(
        actor=actor,
        action="members.transfer.received_in",
        obj=transfer,
        organization=organization,
        data={"member": member.name, "from": external_place.strip(), "letter": letter_number},
    )
    return transfer


# --- mobile members (流动党员, 双联双管) ---------------------------------------------------


@transaction.atomic
def member_set_mobile(
    *,
    actor: Any,
    member: Member,
    managing_organization: Organization,
    destination: str,
    since: dt.date,
) -> Member:
    """Record that a member works away and which organization manages them there."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_home(actor, "members.manage", member)
    _check_active_member(member)
    _check_branch(managing_organization, field="managing_organization")
    if managing_organization.pk == member.organization_id:
        raise RuleViolation(
            _("流入地管理党组织不能是党员所在的党支部。"),
            rule="members.mobile_same_branch",
            field="managing_organization",
        )
    if not destination.strip():
        raise RuleViolation(
            _("请写明外出流向（省市或单位）。"),
            rule="members.mobile_destination",
            field="destination",
        )
    _check_not_future(since, "since", _("外出日期"))
    before = snapshot(member, ["managing_organization", "mobile_destination", "mobile_since"])
    member.managing_organization = managing_organization
    member.mobile_destination = destination.strip()
    member.mobile_since = since
    member.save(update_fields=["managing_organization", "mobile_destination", "mobile_since"])
    log_action(
        actor=actor,
        action="members.mobile.set",
        obj=member,
        changes=diff(
            before,
            snapshot(member, ["managing_organization", "mobile_destination", "mobile_since"]),
        ),
        data={"managing": managing_organization.name, "destination": member.mobile_destination},
    )
    return member


@transaction.atomic
def member_end_mobile(*, actor: Any, member: Member, ended_on: dt.date) -> Member:
    """The member has come back: the managing organization no longer manages them."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_home(actor, "members.manage", member)
    if member.managing_organization_id is None:
        raise RuleViolation(_("该党员不是流动党员。"), rule="members.not_mobile")
    _check_not_future(ended_on, "ended_on", _("返回日期"))
    if member.mobile_since and ended_on < member.mobile_since:
        raise RuleViolation(
            _("返回日期不能早于外出日期。"), rule="members.dates_order", field="ended_on"
        )
    managing = member.managing_organization
    member.managing_organization = None
    member.mobile_destination = ""
    member.mobile_since = None
    member.save(update_fields=["managing_organization", "mobile_destination", "mobile_since"])
    log_action(
        actor=actor,
        action="members.mobile.ended",
        obj=member,
        data={"managing": str(managing), "ended_on": ended_on},
    )
    return member


@transaction.atomic
def contact_record(
    *,
    actor: Any,
    member: Member,
    contacted_on: dt.date,
    channel: str,
    content: str,
    contacted_by: str,
) -> MobileContact:
    """Log one contact with a mobile member; the home and the managing side both may."""
    member = Member.objects.select_related("organization", "managing_organization").get(
        pk=member.pk
    )
    _require_either(actor, "members.manage", member)
    if member.managing_organization_id is None:
        raise RuleViolation(
            _("联系记录只为流动党员登记；该党员不是流动党员。"), rule="members.not_mobile"
        )
    _check_not_future(contacted_on, "contacted_on", _("联系日期"))
    if member.mobile_since and contacted_on < member.mobile_since:
        raise RuleViolation(
            _("联系日期不能早于外出日期（%(date)s）。") % {"date": _cn(member.mobile_since)},
            rule="members.dates_order",
            field="contacted_on",
        )
    if not content.strip():
        raise RuleViolation(_("请填写联系内容。"), rule="members.contact_content", field="content")
    contact = MobileContact.objects.create(
        member=member,
        contacted_on=contacted_on,
        channel=channel,
        content=content.strip(),
        contacted_by=contacted_by.strip() or getattr(actor, "display_name", ""),
        recorded_by=actor,
    )
    log_action(
        actor=actor,
        action="members.mobile.contacted",
        obj=member,
        data={"channel": contact.get_channel_display(), "contacted_on": contacted_on},
    )
    return contact


# --- in-service members' community registration (在职党员进社区) ---------------------------


@transaction.atomic
def community_register(
    *, actor: Any, member: Member, community: Organization, registered_on: dt.date, note: str = ""
) -> CommunityRegistration:
    """Register an in-service member with the community where they live (a second,
    non-membership link). A new registration ends the previous one."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if not (
        scoping.covers(actor, "members.manage", member.organization)
        or scoping.covers(actor, "members.manage", community)
    ):
        scoping.require(actor, "members.manage", member.organization)
    _check_active_member(member)
    if community.sector != Sector.COMMUNITY or not community.is_active:
        raise RuleViolation(
            _("「%(name)s」不是社区党组织，在职党员应到居住地社区报到。")
            % {"name": community.name},
            rule="members.community_sector",
            field="community",
        )
    if member.organization.sector == Sector.COMMUNITY and member.organization_id == community.pk:
        raise RuleViolation(
            _("该党员的组织关系就在这个社区，无需另行报到。"),
            rule="members.community_own",
            field="community",
        )
    _check_not_future(registered_on, "registered_on", _("报到日期"))
    CommunityRegistration.objects.filter(member=member, ended_on__isnull=True).update(
        ended_on=registered_on
    )
    registration = CommunityRegistration.objects.create(
        member=member, community=community, registered_on=registered_on, note=note.strip()
    )
    member.service_community = community
    member.save(update_fields=["service_community"])
    log_action(
        actor=actor,
        action="members.community.registered",
        obj=member,
        data={"community": community.name, "registered_on": registered_on},
    )
    return registration


@transaction.atomic
def community_unregister(*, actor: Any, member: Member, ended_on: dt.date) -> Member:
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    community = member.service_community
    if community is None:
        raise RuleViolation(_("该党员没有在社区报到。"), rule="members.community_none")
    if not (
        scoping.covers(actor, "members.manage", member.organization)
        or scoping.covers(actor, "members.manage", community)
    ):
        scoping.require(actor, "members.manage", member.organization)
    _check_not_future(ended_on, "ended_on", _("结束日期"))
    CommunityRegistration.objects.filter(member=member, ended_on__isnull=True).update(
        ended_on=ended_on
    )
    member.service_community = None
    member.save(update_fields=["service_community"])
    log_action(
        actor=actor,
        action="members.community.ended",
        obj=member,
        data={"community": community.name},
    )
    return member
