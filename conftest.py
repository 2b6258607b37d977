from __future__ import annotations

import pytest


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """The small scoping tree with one user per role (grassroots/core/testing/world.py)."""
    from grassroots.core.testing.world import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fresh_caches():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
