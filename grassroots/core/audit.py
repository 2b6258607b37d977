"""Writing and reading the audit log.

Services call :func:`log_action` once per state change, inside their transaction.
Each app describes its action types in ``audit_actions.py`` with :func:`register`, so
the timeline can say in a sentence what happened ("张三 将组织「…」更名为「…」").
"""

from __future__ import annotations

import datetime as dt
import decimal
import string
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import request_context
from .models import LogEntry

if TYPE_CHECKING:
    from grassroots.orgs.models import Organization

# Fields whose values never reach the log in clear.
SECRET_FIELDS = {
    "password",
    "id_number",
    "id_number_encrypted",
    "key_hash",
    "token",
    "secret",
    "code",
}


@dataclass(frozen=True)
class ActionType:
    key: str
    template: str | Promise


_registry: dict[str, ActionType] = {}


def register(key: str, template: str | Promise) -> None:
    """Describe an action type; ``template`` may use ``{actor}``, ``{object}`` and keys of
    the entry's ``data``."""
    _registry[key] = ActionType(key, template)


def registered_types() -> dict[str, ActionType]:
    return dict(_registry)


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def render_sentence(entry: LogEntry) -> str:
    action = _registry.get(entry.action_type)
    actor = entry.actor_label or _("系统")
    if action is None:
        return f"{actor}：{entry.action_type}（{entry.object_repr}）"
    values = _Default(
        {k: v for k, v in (entry.data or {}).items() if not isinstance(v, dict | list)}
    )
    values.update(actor=actor, object=entry.object_repr)
    try:
        return string.Formatter().vformat(str(action.template), (), values)
    except (ValueError, IndexError):
        return f"{actor}：{entry.action_type}（{entry.object_repr}）"


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def mask_secrets(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in SECRET_FIELDS and value not in (None, ""):
            out[key] = "******"
        elif isinstance(value, Mapping):
            out[key] = mask_secrets(value)
        else:
            out[key] = _jsonable(value)
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that changed, secrets masked."""
    changes: dict[str, list[Any]] = {}
    for key in after:
        old, new = before.get(key), after[key]
        if old != new:
            if key in SECRET_FIELDS:
                changes[key] = ["******", "******"]
            else:
                changes[key] = [_jsonable(old), _jsonable(new)]
    return changes


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return getattr(actor, "display_name", None) or str(actor)


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    organization: Organization | None = None,
    changes: Mapping[str, list[Any]] | None = None,
    data: Mapping[str, Any] | None = None,
    object_repr: str | None = None,
) -> LogEntry:
    """Append one audit entry. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must be called inside the service's transaction")
    payload: dict[str, Any] = mask_secrets(data or {})
    if changes:
        payload["changes"] = _jsonable(dict(changes))
    if organization is None and obj is not None:
        organization = _organization_of(obj)
    ctx = request_context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return LogEntry.objects.create(
        actor=user,
        actor_label=actor_label(actor),
        action_type=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(
            object_repr if object_repr is not None else str(obj) if obj is not None else ""
        )[:200],
        organization=organization,
        org_path=organization.path if organization is not None else "",
        data=payload,
        ip=ctx.ip,
    )


def _organization_of(obj: models.Model) -> Organization | None:
    from grassroots.orgs.models import Organization

    if isinstance(obj, Organization):
        return obj
    org = getattr(obj, "organization", None)
    return org if isinstance(org, Organization) else None
