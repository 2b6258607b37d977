"""The annual report as a background job with a progress bar."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.jobs import Progress, job_handler
from grassroots.core.models import Job
from grassroots.orgs.models import Organization

from .reports import render_report, report_filename
from .selectors import PERMISSION, Period, stats_children
from .services import REPORT_JOB

STEPS = 9  # values, children, up to 4 charts, document, saving (progress is approximate)


@job_handler(REPORT_JOB)
def run_annual_report(job: Job, progress: Progress) -> None:
    org = Organization.objects.get(pk=job.params["org_id"])
    actor = job.created_by
    # The scope is checked again when the job runs: a role revoked meanwhile stops it.
    if not scoping.covers(actor, PERMISSION, org):
        raise PermissionError(_("您已无权查看该组织的统计。"))
    year, fmt = int(job.params["year"]), job.params["format"]
    progress.set_total(STEPS, _("开始生成"))

    def step(message: str) -> None:
        progress.advance(1, message)

    children = list(stats_children(actor=actor, org=org, period=Period.year(year)))
    date = dt.date.fromisoformat(job.params["date"]) if job.params.get("date") else None
    content = render_report(org, year, fmt, progress=step, children=children, date=date)
    progress.set(STEPS, _("正在保存"))
    filename = report_filename(org, year, fmt)
    progress.attach(filename, content)
    progress.set(STEPS, _("报告已生成"))
    job.result = {
        "summary": _("已生成%(org)s%(year)s年度报告（%(size)s KB）。")
        % {"org": org.name, "year": year, "size": max(1, len(content) // 1024)},
        "format": fmt,
    }
