"""Every change to the organization tree: permission-checked, one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import diff, log_action, snapshot
from grassroots.core.errors import RuleViolation
from grassroots.core.pinyin import pinyin_keys

from .models import AdminDivision, Organization, OrgKind, Sector

ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.COUNTY_COMMITTEE: {
        OrgKind.TOWNSHIP_COMMITTEE,
        OrgKind.PARTY_COMMITTEE,
        OrgKind.WORKING_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
    },
    OrgKind.TOWNSHIP_COMMITTEE: {
        OrgKind.PARTY_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
    },
    OrgKind.PARTY_COMMITTEE: {
        OrgKind.PARTY_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
    },
    OrgKind.WORKING_COMMITTEE: {
        OrgKind.PARTY_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
    },
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH, OrgKind.JOINT_BRANCH},
    OrgKind.BRANCH: {OrgKind.PARTY_GROUP},
    OrgKind.JOINT_BRANCH: {OrgKind.PARTY_GROUP},
    OrgKind.PARTY_GROUP: set(),
}

EDITABLE_FIELDS = ("name", "short_name", "sector", "founded_on", "division", "phone", "address")


def _check_child_kind(parent: Organization, kind: str) -> None:
    if kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
        raise RuleViolation(
            _("「%(parent)s」（%(parent_kind)s）下不能设立%(kind)s。")
            % {
                "parent": parent.name,
                "parent_kind": OrgKind(parent.kind).label,
                "kind": OrgKind(kind).label,
            },
            rule="orgs.kind_hierarchy",
            field="kind",
        )


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.filter(code=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise RuleViolation(
            _("组织代码「%(code)s」已被其他组织使用。") % {"code": code},
            rule="orgs.code_unique",
            field="code",
        )


def _check_active(org: Organization) -> None:
    if not org.is_active:
        raise RuleViolation(
            _("「%(name)s」已撤销，不能再办理此项。") % {"name": org.name}, rule="orgs.dissolved"
        )


def _check_founded(founded_on: dt.date | None) -> None:
    if founded_on and founded_on > timezone.localdate():
        raise RuleViolation(
            _("成立日期不能晚于今天。"), rule="orgs.founded_future", field="founded_on"
        )


def _require_manage_children(actor: Any, parent: Organization) -> None:
    scoping.require(actor, "orgs.manage", parent)


def _require_manage(actor: Any, org: Organization) -> None:
    """Managing an organization itself needs the permission on a level above it: a
    township committee arranges its branches, the county arranges the townships."""
    if not scoping.covers_strictly(actor, "orgs.manage", org):
        raise RuleViolation(
            _("只有上级党组织才能调整「%(name)s」本身。") % {"name": org.name},
            rule="orgs.manage_from_above",
        )


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    parent: Organization,
    name: str,
    code: str,
    kind: str,
    sector: str = Sector.GENERAL,
    founded_on: dt.date | None = None,
    division: AdminDivision | None = None,
    short_name: str = "",
    phone: str = "",
    address: str = "",
) -> Organization:
    _require_manage_children(actor, parent)
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    _check_active(parent)
    _check_child_kind(parent, kind)
    _check_code_free(code)
    _check_founded(founded_on)
    full, initials = pinyin_keys(name)
    org = Organization.objects.add_child(
        parent,
        {
            "name": name.strip(),
            "short_name": short_name,
            "code": code.strip(),
            "kind": kind,
            "sector": sector,
            "founded_on": founded_on,
            "division": division,
            "phone": phone,
            "address": address,
            "name_pinyin": full,
            "name_initials": initials,
        },
    )
    log_action(
        actor=actor,
        action="orgs.organization.created",
        obj=org,
        data={"code": org.code},
        org_refs={"parent": parent},
    )
    return org


@transaction.atomic
def organization_update(*, actor: Any, org: Organization, **fields: Any) -> Organization:
    """Change the descriptive fields of an organization (name, sector, dates ...)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_manage(actor, org)
    _check_active(org)
    _check_founded(fields.get("founded_on"))
    before = snapshot(org, fields)
    for key, value in fields.items():
        setattr(org, key, value.strip() if isinstance(value, str) else value)
    changes = diff(before, snapshot(org, fields))
    if not changes:
        return org
    if "name" in changes:
        org.name_pinyin, org.name_initials = pinyin_keys(org.name)
    org.save()
    if set(changes) == {"name"}:
        log_action(
            actor=actor,
            action="orgs.organization.renamed",
            obj=org,
            changes=changes,
            data={"old_name": before["name"]},
        )
    else:
        log_action(actor=actor, action="orgs.organization.updated", obj=org, changes=changes)
    return org


def organization_rename(*, actor: Any, org: Organization, name: str) -> Organization:
    return organization_update(actor=actor, org=org, name=name)


@transaction.atomic
def organization_move(*, actor: Any, org: Organization, new_parent: Organization) -> Organization:
    """Re-parent an organization with its whole subtree."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
    _require_manage(actor, org)
    _require_manage_children(actor, new_parent)
    _check_active(org)
    _check_active(new_parent)
    if new_parent.path.startswith(org.path):
        raise RuleViolation(
            _("不能把组织调整到它自己或它的下级组织之下。"),
            rule="orgs.move_into_self",
            field="new_parent",
        )
    old_parent = Organization.objects.get(path=org.parent_path)
    if old_parent.pk == new_parent.pk:
        raise RuleViolation(
            _("「%(name)s」已经在「%(parent)s」之下。")
            % {"name": org.name, "parent": new_parent.name},
            rule="orgs.move_same_parent",
            field="new_parent",
        )
    _check_child_kind(new_parent, org.kind)
    Organization.objects.move(org, new_parent, "last-child")
    org.refresh_from_db()
    log_action(
        actor=actor,
        action="orgs.organization.moved",
        obj=org,
        changes={"parent": [old_parent.name, new_parent.name]},
        org_refs={
            "old_parent": old_parent,
            "new_parent": new_parent,
            "changes.parent": (old_parent, new_parent),
        },
    )
    return org


@transaction.atomic
def organization_dissolve(
    *, actor: Any, org: Organization, dissolved_on: dt.date, reason: str
) -> Organization:
    """Dissolve (撤销) an organization. Its record and history stay."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_manage(actor, org)
    _check_active(org)
    if not reason.strip():
        raise RuleViolation(_("撤销组织须写明原因。"), rule="orgs.dissolve_reason", field="reason")
    if dissolved_on > timezone.localdate():
        raise RuleViolation(
            _("撤销日期不能晚于今天。"), rule="orgs.dissolve_future", field="dissolved_on"
        )
    if org.founded_on and dissolved_on < org.founded_on:
        raise RuleViolation(
            _("撤销日期不能早于成立日期。"),
            rule="orgs.dissolve_before_founded",
            field="dissolved_on",
        )
    active_children = Organization.objects.filter(
        path__subtree=org.path, depth=org.depth + 1, dissolved_on__isnull=True
    ).count()
    if active_children:
        raise RuleViolation(
            _("「%(name)s」下还有%(n)d个未撤销的下级组织，请先撤销或调整它们。")
            % {"name": org.name, "n": active_children},
            rule="orgs.dissolve_children",
        )
    from grassroots.members.selectors import active_member_count

    members = active_member_count(org)
    if members:
        raise RuleViolation(
            _("「%(name)s」还有%(n)d名党员，请先转接他们的组织关系。")
            % {"name": org.name, "n": members},
            rule="orgs.dissolve_members",
        )
    org.dissolved_on = dissolved_on
    org.dissolved_reason = reason.strip()
    org.save(update_fields=["dissolved_on", "dissolved_reason"])
    log_action(
        actor=actor,
        action="orgs.organization.dissolved",
        obj=org,
        data={"reason": org.dissolved_reason, "dissolved_on": dissolved_on},
    )
    return org


@transaction.atomic
def organization_set_secretary(*, actor: Any, org: Organization, member: Any) -> Organization:
    """Record who the organization's secretary (书记) is, or that the post is vacant
    (``member=None``). As with its other particulars, the level above decides."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_manage(actor, org)
    _check_active(org)
    if member is not None and not member.organization.path.startswith(org.path):
        raise RuleViolation(
            _("书记应是本组织的党员。"), rule="orgs.secretary_member", field="member"
        )
    from grassroots.members.models import ACTIVE_STATUSES

    if member is not None and member.status not in ACTIVE_STATUSES:
        raise RuleViolation(
            _("「%(name)s」目前不是在册党员，不能担任书记。") % {"name": member.name},
            rule="orgs.secretary_active",
            field="member",
        )
    if member is not None and member.pk == org.secretary_id:
        return org
    before = org.secretary_id
    org.secretary = member
    org.save(update_fields=["secretary"])
    log_action(
        actor=actor,
        action="orgs.organization.secretary_set",
        obj=org,
        changes={"secretary": [before, member.pk if member else None]},
        data={"secretary": str(member) if member else "—"},
    )
    return org
