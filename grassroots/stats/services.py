"""Starting annual-report jobs. (Statistics themselves change nothing.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.jobs import job_start
from grassroots.core.models import Job
from grassroots.orgs.models import Organization

from .selectors import MIN_YEAR, PERMISSION

REPORT_JOB = "stats.annual_report"
FORMATS = ("docx", "pdf", "xlsx", "json")


@transaction.atomic
def report_job_start(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    fmt: str,
    date: dt.date | None = None,
) -> Job:
    """Queue the annual report of ``organization``'s subtree for ``year`` as a background
    job (the job start is the audit entry). ``date`` is the date of issue printed under
    the signature (default: 31 December of ``year``)."""
    scoping.require(actor, PERMISSION, organization)
    if fmt not in FORMATS:
        raise RuleViolation(
            _("不支持的报告格式：%(fmt)s。") % {"fmt": fmt}, rule="stats.report_format", field="fmt"
        )
    from django.utils import timezone

    if not MIN_YEAR <= year <= timezone.localdate().year:
        raise RuleViolation(
            _("统计年度须在%(low)s年至今年之间。") % {"low": MIN_YEAR},
            rule="stats.report_year",
            field="year",
        )
    return job_start(
        actor=actor,
        kind=REPORT_JOB,
        title=_("%(org)s%(year)s年度党建工作报告（%(fmt)s）")
        % {"org": organization.name, "year": year, "fmt": fmt.upper()},
        params={
            "org_id": organization.pk,
            "year": year,
            "format": fmt,
            "date": date.isoformat() if date else "",
        },
        organization=organization,
    )
