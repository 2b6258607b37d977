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
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import CharField, Func, IntegerField, Max, Q, QuerySet
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


def _scope_orgs(
    actor: Any, permission: str, within: Organization | None = None
) -> QuerySet[Organization] | None:
    """The primary keys of the organizations in the actor's scope for ``permission``
    (as a subquery on the indexed path), narrowed to ``within``'s subtree when it lies
    inside that scope; None if the actor has no scope."""
    paths = scoping.scope_paths(actor, permission)
    if not paths:
        return None
    orgs = Organization.objects.filter(scoping.paths_q(paths, field=""))
    if within is not None and _inside(within, paths):
        orgs = orgs.filter(path__subtree=within.path)
    return orgs.values("pk")


def _inside(org: Organization, paths: list[str]) -> bool:
    return any(org.path.startswith(p) for p in paths)


def visible_q(
    actor: Any,
    permission: str = "members.view",
    also: Q | None = None,
    *,
    within: Organization | None = None,
    home: str = "organization_id",
    managing: str = "managing_organization_id",
) -> Q:
    """Members whose home organization or (mobile members) managing organization lies in
    the actor's scope for ``permission`` (and, given ``within`` inside that scope, in
    ``within``'s subtree).

    Written as ``(organization IN scope AND also) OR (managing IN scope AND also)`` with
    the scope as a subquery on the indexed path: each branch of the OR is then answered
    from its own index ((organization, status), (managing_organization, status)), so
    counting 100,000 members reads indexes, not the table. ``home`` and ``managing``
    name the two columns (or aliases of them, see :class:`Unindexed`)."""
    scope = _scope_orgs(actor, permission, within)
    if scope is None:
        return Q(pk__in=[])
    also = also or Q()
    return (Q(**{f"{home}__in": scope}) & also) | (Q(**{f"{managing}__in": scope}) & also)


class Unindexed(Func):
    """A column as ``+column`` on SQLite: the same value, but the query planner may no
    longer answer a condition on it from an index. :func:`member_list` uses it when a
    page is better read by walking the index of its order (see :func:`walk_order_index`).
    Other databases get the plain column."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


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
# What a list page shows (``member_page``): the wide columns it does not show (the
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
    if _is_id_number(compact):
        return Q(id_number_hash=crypto.lookup_hash(compact))
    if looks_like_pinyin(query):
        # Names are written in Chinese characters: letters are looked up in the pinyin
        # keys only, as prefix ranges, which their indexes answer (SQLite's LIKE is
        # case-insensitive and no plain index serves it).
        key = compact.lower()
        return _prefix_q("name_initials", key) | _prefix_q("name_pinyin", key)
    return Q(name__contains=query)


def _is_id_number(compact: str) -> bool:
    return len(compact) == 18 and compact[:17].isdigit()


def _prefix_q(field: str, key: str) -> Q:
    """``field`` starts with ``key`` (lower-case ASCII), as ``key <= field < key'``."""
    successor = key[:-1] + chr(ord(key[-1]) + 1)
    return Q(**{f"{field}__gte": key, f"{field}__lt": successor})


def _status_q(f: MemberFilter, field: str = "status") -> Q:
    if f.status == "active":
        return Q(**{f"{field}__in": ACTIVE_STATUSES})
    if f.status:
        return Q(**{field: f.status})
    return Q()


def _filtered(
    qs: QuerySet[Member], f: MemberFilter, today: dt.date, paths: list[str]
) -> QuerySet[Member]:
    """The list's filters other than scope and status; the organization filter too,
    unless it lies inside the scope ``paths`` (the scope is then narrowed to it)."""
    if f.org is not None and not _inside(f.org, paths):
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


# Sorts whose order an index of the member table gives (``members_name_pinyin_id``).
INDEX_ORDERED_SORTS = frozenset({"name", "-name"})
WALK_ADVANTAGE = 3


@dataclass(frozen=True)
class MemberTally:
    """How many members a list shows (``matching``) and about how many rows the member
    table holds (``table_rows``: its highest id, members being never deleted)."""

    matching: int
    table_rows: int


def walk_order_index(tally: MemberTally, sort: str, end: int) -> bool:
    """Whether the page ending at row ``end`` is cheaper read by walking the index of its
    order than by collecting and sorting every matching member.

    Walking visits about ``end × table_rows / matching`` members before it has ``end``
    matches (all of them when fewer match); collecting visits ``matching`` and sorts
    them. A county's list (nearly every member matches) is one short walk; a branch's (a
    few dozen of 100,000) is a few index lookups. A visited row costs about a third of a
    collected and sorted one (on 100,000 members: walking all of them 250 ms, collecting
    and sorting them 800 ms), hence :data:`WALK_ADVANTAGE`. PostgreSQL keeps the
    statistics to make this choice itself; SQLite's planner, without them, always
    collects and sorts, so the choice is made here."""
    if connection.vendor != "sqlite" or sort not in INDEX_ORDERED_SORTS:
        return False
    if tally.matching <= 0:
        return False
    wanted = min(end, tally.matching)  # a short list is walked to its end
    return wanted * tally.table_rows < WALK_ADVANTAGE * tally.matching**2


@dataclass(frozen=True)
class _Columns:
    home: str
    managing: str
    status: str


INDEXED = _Columns(home="organization_id", managing="managing_organization_id", status="status")
UNINDEXED = _Columns(
    home="home_unindexed", managing="managing_unindexed", status="status_unindexed"
)


def _columns(*, unindexed: bool) -> tuple[QuerySet[Member], _Columns]:
    """Members with the names to compare scope and status by: the columns, or (to keep
    the planner off their indexes) :class:`Unindexed` aliases of them."""
    if not unindexed:
        return Member.objects.all(), INDEXED
    return (
        Member.objects.alias(
            home_unindexed=Unindexed("organization_id", output_field=IntegerField()),
            managing_unindexed=Unindexed("managing_organization_id", output_field=IntegerField()),
            status_unindexed=Unindexed("status", output_field=CharField()),
        ),
        UNINDEXED,
    )


def searches_by_index(query: str) -> bool:
    """Whether a search is answered from an index of its own (pinyin prefixes, the ID
    number's hash), which is then more selective than the scope's: a county's scope
    holds every member."""
    query = (query or "").strip()
    return bool(query) and (looks_like_pinyin(query) or _is_id_number(query.replace(" ", "")))


def member_list(
    *,
    actor: Any,
    filters: MemberFilter | None = None,
    today: dt.date | None = None,
    walk_order: bool = False,
) -> QuerySet[Member]:
    """Members the actor may see, filtered and sorted, with what the list shows joined.

    ``walk_order`` (from :func:`walk_order_index`) reads the page in index order; it and
    a search with an index of its own (:func:`searches_by_index`) compare the scope and
    status columns unindexed."""
    f = filters or MemberFilter()
    today = today or timezone.localdate()
    base, cols = _columns(unindexed=walk_order or searches_by_index(f.q))
    qs = base.filter(
        visible_q(
            actor,
            also=_status_q(f, field=cols.status),
            within=f.org,
            home=cols.home,
            managing=cols.managing,
        )
    )
    qs = _filtered(qs, f, today, scoping.scope_paths(actor, "members.view"))
    return qs.select_related("organization", "managing_organization").order_by(
        *SORTS.get(f.sort, SORTS[DEFAULT_SORT])
    )


def _count_sql(qs: QuerySet[Member]) -> tuple[str, tuple[Any, ...]]:
    sql, params = qs.order_by().values("pk").query.get_compiler(using=qs.db).as_sql()
    return f"SELECT COUNT(*) FROM ({sql}) AS counted", tuple(params)


def member_tally(
    *, actor: Any, filters: MemberFilter | None = None, today: dt.date | None = None
) -> MemberTally:
    """How many members :func:`member_list` returns, in one query that the database
    answers from indexes: the members homed in the actor's scope plus those managed in
    it but homed elsewhere (dual management), two disjoint counts added, instead of
    counting an OR that has to be de-duplicated row by row. The same query reads the
    member table's highest id (one index step), for :func:`walk_order_index`."""
    f = filters or MemberFilter()
    today = today or timezone.localdate()
    paths = scoping.scope_paths(actor, "members.view")
    scope = _scope_orgs(actor, "members.view", f.org)
    if scope is None:
        return MemberTally(matching=0, table_rows=0)
    base, cols = _columns(unindexed=searches_by_index(f.q))
    status_q = _status_q(f, field=cols.status)
    home = _filtered(base.filter(Q(**{f"{cols.home}__in": scope}) & status_q), f, today, paths)
    # ``IS NOT NULL`` first: most members have no managing organization, and PostgreSQL
    # then reads this count from the index instead of scanning the table.
    managed = _filtered(
        base.filter(
            Q(managing_organization_id__isnull=False)
            & Q(**{f"{cols.managing}__in": scope})
            & status_q
        ).exclude(organization_id__in=scope),
        f,
        today,
        paths,
    )
    home_sql, home_params = _count_sql(home)
    managed_sql, managed_params = _count_sql(managed)
    table = connection.ops.quote_name(Member._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({home_sql}) + ({managed_sql}), (SELECT MAX(id) FROM {table})",
            home_params + managed_params,
        )
        matching, highest = cursor.fetchone()
    return MemberTally(matching=int(matching), table_rows=int(highest or 0))


def member_count(
    *, actor: Any, filters: MemberFilter | None = None, today: dt.date | None = None
) -> int:
    """How many members :func:`member_list` returns (see :func:`member_tally`)."""
    return member_tally(actor=actor, filters=filters, today=today).matching


def member_page(
    *,
    actor: Any,
    filters: MemberFilter | None = None,
    today: dt.date | None = None,
    number: Any = 1,
    per_page: int = 50,
) -> Page[Member]:
    """One page of :func:`member_list` with only the columns the list page shows, in
    two queries however many members: the tally, then the page read the cheaper way
    (:func:`walk_order_index`). An invalid or out-of-range ``number`` gives the first or
    the last page, as :meth:`Paginator.get_page` does."""
    f = filters or MemberFilter()
    today = today or timezone.localdate()
    tally = member_tally(actor=actor, filters=f, today=today)
    paginator = CountedPaginator(None, per_page, count=tally.matching)
    try:
        page_number = paginator.validate_number(number)
    except PageNotAnInteger:
        page_number = 1
    except EmptyPage:
        page_number = paginator.num_pages
    walk = walk_order_index(tally, f.sort, end=page_number * per_page)
    paginator.object_list = member_list(actor=actor, filters=f, today=today, walk_order=walk).only(
        *LIST_FIELDS
    )
    return paginator.page(page_number)


@dataclass(frozen=True)
class MemberListing:
    """A member list to be cut into slices (the API's limit/offset pages)."""

    actor: Any
    filters: MemberFilter
    today: dt.date | None = None


def member_slice(listing: MemberListing, *, offset: int, limit: int) -> tuple[list[Member], int]:
    """Rows ``offset`` to ``offset + limit`` of :func:`member_list` and how many there
    are, in two queries read as the list page reads them (:func:`member_page`)."""
    today = listing.today or timezone.localdate()
    tally = member_tally(actor=listing.actor, filters=listing.filters, today=today)
    walk = walk_order_index(tally, listing.filters.sort, end=offset + limit)
    rows = member_list(actor=listing.actor, filters=listing.filters, today=today, walk_order=walk)[
        offset : offset + limit
    ]
    return list(rows), tally.matching


class CountedPaginator(Paginator):
    """A paginator told the number of objects (counted by a cheaper query than
    ``COUNT(*)`` over the list's own queryset)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


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
    """Members of every status matching ``query`` (see :func:`search_q`), the first
    ``limit`` by name."""
    if not (query or "").strip():
        return Member.objects.none()
    base, cols = _columns(unindexed=searches_by_index(query))
    return (
        base.filter(visible_q(actor, home=cols.home, managing=cols.managing))
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
