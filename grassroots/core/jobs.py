"""Background jobs with progress, on top of django-tasks.

An app registers a handler for a job kind::

    @job_handler("members.import")
    def run_import(job: Job, progress: Progress) -> None:
        progress.set_total(len(rows))
        ...
        progress.advance(500, _("已校验 500 行"))
        job.result = {...}                     # saved when the handler returns
        progress.attach(filename, content)     # optional file for download

and starts one from a view, command or API with :func:`job_start`. The task is enqueued
when the transaction commits and carries only the job's id. The job page polls its
progress (htmx) and offers the file when done.

Progress is written to the job row as it goes. Report it outside the handler's own
``transaction.atomic`` blocks (validate first, then write everything in one transaction
at the end): inside an open transaction other connections cannot see it yet.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .audit import log_action
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Handler = Callable[[Job, "Progress"], None]
_handlers: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def decorator(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return decorator


class Progress:
    """Progress reports from a running handler; written straight to the job row so the
    page polling it sees them while the handler's own transaction is still open."""

    def __init__(self, job: Job, *, min_interval: float = 0.5):
        self.job = job
        self._last = 0.0
        self._min_interval = min_interval

    def set_total(self, total: int, message: str = "") -> None:
        self.job.total = total
        self._write(message, force=True)

    def advance(self, n: int = 1, message: str = "") -> None:
        self.job.progress += n
        self._write(message)

    def set(self, progress: int, message: str = "") -> None:
        self.job.progress = progress
        self._write(message)

    def _write(self, message: str, force: bool = False) -> None:
        import time

        if message:
            self.job.message = message[:300]
        now = time.monotonic()
        if force or now - self._last >= self._min_interval:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(
                progress=self.job.progress, total=self.job.total, message=self.job.message
            )

    def attach(self, filename: str, content: bytes) -> None:
        self.job.result_filename = filename
        self.job.result_file.save(filename, ContentFile(content), save=False)


def _registered(kind: str) -> Handler:
    if kind not in _handlers:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
    return _handlers[kind]


@transaction.atomic
def job_start(
    *, actor: Any, kind: str, title: str, params: dict[str, Any], organization: Any = None
) -> Job:
    """Queue a job; it runs after the current transaction commits."""
    _registered(kind)  # fail now, not in the worker, for an unknown kind
    job = Job.objects.create(
        kind=kind, title=title, params=params, created_by=actor, organization=organization
    )
    log_action(
        actor=actor,
        action="core.job.started",
        obj=job,
        organization=organization,
        data={"kind": kind},
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.status = JobStatus.RUNNING
    progress = Progress(job)
    try:
        _registered(job.kind)(job, progress)
    except Exception as exc:  # the job fails; the worker goes on
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.refresh_from_db(fields=["progress", "total"])
        job.status = JobStatus.FAILED
        job.message = _("任务失败：%(error)s") % {"error": str(exc)[:200]}
        job.result = {**job.result, "traceback": traceback.format_exc()[-4000:]}
    else:
        job.status = JobStatus.SUCCEEDED
        job.progress = job.total or job.progress
    job.finished_at = timezone.now()
    job.save()
