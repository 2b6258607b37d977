from __future__ import annotations

from typing import Any

import pytest
from django.db import connection


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.postgres`` tests need PostgreSQL (row locks, real concurrency)."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def branch(world: Any) -> Any:
    return world.orgs["a1"]


@pytest.fixture
def secretary(world: Any) -> Any:
    return world.users["branch_secretary"]


@pytest.fixture
def organizer(world: Any) -> Any:
    return world.users["branch_organizer"]
