"""Exports: registered exporter classes producing xlsx from one row iterator.

An app defines an exporter in its ``exports.py``::

    @register
    class MemberExporter(Exporter):
        key = "members.list"
        title = _("党员名册")
        permission = "members.export"
        personal_data = True
        columns = [Column("name", _("姓名")), Column("id_number", _("身份证号"), personal=True)]

        def rows(self, columns):          # one iterator serves every format
            for m in self.queryset():
                yield [...]

and imports that module in its ``jobs.py`` (so the worker knows it). A view starts the
export with :func:`export_start`, which runs it as a background job with progress; the
file carries a stamp saying who exported it and when, and an export of personal data
writes a ``core.personal_data.exported`` audit entry.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import scoping
from .audit import actor_label, log_action
from .jobs import Progress, job_handler, job_start
from .models import Job


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    personal: bool = False  # personal data (ID numbers, phones, addresses)
    default: bool = True  # ticked by default in the column chooser


class Exporter:
    """One export: its columns and the rows for the chosen columns."""

    key: ClassVar[str]
    title: ClassVar[str | Promise]
    permission: ClassVar[str]
    personal_data: ClassVar[bool] = False
    columns: ClassVar[list[Column]] = []

    def __init__(self, *, actor: Any, params: dict[str, Any]):
        self.actor = actor
        self.params = params

    def organization(self) -> Any:
        """The organization the export is about (for the audit entry), if any."""
        return None

    def count(self) -> int | None:
        """How many rows, for the progress bar (None if unknown)."""
        return None

    def rows(self, columns: Sequence[str]) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def chosen(self, keys: Iterable[str]) -> list[Column]:
        wanted = set(keys)
        chosen = [c for c in self.columns if c.key in wanted]
        return chosen or [c for c in self.columns if c.default]


_registry: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    _registry[cls.key] = cls
    return cls


def get_exporter(key: str) -> type[Exporter]:
    if key not in _registry:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
    return _registry[key]


def stamp_text(actor: Any, when: Any = None) -> str:
    when = timezone.localtime(when or timezone.now())
    return _(
        "导出人：%(who)s　导出时间：%(when)s　本表由平台生成，含个人信息的请妥善保管，不得外传。"
    ) % {
        "who": actor_label(actor) or _("系统"),
        "when": when.strftime("%Y-%m-%d %H:%M"),
    }


def render_xlsx(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    stamp: str,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """An xlsx workbook (write-only, so memory stays flat): the stamp row, the header
    row, then the rows. Returns the file and the number of rows written."""
    wb = Workbook(write_only=True)
    wb.properties.creator = stamp[:200]
    wb.properties.title = title
    ws = wb.create_sheet(title[:31] or "Sheet1")
    ws.freeze_panes = "A3"
    stamp_cell = WriteOnlyCell(ws, value=stamp)
    stamp_cell.font = Font(italic=True, color="A01016")
    ws.append([stamp_cell])
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    n = 0
    for row in rows:
        ws.append(list(row))
        n += 1
        if progress is not None and n % 1000 == 0:
            progress.advance(1000)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), n


def run_export(
    *,
    actor: Any,
    key: str,
    params: dict[str, Any],
    columns: Sequence[str],
    progress: Progress | None = None,
) -> tuple[str, bytes, int]:
    """Build the file now; returns (filename, content, rows). Audits personal data."""
    exporter_cls = get_exporter(key)
    scoping.require(actor, exporter_cls.permission)
    exporter = exporter_cls(actor=actor, params=params)
    chosen = exporter.chosen(columns)
    if progress is not None:
        progress.set_total(exporter.count() or 0, _("正在生成文件"))
    now = timezone.now()
    title = str(exporter_cls.title)
    content, n = render_xlsx(
        title=title,
        headers=[str(c.label) for c in chosen],
        rows=exporter.rows([c.key for c in chosen]),
        stamp=stamp_text(actor, now),
        progress=progress,
    )
    filename = f"{title}-{timezone.localtime(now):%Y%m%d-%H%M}.xlsx"
    personal = exporter_cls.personal_data and any(c.personal for c in chosen)
    with transaction.atomic():
        log_action(
            actor=actor,
            action="core.personal_data.exported" if personal else "core.data.exported",
            organization=exporter.organization(),
            object_repr=title,
            data={"rows": n, "columns": [str(c.label) for c in chosen], "exporter": key},
        )
    return filename, content, n


def export_start(
    *,
    actor: Any,
    key: str,
    params: dict[str, Any],
    columns: Sequence[str],
    organization: Any = None,
) -> Job:
    """Run an export as a background job (the job page offers the file)."""
    exporter_cls = get_exporter(key)
    scoping.require(actor, exporter_cls.permission)
    return job_start(
        actor=actor,
        kind="core.export",
        title=_("导出：%(title)s") % {"title": exporter_cls.title},
        params={"key": key, "params": params, "columns": list(columns)},
        organization=organization,
    )


@job_handler("core.export")
def _run_export_job(job: Job, progress: Progress) -> None:
    filename, content, n = run_export(
        actor=job.created_by,
        key=job.params["key"],
        params=job.params.get("params", {}),
        columns=job.params.get("columns", []),
        progress=progress,
    )
    progress.attach(filename, content)
    job.result = {"summary": _("已导出 %(n)d 行。") % {"n": n}, "rows": n}
