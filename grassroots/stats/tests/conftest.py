from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def tongshan(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The Tongshan 2014 demo, loaded once for the whole test module inside a transaction
    that is rolled back at the end (each test still runs in its own savepoint through
    the ``db`` fixture). Yields the county root."""
    from grassroots.orgs.models import Organization

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
            yield Organization.objects.get(depth=1)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
