"""``{% load ballots %}{% subject_ballots obj %}``: the ballots about a subject, for the
subject's own page in another app."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("ballots/_subject_ballots.html")
def subject_ballots(subject: Any) -> dict[str, Any]:
    from grassroots.ballots.selectors import ballots_for_subject

    return {"ballots": list(ballots_for_subject(subject))}
