"""Background jobs of the member registry: the Excel import (and the export's exporter)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from grassroots.core.jobs import Progress, job_handler
from grassroots.core.models import Job
from grassroots.orgs.models import Organization

from . import exports  # noqa: F401  (registers the member list exporter for the export job)
from .importing import import_members


@job_handler("members.import")
def run_import(job: Job, progress: Progress) -> None:
    """Params: ``path`` (file in default storage), ``org_id``, ``dry_run``."""
    params = job.params
    organization = Organization.objects.get(pk=params["org_id"])
    progress.set_total(0, _("正在读取文件"))

    def report(done: int, total: int, message: str) -> None:
        if total:
            progress.job.total = total
        progress.set(done, message)

    with default_storage.open(params["path"], "rb") as source:
        result = import_members(
            actor=job.created_by,
            organization=organization,
            source=source,
            dry_run=params["dry_run"],
            on_progress=report,
        )
    job.total = job.progress = result.rows
    job.result = {**result.as_dict(), "path": params["path"], "org_id": organization.pk}
    job.message = result.summary()
    if not params["dry_run"] and result.ok:
        default_storage.delete(params["path"])
