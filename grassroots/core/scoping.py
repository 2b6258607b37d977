"""The one scoping mechanism: every selector filters by the actor's subtrees.

An actor's scope for a permission is the set of organization paths of the role
assignments whose role grants that permission. Organizations live in a materialized
path tree, so "inside the subtree of P" is a prefix match on an indexed column.

Views load single objects with :func:`get_scoped_or_404` over a selector's queryset:
an object outside the actor's scope is a 404, never a 403, so nothing leaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from . import permissions

if TYPE_CHECKING:
    from grassroots.orgs.models import Organization

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Assignment:
    id: int
    role: str
    organization_id: int
    path: str
    org_name: str

    @property
    def role_label(self) -> str:
        from .roles import Role

        return str(Role(self.role).label)


def assignments_of(actor: Any) -> tuple[Assignment, ...]:
    """The actor's active role assignments, loaded once per actor object (one query)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return ()
    cached = getattr(actor, "_grassroots_assignments", None)
    if cached is None:
        from grassroots.accounts.models import RoleAssignment

        rows = (
            RoleAssignment.objects.filter(user_id=actor.pk, revoked_at__isnull=True)
            .order_by("id")
            .values_list(
                "id", "role", "organization_id", "organization__path", "organization__name"
            )
        )
        cached = tuple(Assignment(*row) for row in rows)
        actor._grassroots_assignments = cached
    return cached


def forget(actor: Any) -> None:
    """Drop the cached assignments (after granting or revoking a role)."""
    if hasattr(actor, "_grassroots_assignments"):
        del actor._grassroots_assignments


def minimal_paths(paths: Iterable[str]) -> list[str]:
    """Remove paths that lie inside another path of the set."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def scope_paths(actor: Any, permission: str) -> list[str]:
    return minimal_paths(
        a.path for a in assignments_of(actor) if permissions.role_has(a.role, permission)
    )


def has_permission_anywhere(actor: Any, permission: str) -> bool:
    return any(permissions.role_has(a.role, permission) for a in assignments_of(actor))


def paths_q(paths: Iterable[str], field: str = "organization") -> Q:
    lookup = f"{field}__path__subtree" if field else "path__subtree"
    q = Q(pk__in=[])  # nothing, when the actor has no scope
    for path in minimal_paths(paths):
        q |= Q(**{lookup: path})
    return q


def scope_q(actor: Any, permission: str, field: str = "organization") -> Q:
    """A filter for objects whose ``field`` organization lies in the actor's scope."""
    return paths_q(scope_paths(actor, permission), field)


def covers(actor: Any, permission: str, org: Organization) -> bool:
    return any(org.path.startswith(p) for p in scope_paths(actor, permission))


def covers_strictly(actor: Any, permission: str, org: Organization) -> bool:
    """True if ``org`` lies strictly below one of the actor's scope roots (the actor may
    manage it, not only its children)."""
    return any(org.path.startswith(p) and org.path != p for p in scope_paths(actor, permission))


def require(actor: Any, permission: str, org: Organization | None = None) -> None:
    """Refuse with 403 if the actor lacks ``permission`` (on ``org``, if given).

    Use it for actions on objects the actor can already see; objects the actor cannot
    see must never get this far (they are a 404 from the scoped getter)."""
    ok = (
        covers(actor, permission, org)
        if org is not None
        else has_permission_anywhere(actor, permission)
    )
    if not ok:
        raise PermissionDenied


def get_scoped_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
