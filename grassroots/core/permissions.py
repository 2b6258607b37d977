"""Which role may do what. Each app grants its own permissions in ``permissions.py``:

    grant("orgs.view", Role.COUNTY, Role.TOWNSHIP, ...)

A permission held through a role assignment applies to the assignment's whole subtree.
"""

from __future__ import annotations

from collections import defaultdict

from .roles import Role

_grants: dict[str, set[str]] = defaultdict(set)
_loaded = False


def grant(permission: str, *roles: Role) -> None:
    for role in roles:
        _grants[str(role)].add(permission)


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
        _loaded = True


def role_has(role: str, permission: str) -> bool:
    _ensure_loaded()
    return permission in _grants.get(role, ())


def roles_with(permission: str) -> set[str]:
    _ensure_loaded()
    return {role for role, perms in _grants.items() if permission in perms}


def permissions_of(role: str) -> frozenset[str]:
    _ensure_loaded()
    return frozenset(_grants.get(role, ()))


def all_permissions() -> set[str]:
    _ensure_loaded()
    return set().union(*_grants.values()) if _grants else set()
