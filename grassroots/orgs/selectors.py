"""Reads of the organization tree, always within the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grassroots.core import scoping
from grassroots.core.pinyin import looks_like_pinyin

from .models import Organization


def org_list(
    *, actor: Any, permission: str = "orgs.view", include_dissolved: bool = False
) -> QuerySet[Organization]:
    qs = Organization.objects.filter(scoping.scope_q(actor, permission, field=""))
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return qs.order_by("path")


def org_get(*, actor: Any, pk: Any, permission: str = "orgs.view") -> Organization:
    """The organization, or 404 if it lies outside the actor's scope."""
    return scoping.get_scoped_or_404(
        org_list(actor=actor, permission=permission, include_dissolved=True).select_related(
            "division", "secretary"
        ),
        pk=pk,
    )


def org_scope_roots(*, actor: Any, permission: str = "orgs.view") -> QuerySet[Organization]:
    """The top organizations of the actor's scope (one per minimal assignment path)."""
    paths = scoping.scope_paths(actor, permission)
    return Organization.objects.filter(path__in=paths).order_by("path")


def org_children(
    *, actor: Any, parent: Organization, include_dissolved: bool = False
) -> QuerySet[Organization]:
    qs = org_list(actor=actor, include_dissolved=include_dissolved).filter(
        path__subtree=parent.path, depth=parent.depth + 1
    )
    return qs


def org_ancestors(*, actor: Any, org: Organization) -> list[Organization]:
    """Ancestors the actor may see, root first: the breadcrumb (one query)."""
    paths = org.ancestor_paths()
    if not paths:
        return []
    return list(
        org_list(actor=actor, include_dissolved=True).filter(path__in=paths).order_by("depth")
    )


def org_search(*, actor: Any, query: str, limit: int = 50) -> QuerySet[Organization]:
    """By name, code, full pinyin or pinyin initials (``tyz`` finds 通羊镇)."""
    query = (query or "").strip()
    qs = org_list(actor=actor)
    if not query:
        return qs.none()
    cond = Q(name__contains=query) | Q(code__startswith=query)
    if looks_like_pinyin(query):
        key = query.replace(" ", "").lower()
        cond |= Q(name_initials__contains=key) | Q(name_pinyin__contains=key)
    return qs.filter(cond).order_by("depth", "path")[:limit]


def org_by_code(*, actor: Any, code: str, permission: str = "orgs.view") -> Organization:
    return scoping.get_scoped_or_404(
        org_list(actor=actor, permission=permission, include_dissolved=True), code=code
    )


def org_subtree_counts(*, org: Organization) -> dict[str, int]:
    """Active organizations below ``org`` by kind (one query)."""
    from django.db.models import Count

    rows = (
        Organization.objects.filter(path__subtree=org.path, dissolved_on__isnull=True)
        .exclude(pk=org.pk)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {row["kind"]: row["n"] for row in rows}


SECRETARY_CHOICES = 300


def secretary_candidates(*, actor: Any, org: Organization, query: str = "") -> list[Any]:
    """Members in good standing whose record is kept within ``org``'s subtree, as the
    actor may see them: whom the secretary can be (one query, at most
    ``SECRETARY_CHOICES``; ``query`` narrows by name or pinyin)."""
    from grassroots.members.models import ACTIVE_STATUSES, Member
    from grassroots.members.selectors import search_q

    qs = Member.objects.filter(
        scoping.scope_q(actor, "members.view"),
        organization__path__subtree=org.path,
        status__in=ACTIVE_STATUSES,
    )
    if query.strip():
        qs = qs.filter(search_q(query))
    return list(
        qs.select_related("organization").order_by("organization__path", "name_pinyin", "id")[
            :SECRETARY_CHOICES
        ]
    )
