"""The voting page reached by a slip's QR code, and the public receipt list (no login)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.middleware import client_ip

from . import selectors, services
from .forms import ReceiptCheckForm, VoteForm
from .models import BallotStatus


@never_cache
@require_http_methods(["GET", "POST"])
def public_vote(request: HttpRequest, public_id: str) -> HttpResponse:
    ballot = selectors.public_ballot_get(public_id=public_id)
    questions = list(ballot.questions.all())
    form = VoteForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.ballot_cast(
                code=form.cleaned_data["code"],
                choices=form.choices(),
                ballot=ballot,
                ip=client_ip(request),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            # Shown in the response itself, never in a URL.
            return render(
                request, "ballots/public_vote_done.html", {"ballot": ballot, "receipt": receipt}
            )
    return render(
        request,
        "ballots/public_vote.html",
        {"ballot": ballot, "form": form, "is_open": ballot.status == BallotStatus.OPEN},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_receipts(request: HttpRequest, public_id: str) -> HttpResponse:
    ballot = selectors.public_ballot_get(public_id=public_id)
    receipts = selectors.public_receipts(ballot)
    form = ReceiptCheckForm(request.POST or None)
    mine, found = "", None
    if request.method == "POST" and form.is_valid() and receipts:
        mine, found = selectors.receipt_for_code(ballot, form.cleaned_data["code"])
    return render(
        request,
        "ballots/public_receipts.html",
        {
            "ballot": ballot,
            "receipts": receipts,
            "form": form,
            "mine": mine,
            "found": found,
            "over": ballot.status in (BallotStatus.CLOSED, BallotStatus.PUBLISHED),
        },
    )
