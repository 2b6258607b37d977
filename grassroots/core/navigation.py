"""The main menu. Each app adds its entries in ``navigation.py``:

    register(NavItem(key="orgs", label=_("组织"), url_name="orgs:tree", permission="orgs.view", order=20))

An entry shows for users holding its permission on any organization.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from . import scoping

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str | None = None
    icon: str = "bi-circle"
    order: int = 100


_items: dict[str, NavItem] = {}
_loaded = False


def register(item: NavItem) -> None:
    _items[item.key] = item


def registered_items() -> list[NavItem]:
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("navigation")
        _loaded = True
    return sorted(_items.values(), key=lambda i: (i.order, i.key))


def items_for(user: Any) -> list[dict[str, Any]]:
    visible = []
    for item in registered_items():
        if item.permission is None or scoping.has_permission_anywhere(user, item.permission):
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                # A broken menu entry must not take every page down; test_navigation catches it.
                logger.error(
                    "navigation item %s points at unknown route %s", item.key, item.url_name
                )
                continue
            visible.append({"key": item.key, "label": item.label, "url": url, "icon": item.icon})
    return visible
