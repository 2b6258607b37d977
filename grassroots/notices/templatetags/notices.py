"""``{% load notices %}{% subject_notices obj %}``: the notices of a subject, for the
subject's own page in another app (admission, commitments ...)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("notices/_subject_notices.html")
def subject_notices(subject: Any) -> dict[str, Any]:
    from grassroots.notices.selectors import notices_for_subject

    return {"notices": list(notices_for_subject(subject))}
