"""The organization switcher: users with several role assignments pick one to work in."""

from __future__ import annotations

from django.http import HttpRequest

from grassroots.core import scoping
from grassroots.core.scoping import Assignment

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
