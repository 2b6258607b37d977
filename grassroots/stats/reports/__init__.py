"""The annual report in four formats (Word, PDF, Excel, JSON) from one content model."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence

from grassroots.orgs.models import Organization

from ..selectors import report_json

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def report_filename(org: Organization, year: int, fmt: str) -> str:
    return f"{org.code}-{year}-annual-report.{fmt}"


def render_report(
    org: Organization,
    year: int,
    fmt: str,
    *,
    progress: Callable[[str], None] | None = None,
    children: Sequence[Organization] | None = None,
    date: dt.date | None = None,
) -> bytes:
    """The annual report of ``org``'s subtree for ``year`` as ``fmt`` bytes, dated
    ``date`` (default: 31 December of ``year``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if fmt == "json":
        data = report_json(org, year)
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    from .content import build_report

    report = build_report(
        org, year, progress=progress, children=children, render_charts=fmt != "xlsx", date=date
    )
    if progress:
        from django.utils.translation import gettext as _

        progress(_("正在生成文档"))
    if fmt == "docx":
        from .word import render_docx

        return render_docx(report)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    from .excel import render_xlsx

    return render_xlsx(report)
