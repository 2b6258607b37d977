"""The organization switcher: users with several role assignments pick one to work in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from grassroots.core import permissions, scoping
from grassroots.core.scoping import Assignment

if TYPE_CHECKING:
    from grassroots.orgs.models import Organization

SESSION_KEY = "grassroots_scope_assignment"


def current_scope(request: HttpRequest) -> Assignment | None:
    """The assignment the user works in now (the first one unless they switched)."""
    assignments = scoping.assignments_of(request.user)
    if not assignments:
        return None
    chosen = request.session.get(SESSION_KEY)
    for assignment in assignments:
        if assignment.id == chosen:
            return assignment
    return assignments[0]


def set_scope(request: HttpRequest, assignment_id: int) -> bool:
    if any(a.id == assignment_id for a in scoping.assignments_of(request.user)):
        request.session[SESSION_KEY] = assignment_id
        return True
    return False


def current_scope_org(request: HttpRequest, permission: str) -> Organization | None:
    """The organization of the scope the user works in now, if that role grants
    ``permission`` there: the default organization of a list page's filter. None when
    the chosen role does not grant it (the page then shows the whole scope)."""
    scope = current_scope(request)
    if scope is None or not permissions.role_has(scope.role, permission):
        return None
    from grassroots.orgs.selectors import org_get

    return org_get(actor=request.user, pk=scope.organization_id, permission=permission)
