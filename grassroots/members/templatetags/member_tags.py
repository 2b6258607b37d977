from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from grassroots.core.validators import mask_mobile

register = template.Library()


@register.filter
def age(birth: dt.date | None) -> int | str:
    """Age in full years today."""
    if not birth:
        return "—"
    today = timezone.localdate()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@register.filter
def masked_mobile(value: Any) -> str:
    return mask_mobile(str(value or "")) or "—"


@register.filter
def masked_address(value: Any) -> str:
    from grassroots.members.rules import mask_address

    return mask_address(str(value or "")) or "—"
