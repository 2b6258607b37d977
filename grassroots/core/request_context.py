"""Who is acting and from where, for the audit log, without handing requests to services.

The middleware sets it per request; management commands and tasks leave it empty.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "grassroots_request_context",
    default=RequestContext(),  # noqa: B039 (frozen)
)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def reset(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
