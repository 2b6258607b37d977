from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grassroots.core import navigation as nav
from grassroots.core import scoping


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "scope_choices": [], "current_scope": None}
    from .scope import current_scope

    assignments = scoping.assignments_of(user)
    return {
        "nav_items": nav.items_for(user),
        "scope_choices": assignments,
        "current_scope": current_scope(request),
    }
