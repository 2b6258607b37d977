"""The permission matrix: what every role gets from every route.

Each app lists its routes in ``permission_matrix.py`` as ``ROUTES = [Route(...), ...]``.
``grassroots/core/tests/test_permission_matrix.py`` enumerates every URL pattern and API
operation, fails for any route without an entry here, and requests each route as every
role on an object inside the role's scope and on one outside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from grassroots.orgs.models import Organization

from .world import ROLE_USERS, World

ALL = tuple(ROLE_USERS)  # every logged-in role
STAFF = ("county", "township", "branch_secretary", "branch_organizer")
COMMITTEES = ("county", "township")
READERS = ("county", "township", "branch_secretary", "branch_organizer", "leader", "auditor")

Status = int | tuple[int, ...]


def allow(roles: Iterable[str], ok: Status = 200, denied: Status = 404) -> dict[str, Status]:
    """``ok`` for the listed roles, ``denied`` for the other logged-in roles."""
    roles = set(roles)
    return {role: (ok if role in roles else denied) for role in ROLE_USERS}


@dataclass
class Route:
    """How to call one route and what each role must get.

    ``make(world, org)`` creates whatever the route needs at ``org`` and returns the URL
    kwargs; ``org`` is A1 (inside every role's scope) or B1 (outside all but the
    county's). ``expect`` maps roles to statuses for the inside object; on the outside
    object every role but the county gets ``outside``. ``data`` builds the POST body.
    """

    name: str
    expect: Mapping[str, Status]
    method: str = "GET"
    make: Callable[[World, Organization], dict[str, Any]] | None = None
    data: Callable[[World, Organization], dict[str, Any]] | None = None
    params: dict[str, str] = field(default_factory=dict)
    anon: Status = 302
    outside: Status | None = 404  # None: the same as inside (routes whose URL names no object)
    public: bool = False
    api: bool = False
    json: bool = False  # send ``data`` as a JSON body (API)

    def __post_init__(self) -> None:
        if self.api and self.anon == 302:
            self.anon = 401


def org_kwargs(world: World, org: Organization) -> dict[str, Any]:
    return {"pk": org.pk}


def org_id_kwargs(world: World, org: Organization) -> dict[str, Any]:
    return {"org_id": org.pk}
