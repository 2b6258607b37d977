"""Cached statistics, invalidated by a data version.

Every change to records goes through a service, and every service writes exactly one
audit entry (``grassroots.core.audit.log_action``). So "the data changed" is "an audit
entry was written": a ``post_save`` receiver on ``LogEntry`` (``apps.py``) bumps one
version key, and every cached statistic is stored under the version that was current
when its computation *started*. Nothing is deleted; stale entries are simply never read
again and expire.

The bump happens when the writing transaction commits (``on_commit``): a reader that
read the old version and computes during the write stores its result under the old
version, which the bump retires; a reader that sees the new version reads committed
data. The version is a random token, not a counter, so concurrent bumps cannot collide
and a lost or evicted version key only costs a recomputation.

Audit entries that cannot change a statistic (logins, tokens, job starts, reveals of
personal data: the ``accounts`` and ``core`` actions) do not bump the version. Writes
that bypass the services (a shell, a data migration) are seen at the latest after
:data:`TIMEOUT`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "stats:data-version"
TIMEOUT = 60 * 60  # seconds a cached statistic lives at most
IGNORED_ACTION_APPS = frozenset({"accounts", "core"})

T = TypeVar("T")


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or "0"
    return str(version)


def bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_on_commit() -> None:
    transaction.on_commit(bump)


def on_log_entry_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``post_save`` receiver for ``core.LogEntry``: only bumps the version key."""
    if created and instance.action_type.split(".", 1)[0] not in IGNORED_ACTION_APPS:
        bump_on_commit()


def cached(name: str, parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()``'s result, cached under ``name``, ``parts`` and the data version."""
    version = data_version()  # read before computing: see the module docstring
    key = "stats:{}:{}:{}".format(name, version, ":".join(str(p) for p in parts))
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = build()
    cache.set(key, value, TIMEOUT)
    return value
