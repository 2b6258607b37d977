"""Printing ballot slips (选票条) in the background: codes drawn, QR codes drawn, a PDF of
A4 sheets, and only then the codes' hashes stored — a failed print leaves no codes."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from grassroots.core.jobs import Progress, job_handler, job_start
from grassroots.core.models import Job

from . import codes as code_lib
from . import services
from .models import Ballot, VoterKind

SLIPS_PER_PAGE = 8  # 2 × 4 on an A4 sheet


def vote_url(base_url: str, ballot: Ballot, code: str = "") -> str:
    """The voting page; the code goes in the fragment (#…), which browsers do not send,
    so it never reaches a server's access log."""
    url = base_url.rstrip("/") + reverse("ballots:public_vote", args=[ballot.public_id])
    return f"{url}#{code_lib.display(code)}" if code else url


def start_slip_job(
    *, actor: Any, ballot: Ballot, count: int, base_url: str, kind: str = VoterKind.MEMBER
) -> Job:
    """Queue the printing of ``count`` slips; refuses now what the job would refuse."""
    services.ballot_check_codes(actor=actor, ballot=ballot, count=count, kind=kind)
    return job_start(
        actor=actor,
        kind="ballots.slips",
        title=_("打印投票码：%(title)s（%(kind)s，%(n)d张）")
        % {"title": ballot.title, "kind": VoterKind(kind).label, "n": count},
        params={"ballot_id": ballot.pk, "count": count, "kind": kind, "base_url": base_url},
        organization=ballot.organization,
    )


def render_slips_pdf(
    ballot: Ballot, codes: list[str], *, kind: str, base_url: str, progress: Progress | None = None
) -> bytes:
    from weasyprint import HTML

    slips = []
    for code in codes:
        url = vote_url(base_url, ballot, code)
        slips.append(
            {
                "code": code_lib.display(code),
                "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
            }
        )
        if progress is not None:
            progress.advance(1)
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    for page in pages:
        page.extend([None] * (SLIPS_PER_PAGE - len(page)))  # type: ignore[list-item]
    html = render_to_string(
        "ballots/slips.html",
        {
            "ballot": ballot,
            "kind_label": VoterKind(kind).label,
            "pages": [[page[i : i + 2] for i in range(0, SLIPS_PER_PAGE, 2)] for page in pages],
            "short_url": vote_url(base_url, ballot),
        },
    )
    if progress is not None:
        progress.set(progress.job.progress, _("正在排版PDF"))
    return HTML(string=html, base_url=base_url).write_pdf()


@job_handler("ballots.slips")
def print_slips(job: Job, progress: Progress) -> None:
    ballot = Ballot.objects.select_related("organization").get(pk=job.params["ballot_id"])
    count, kind = int(job.params["count"]), str(job.params["kind"])
    actor = job.created_by
    services.ballot_check_codes(actor=actor, ballot=ballot, count=count, kind=kind)
    progress.set_total(count, _("正在生成投票码和二维码"))
    codes = code_lib.generate(count)
    pdf = render_slips_pdf(
        ballot, codes, kind=kind, base_url=job.params["base_url"], progress=progress
    )
    services.ballot_issue_codes(actor=actor, ballot=ballot, count=count, kind=kind, codes=codes)
    progress.attach(f"ballot-{ballot.pk}-slips.pdf", pdf)
    pages = (count + SLIPS_PER_PAGE - 1) // SLIPS_PER_PAGE
    job.result = {
        "ballot_id": ballot.pk,
        "count": count,
        "summary": _("已生成%(n)d张投票码选票条，共%(pages)d页A4，请打印后沿虚线裁开，随机发放。")
        % {"n": count, "pages": pages},
    }
