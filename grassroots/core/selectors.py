from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from . import scoping
from .models import Job, LogEntry


def log_entries_for(obj: models.Model, *, limit: int = 50, viewer: Any = None) -> list[LogEntry]:
    """The audit timeline of one object, newest first (one query). With ``viewer``, the
    names of organizations outside the viewer's scope are hidden (``audit.show_to``)."""
    from .audit import show_to

    ct = ContentType.objects.get_for_model(obj)
    entries = LogEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by(
        "-created_at", "-id"
    )[:limit]
    return show_to(entries, viewer)


def log_entry_search(
    *,
    actor: Any,
    who: str = "",
    action_type: str = "",
    org_path: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[LogEntry]:
    """Audit entries about organizations within the actor's ``audit.view`` scope.

    ``org_path`` narrows to a subtree (it must itself lie in scope: the caller resolves
    it through the scoped organization getter)."""
    paths = scoping.scope_paths(actor, "audit.view")
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(org_path__subtree=path)
    if any(len(path) == 4 for path in paths):  # the whole tree: also entries about no organization
        scope |= Q(org_path="")
    qs = LogEntry.objects.filter(scope)
    if org_path:
        qs = qs.filter(org_path__subtree=org_path)
    if who:
        qs = qs.filter(Q(actor_label__contains=who) | Q(actor__username=who))
    if action_type:
        qs = qs.filter(action_type__startswith=action_type)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")


def job_get(*, actor: Any, pk: Any) -> Job:
    """A job its creator started (404 for anyone else)."""
    return scoping.get_scoped_or_404(
        Job.objects.filter(created_by_id=getattr(actor, "pk", None)), pk=pk
    )


def job_list(*, actor: Any, kind: str = "") -> QuerySet[Job]:
    qs = Job.objects.filter(created_by_id=getattr(actor, "pk", None))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at")
