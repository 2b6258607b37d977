"""Request types for views and API operations that require a logged-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from grassroots.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``."""

    user: User
    htmx: HtmxDetails


class ApiRequest(HttpRequest):
    """An API request; ``auth`` is the authenticated user."""

    auth: User
    user: User
