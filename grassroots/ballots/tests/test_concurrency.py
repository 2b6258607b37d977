"""A code casts one ballot even when submitted many times at the same moment: proven on
PostgreSQL with threads on separate connections (SQLite serializes writers anyway)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections

from grassroots.ballots import services
from grassroots.ballots.models import BallotCode, CastBallot
from grassroots.core.errors import RuleViolation

from .test_codes import _open_ballot


@pytest.fixture(scope="module", autouse=True)
def _restore_holidays(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A transactional test ends with a flush of every table, the holiday table seeded by
    a data migration included: put it back for the tests that run after this module."""
    yield
    from grassroots.core.calendar import seed_from_package

    with django_db_blocker.unblock():
        seed_from_package()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_code_submitted_at_once_casts_one_ballot(world: Any) -> None:
    """Eight threads, each on its own database connection, submit the same code at the
    same moment: exactly one ballot is cast, the seven others are told the code is used."""
    assert connection.vendor == "postgresql"
    secretary = world.users["branch_secretary"]
    ballot, codes = _open_ballot(secretary, world.orgs["a1"], full=3, codes=1)
    threads = 8
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(choice: str) -> None:
        try:
            barrier.wait(timeout=30)
            services.ballot_cast(code=codes[0], choices={0: choice})
            outcome = "ok"
        except RuleViolation as exc:
            outcome = exc.rule
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    workers = [
        threading.Thread(target=submit, args=("yes" if i % 2 else "no",)) for i in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert sorted(outcomes) == ["ballots.code_used"] * (threads - 1) + ["ok"], outcomes
    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert BallotCode.objects.get(ballot=ballot).used
