from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("core/_timeline.html", takes_context=True)
def timeline(context: dict[str, Any], obj: Any, limit: int = 50) -> dict[str, Any]:
    """The audit timeline of an object the page already shows (so already in scope)."""
    from grassroots.core.selectors import log_entries_for

    request = context.get("request")
    entries = log_entries_for(obj, limit=limit, viewer=getattr(request, "user", None))
    return {"entries": entries, "request": request}


@register.filter
def yuan(value: Any, digits: int = 2) -> str:
    """Money as Chinese users read it: 1,234.50 元."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value))
    return _("%(amount)s 元") % {
        "amount": formats.number_format(amount, decimal_pos=digits, force_grouping=True)
    }


@register.filter
def wan_yuan(value: Any) -> str:
    """Large sums in 万元: 375.00 万元."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value)) / Decimal(10000)
    return _("%(amount)s 万元") % {
        "amount": formats.number_format(amount, decimal_pos=2, force_grouping=True)
    }


@register.filter
def cn_date(value: Any) -> str:
    if not value:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.date()
    return formats.date_format(value, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
