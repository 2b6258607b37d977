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
from django.utils.translation import gettext_lazy

from . import request_context
from .models import LogEntry

if TYPE_CHECKING:
    from grassroots.orgs.models import Organization

# Keys whose values never reach the log in clear: credentials and personal ID numbers.
# An organization's ``code`` is a public identifier and stays readable; a ballot's
# one-time codes, backup codes and OTP secrets are credentials and are masked.
SECRET_FIELDS = frozenset(
    {
        "password",
        "key_hash",
        "token",
        "secret",
        "bin_key",
        "ballot_code",
        "voting_code",
        "one_time_code",
        "backup_code",
        "backup_codes",
        "otp_code",
    }
)
# Key endings that mark a secret whatever comes before them (``new_password``,
# ``otp_secret``, ``api_token``, ``id_number_encrypted`` ...).
SECRET_SUFFIXES = ("password", "_secret", "_token", "_key_hash", "_codes_hash")
SECRET_PREFIXES = ("id_number",)
MASK = "******"
# ``data[ORG_REFS]`` maps a data key naming an organization to that organization's path
# (``"changes.<field>"`` to the old and new paths), so a page can hide the names of
# organizations outside its reader's scope (see :func:`shown_data`).
ORG_REFS = "_orgs"
OUT_OF_SCOPE = gettext_lazy("（范围外组织）")


def is_secret(key: str) -> bool:
    key = key.lower()
    return key in SECRET_FIELDS or key.endswith(SECRET_SUFFIXES) or key.startswith(SECRET_PREFIXES)


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


def shown_data(entry: LogEntry, viewer: Any = None) -> dict[str, Any]:
    """The entry's data as ``viewer`` may read it: names of organizations outside the
    viewer's ``orgs.view`` scope replaced by 「（范围外组织）」. Without a viewer (commands,
    exports made for the whole tree) the data is returned as stored, less the references."""
    data = dict(entry.data or {})
    refs = data.pop(ORG_REFS, None) or {}
    if not refs or viewer is None:
        return data
    from . import scoping

    paths = scoping.scope_paths(viewer, "orgs.view")

    def hidden(path: Any) -> bool:
        return bool(path) and not any(str(path).startswith(p) for p in paths)

    changes = dict(data.get("changes") or {})
    for key, ref in refs.items():
        if key.startswith("changes."):
            name = key.removeprefix("changes.")
            pair = list(changes.get(name) or [])
            for i, path in enumerate(ref or []):
                if i < len(pair) and hidden(path):
                    pair[i] = str(OUT_OF_SCOPE)
            changes[name] = pair
        elif hidden(ref):
            data[key] = str(OUT_OF_SCOPE)
    if changes:
        data["changes"] = changes
    return data


def show_to(entries: Iterable[LogEntry], viewer: Any) -> list[LogEntry]:
    """Prepare entries for display to ``viewer``: ``entry.sentence`` and
    ``entry.shown_data`` then hide out-of-scope organization names."""
    out = list(entries)
    for entry in out:
        entry.viewer_data = shown_data(entry, viewer)  # type: ignore[attr-defined]
    return out


def render_sentence(entry: LogEntry, data: Mapping[str, Any] | None = None) -> str:
    action = _registry.get(entry.action_type)
    actor = entry.actor_label or _("系统")
    if action is None:
        return f"{actor}：{entry.action_type}（{entry.object_repr}）"
    if data is None:
        data = shown_data(entry)
    values = _Default({k: v for k, v in data.items() if not isinstance(v, dict | list)})
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
        if is_secret(str(key)) and value not in (None, ""):
            out[key] = MASK
        elif isinstance(value, Mapping):
            out[key] = mask_secrets(value)
        elif isinstance(value, list | tuple):
            out[key] = [mask_secrets(v) if isinstance(v, Mapping) else _jsonable(v) for v in value]
        else:
            out[key] = _jsonable(value)
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that changed, secrets masked."""
    changes: dict[str, list[Any]] = {}
    for key in after:
        old, new = before.get(key), after[key]
        if old != new:
            if is_secret(key):
                changes[key] = [MASK, MASK]
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
    org_refs: Mapping[str, Any] | None = None,
) -> LogEntry:
    """Append one audit entry. Must run inside the service's transaction.

    ``org_refs`` names the organizations the entry mentions besides its own, by data
    key (``{"old_parent": org}``): the key gets the organization's name, and readers
    outside that organization's scope see 「（范围外组织）」 instead. A key
    ``"changes.<field>"`` takes ``(old_org, new_org)`` for a change pair holding names."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must be called inside the service's transaction")
    payload: dict[str, Any] = mask_secrets(data or {})
    if changes:
        payload["changes"] = _jsonable(dict(changes))
    if org_refs:
        refs: dict[str, Any] = {}
        for key, ref in org_refs.items():
            if key.startswith("changes."):
                refs[key] = [o.path if o is not None else "" for o in ref]
            elif ref is not None:
                payload.setdefault(key, ref.name)
                refs[key] = ref.path
        payload[ORG_REFS] = refs
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
