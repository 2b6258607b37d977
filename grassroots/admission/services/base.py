"""What every admission service shares: locking, the permission check, the guard, and
recording a step (its row, the case's step dates and key fields, the audit entry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation

from ..models import AdmissionCase, CaseStep
from ..rulebook import rules_on
from ..steps import STEPS, stage_of
from ..workflow import TRANSITIONS, enforce


def today() -> dt.date:
    return timezone.localdate()


def lock(case: AdmissionCase) -> AdmissionCase:
    # Lock the case row only (the member is an outer join: PostgreSQL cannot lock it).
    return (
        AdmissionCase.objects.select_for_update(of=("self",))
        .select_related("organization", "member")
        .get(pk=case.pk)
    )


def begin(actor: Any, case: AdmissionCase, verb: str, on: dt.date) -> AdmissionCase:
    """Lock the case, check the actor may take ``verb`` on it, and enforce every guard
    of the transition on the date ``on``."""
    case = lock(case)
    scoping.require(actor, TRANSITIONS[verb].permission, case.organization)
    enforce(case, verb, on, today=today())
    return case


def required_text(value: str, *, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(
            _("请填写%(label)s。") % {"label": label}, rule="admission.required", field=field
        )
    return value


def mark_step(case: AdmissionCase, step: int, on: dt.date | None) -> None:
    """Set (or, with ``on=None``, clear) a step's date in the current round and recompute
    the furthest step and the stage."""
    dates = dict(case.step_dates or {})
    if on is None:
        dates.pop(str(step), None)
    else:
        dates[str(step)] = on.isoformat()
    case.step_dates = dates
    case.step = max((int(k) for k in dates), default=0)
    case.stage = stage_of(case.step)


def use_record(case: AdmissionCase, kind: str, pk: int | None) -> None:
    if pk is None:
        return
    used = dict(case.used_records or {})
    used[kind] = [*used.get(kind, []), pk]
    case.used_records = used


def finish(
    *,
    actor: Any,
    case: AdmissionCase,
    verb: str,
    on: dt.date,
    opinion: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, list[Any]] | None = None,
    audit: dict[str, Any] | None = None,
) -> CaseStep | None:
    """Record the transition: the step's history row (if it completes a step), the
    case's step dates, the case itself and one audit entry ``admission.case.<verb>``."""
    t = TRANSITIONS[verb]
    rules = rules_on(on)
    row = None
    if t.step is not None:
        row = CaseStep.objects.create(
            case=case,
            step=t.step,
            done_on=on,
            opinion=opinion,
            data=data or {},
            rules_version=rules.version,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        mark_step(case, t.step, on)
    case.save()
    log_action(
        actor=actor,
        action=f"admission.case.{verb}",
        obj=case,
        organization=case.organization,
        changes=changes,
        data={
            "step": f"{t.step}.{STEPS[t.step].label}" if t.step else str(t.label),
            "on": on,
            "rules": rules.version,
            **(audit or {}),
        },
    )
    return row
