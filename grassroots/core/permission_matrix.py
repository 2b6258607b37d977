from django.db import transaction

from grassroots.core.audit import log_action
from grassroots.core.testing.matrix import Route, allow


def _audited(world, org):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        log_action(
            actor=None,
            action="test.recorded",
            organization=org,
            object_repr=world.marker(org) + "的记录",
        )
    return {}


ROUTES = [
    Route("core:audit", allow(["county", "auditor"], denied=403), make=_audited, outside=None),
]


def _job(world, org):  # type: ignore[no-untyped-def]
    from grassroots.core.models import Job

    job = Job.objects.create(
        kind="test",
        title=world.marker(org) + "任务",
        created_by=world.users["county"],
        organization=org,
    )
    return {"pk": job.pk}


ROUTES += [
    # A job is its creator's: everyone else gets 404.
    Route("core:job_detail", allow(["county"]), make=_job),
    Route(
        "core:job_download", allow(["county"], 404), make=_job
    ),  # no file attached: 404 for the creator too
]
