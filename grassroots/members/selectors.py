"""Reads of the member registry, always within the actor's scope.

Dual management (双联双管): a mobile member is visible to actors whose scope covers
either the home organization (``organization``, which keeps the record) or the managing
organization (``managing_organization``, e.g. a remote chamber-of-commerce branch).
:func:`visible_q` is the one place that says so; every member read goes through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grassroots.core import crypto, scoping
from grassroots.core.pinyin import looks_like_pinyin
from grassroots.orgs.models import Organization

from .models import (
    ACTIVE_STATUSES,
    CommunityRegistration,
    Member,
    MembershipPeriod,
    MobileContact,
    StatusChange,
    Transfer,
    TransferStatus,
)
from .rules import add_years


def active_member_count(org: Organization) -> int:
    """Members in good standing in ``org``'s subtree."""
    return Member.objects.filter(
        organization__path__subtree=org.path, status__in=ACTIVE_STATUSES
    ).count()


def visible_q(actor: Any, permission: str = "members.view", also: Q | None = None) -> Q:
    """Members whose home organization or (mobile members) managing organization lies in
    the actor's scope for ``permission``.

    Written as ``(organization IN scope AND also) OR (managing IN scope AND also)`` with
    the scope as a subquery on the indexed path: each branch of the OR is then answered
    from its own index ((organization, status), (managing_organization, status)), so
    counting 100,000 members reads indexes, not the table."""
    paths = scoping.scope_paths(actor, permission)
    if not paths:
        return Q(pk__in=[])
    scope = Organization.objects.filter(scoping.paths_q(paths, field="")).values("pk")
    also = also or Q()
    return (Q(organization_id__in=scope) & also) | (Q(managing_organization_id__in=scope) & also)


def _base(actor: Any, permission: str = "members.view", also: Q | None = None) -> QuerySet[Member]:
    return Member.objects.filter(visible_q(actor, permission, also))


AGE_BANDS = {
    "u35": (None, 35),  # under 35
    "35_45": (35, 46),
    "46_60": (46, 61),
    "o60": (61, None),
}
SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "birth": ("birth_date", "id"),
    "-birth": ("-birth_date", "-id"),
    "joined": ("joined_on", "id"),
    "-joined": ("-joined_on", "-id"),
    "org": ("organization__path", "name_pinyin", "id"),
}
# The default order is on the member table's own indexed columns ((name_pinyin, id)), not
# on a joined table's, so the database need not join before it can order and cut a page.
DEFAULT_SORT = "name"
# What a list page shows (``member_list_page``): the wide columns it does not show (the
# encrypted ID number, address, native place ...) are left out of the page's query.
LIST_FIELDS = (
    "id",
    "name",
    "name_pinyin",
    "sex",
    "birth_date",
    "education",
    "branch_post",
    "joined_on",
    "status",
    "mobile",
    "organization_id",
    "organization__name",
    "managing_organization_id",
    "managing_organization__name",
    "service_community_id",
)


@dataclass
class MemberFilter:
    """The list's filters; every field optional."""

    org: Organization | None = None  # subtree
    status: str = "active"  # "active", "" (all) or a status
    sex: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    frontline: bool | None = None
    mobile: bool | None = None
    in_service: bool | None = None
    q: str = ""
    sort: str = DEFAULT_SORT


def _age_q(band: str, today: dt.date) -> Q:
    low, high = AGE_BANDS[band]
    q = Q()
    if low is not None:  # at least ``low`` years old: born on or before today - low years
        q &= Q(birth_date__lte=add_years(today, -low))
    if high is not None:  # younger than ``high``: born after today - high years
        q &= Q(birth_date__gt=add_years(today, -high))
    return q


def search_q(query: str) -> Q:
    """Name, full pinyin or initials (``zs`` finds 张三), or an exact ID number (by hash)."""
    query = (query or "").strip()
    if not query:
        return Q()
    compact = query.replace(" ", "")
    if len(compact) == 18 and compact[:17].isdigit():
        return Q(id_number_hash=crypto.lookup_hash(compact))
    cond = Q(name__contains=query)
    if looks_like_pinyin(query):
        key = compact.lower()
        cond |= Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key)
    return cond


def _status_q(f: MemberFilter) -> Q:
    if f.status == "active":
        return Q(status__in=ACTIVE_STATUSES)
    if f.status:
        return Q(status=f.status)
    return Q()


def _filtered(qs: QuerySet[Member], f: MemberFilter, today: dt.date) -> QuerySet[Member]:
    """The list's filters other than scope and status."""
    if f.org is not None:
        qs = qs.filter(
            Q(organization__path__subtree=f.org.path)
            | Q(managing_organization__path__subtree=f.org.path)
        )
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.age_band in AGE_BANDS:
        qs = qs.filter(_age_q(f.age_band, today))
    if f.education:
        qs = qs.filter(education=f.education)
    if f.occupation:
        qs = qs.filter(occupation=f.occupation)
    if f.frontline is not None:
        qs = qs.filter(is_frontline=f.frontline)
    if f.mobile is not None:
        qs = qs.filter(managing_organization__isnull=not f.mobile)
    if f.in_service is not None:
        qs = qs.filter(service_community__isnull=not f.in_service)
    if f.q:
        qs = qs.filter(search_q(f.q))
    return qs


def member_list(
    *, actor: Any, filters: MemberFilter | None = None, today: dt.date | None = None
) -> QuerySet[Member]:
    """Members the actor may see, filtered and sorted, with what the list shows joined."""
    f = filters or MemberFilter()
    today = today or timezone.localdate()
    qs = _filtered(_base(actor, also=_status_q(f)), f, today)
    return qs.select_related("organization", "managing_organization").order_by(
        *SORTS.get(f.sort, SORTS[DEFAULT_SORT])
    )


def _count_sql(qs: QuerySet[Member]) -> tuple[str, tuple[Any, ...]]:
    sql, params = qs.order_by().values("pk").query.get_compiler(using=qs.db).as_sql()
    return f"SELECT COUNT(*) FROM ({sql}) AS counted", tuple(params)


def member_count(
    *, actor: Any, filters: MemberFilter | None = None, today: dt.date | None = None
) -> int:
    """How many members :func:`member_list` returns, in one query that the database
    answers from indexes: the members homed in the actor's scope plus those managed in
    it but homed elsewhere (dual management), two disjoint counts added, instead of
    counting an OR that has to be de-duplicated row by row."""
    f = filters or MemberFilter()
    today = today or timezone.localdate()
    paths = scoping.scope_paths(actor, "members.view")
    if not paths:
        return 0
    scope = Organization.objects.filter(scoping.paths_q(paths, field="")).values("pk")
    status_q = _status_q(f)
    home = _filtered(Member.objects.filter(Q(organization_id__in=scope) & status_q), f, today)
    managed = _filtered(
        Member.objects.filter(Q(managing_organization_id__in=scope) & status_q).exclude(
            organization_id__in=scope
        ),
        f,
        today,
    )
    home_sql, home_params = _count_sql(home)
    managed_sql, managed_params = _count_sql(managed)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({home_sql}) + ({managed_sql})", home_params + managed_params)
        row = cursor.fetchone()
    return int(row[0])


def member_list_page(
    *, actor: Any, filters: MemberFilter | None = None, today: dt.date | None = None
) -> QuerySet[Member]:
    """:func:`member_list` with only the columns the list page shows."""
    return member_list(actor=actor, filters=filters, today=today).only(*LIST_FIELDS)


def member_get(*, actor: Any, pk: Any, permission: str = "members.view") -> Member:
    """One member the actor may see (home or managing side), or 404."""
    return scoping.get_scoped_or_404(
        _base(actor, permission).select_related(
            "organization", "party_group", "managing_organization", "service_community"
        ),
        pk=pk,
    )


def member_get_home(*, actor: Any, pk: Any, permission: str = "members.manage") -> Member:
    """A member whose home organization the actor covers for ``permission``, or 404."""
    return scoping.get_scoped_or_404(
        Member.objects.filter(scoping.scope_q(actor, permission)).select_related(
            "organization", "party_group", "managing_organization", "service_community"
        ),
        pk=pk,
    )


def member_self(*, actor: Any) -> Member:
    """The member record linked to the actor's account (self-service), or 404."""
    member_id = getattr(actor, "member_id", None)
    if not member_id:
        raise Http404
    return scoping.get_scoped_or_404(
        Member.objects.select_related(
            "organization", "party_group", "managing_organization", "service_community"
        ),
        pk=member_id,
    )


def member_search(*, actor: Any, query: str, limit: int = 20) -> QuerySet[Member]:
    if not (query or "").strip():
        return Member.objects.none()
    return (
        _base(actor)
        .filter(search_q(query))
        .select_related("organization", "managing_organization")
        .order_by("name_pinyin", "id")[:limit]
    )


def member_periods(member: Member) -> list[MembershipPeriod]:
    return list(
        MembershipPeriod.objects.filter(member=member)
        .select_related("organization")
        .order_by("started_on", "id")
    )


def member_status_changes(member: Member) -> list[StatusChange]:
    return list(StatusChange.objects.filter(member=member).order_by("changed_on", "id"))


def member_transfers(member: Member) -> list[Transfer]:
    return list(
        Transfer.objects.filter(member=member)
        .select_related("from_organization", "to_organization")
        .order_by("-created_at", "-id")
    )


def member_contacts(member: Member, *, limit: int = 50) -> list[MobileContact]:
    return list(
        MobileContact.objects.filter(member=member).order_by("-contacted_on", "-id")[:limit]
    )


def member_registrations(member: Member) -> list[CommunityRegistration]:
    return list(
        CommunityRegistration.objects.filter(member=member)
        .select_related("community")
        .order_by("-registered_on", "-id")
    )


# --- transfers -----------------------------------------------------------------------------


def transfer_list(*, actor: Any, status: str = "pending") -> QuerySet[Transfer]:
    """Transfers whose sending or receiving organization lies in the actor's scope."""
    paths = scoping.scope_paths(actor, "members.view")
    qs = Transfer.objects.filter(
        scoping.paths_q(paths, "from_organization") | scoping.paths_q(paths, "to_organization")
    )
    if status == "pending":
        qs = qs.filter(
            status__in=[
                TransferStatus.SENT,
                TransferStatus.OUT_APPROVED,
                TransferStatus.IN_APPROVED,
            ]
        )
    elif status:
        qs = qs.filter(status=status)
    return qs.select_related("member", "from_organization", "to_organization").order_by(
        "-created_at", "-id"
    )


def transfer_get(*, actor: Any, pk: Any) -> Transfer:
    return scoping.get_scoped_or_404(transfer_list(actor=actor, status=""), pk=pk)


# --- mobile members ------------------------------------------------------------------------


def contact_max_days() -> int:
    """Mobile members not contacted within this many days are listed as overdue."""
    value: Any = settings.GRASSROOTS["MOBILE_CONTACT_MAX_DAYS"]
    return int(value)


def mobile_list(
    *, actor: Any, overdue_only: bool = False, today: dt.date | None = None
) -> QuerySet[Member]:
    """Mobile members the actor sees (home or managing side), with their last contact.

    ``overdue_only``: those with no contact within ``MOBILE_CONTACT_MAX_DAYS`` days."""
    qs = (
        _base(actor, also=Q(status__in=ACTIVE_STATUSES))
        .filter(managing_organization__isnull=False)
        .annotate(last_contact=Max("contacts__contacted_on"))
        .select_related("organization", "managing_organization")
    )
    if overdue_only:
        today = today or timezone.localdate()
        cutoff = today - dt.timedelta(days=contact_max_days())
        qs = qs.filter(Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff))
    return qs.order_by("last_contact", "name_pinyin", "id")


# --- in-service members' community registration -----------------------------------------------


def registration_list(*, actor: Any, current_only: bool = True) -> QuerySet[CommunityRegistration]:
    """Registrations the actor sees: as the community where the member registered, or as
    the member's own organization."""
    paths = scoping.scope_paths(actor, "members.view")
    qs = CommunityRegistration.objects.filter(
        scoping.paths_q(paths, "community") | scoping.paths_q(paths, "member__organization")
    )
    if current_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("member", "member__organization", "community").order_by(
        "community__path", "-registered_on", "id"
    )
