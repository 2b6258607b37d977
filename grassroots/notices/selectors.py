"""Reads of notices: scoped for staff, public for the portal, and the workflow guard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.templatetags.grassroots import cn_date

from .models import Notice, NoticeStatus, Objection, ObjectionStatus


def _with_counts(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    return qs.annotate(
        objection_count=Count("objections"),
        open_objection_count=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)),
    )


def notice_list(*, actor: Any, state: str = "", purpose: str = "") -> QuerySet[Notice]:
    """Notices of organizations in the actor's scope, newest first. ``state``: ``open``
    (in the notice period), ``pending`` (with unanswered objections), ``ended``,
    ``withdrawn``."""
    today = timezone.localdate()
    qs = Notice.objects.filter(scoping.scope_q(actor, "notices.view")).select_related(
        "organization", "published_by"
    )
    if state == "open":
        qs = qs.filter(status=NoticeStatus.PUBLISHED, starts_on__lte=today, ends_on__gte=today)
    elif state == "ended":
        qs = qs.filter(status=NoticeStatus.PUBLISHED, ends_on__lt=today)
    elif state == "withdrawn":
        qs = qs.filter(status=NoticeStatus.WITHDRAWN)
    elif state == "pending":
        qs = qs.filter(objections__status=ObjectionStatus.OPEN).distinct()
    if purpose:
        qs = qs.filter(purpose=purpose)
    return _with_counts(qs).order_by("-starts_on", "-id")


def notice_get(*, actor: Any, pk: Any, permission: str = "notices.view") -> Notice:
    return scoping.get_scoped_or_404(
        Notice.objects.filter(scoping.scope_q(actor, permission)).select_related(
            "organization", "published_by", "withdrawn_by", "subject_type"
        ),
        pk=pk,
    )


def notice_objections(notice: Notice) -> QuerySet[Objection]:
    """The objections of a notice the caller already holds (so already in scope)."""
    return notice.objections.select_related("answered_by").order_by("submitted_at", "id")


def objection_get(*, actor: Any, pk: Any, permission: str = "notices.view") -> Objection:
    return scoping.get_scoped_or_404(
        Objection.objects.filter(
            scoping.scope_q(actor, permission, field="notice__organization")
        ).select_related("notice__organization", "answered_by"),
        pk=pk,
    )


# --- public --------------------------------------------------------------------------


def public_notice_list(*, organization_id: int | None = None) -> QuerySet[Notice]:
    """Notices in their notice period today, by organization (public: no login)."""
    today = timezone.localdate()
    qs = Notice.objects.filter(
        status=NoticeStatus.PUBLISHED, starts_on__lte=today, ends_on__gte=today
    ).select_related("organization")
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("organization__path", "-starts_on", "-id")


def public_notice_get(*, pk: Any) -> Notice:
    """A published notice whose period has begun (ended ones stay readable); 404 for a
    withdrawn or not yet started one."""
    return scoping.get_scoped_or_404(
        _with_counts(
            Notice.objects.filter(
                status=NoticeStatus.PUBLISHED, starts_on__lte=timezone.localdate()
            ).select_related("organization")
        ),
        pk=pk,
    )


def public_objection_by_reference(reference: str) -> Objection | None:
    """An objection by the reference its author was given (to read the answer)."""
    ref = (reference or "").strip().upper().replace("-", "").replace(" ", "")
    if not ref:
        return None
    return Objection.objects.select_related("notice__organization").filter(reference=ref).first()


# --- for other apps ------------------------------------------------------------------


def _subject_filter(subject: models.Model, purpose: str) -> Q:
    return Q(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        purpose=purpose,
    )


def latest_notice(subject: models.Model, *, purpose: str) -> Notice | None:
    """The most recent notice of ``subject`` for ``purpose``, whatever its status
    (check ``is_withdrawn``/``is_open``)."""
    return (
        Notice.objects.filter(_subject_filter(subject, purpose))
        .select_related("organization")
        .order_by("-published_at", "-id")
        .first()
    )


def notices_for_subject(subject: models.Model) -> QuerySet[Notice]:
    """All notices of a subject, newest first (for the subject's own page)."""
    return _with_counts(
        Notice.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )
    ).order_by("-published_at", "-id")


def require_notice_cleared(
    subject: models.Model, *, purpose: str, on: dt.date | None = None
) -> Notice:
    """The workflow guard: the subject's published notice for ``purpose`` is over on
    ``on`` (default today, which must be after ``ends_on``) and every objection to it is
    answered. Raises :class:`RuleViolation` naming the rule otherwise."""
    on = on or timezone.localdate()
    notice = (
        Notice.objects.filter(_subject_filter(subject, purpose), status=NoticeStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .first()
    )
    if notice is None:
        raise RuleViolation(
            _("尚未发布公示：这一步须先公示，公示期满且异议处理完毕后才能进行（四公开）。"),
            rule="notices.not_published",
        )
    if on <= notice.ends_on:
        raise RuleViolation(
            _(
                "公示「%(title)s」的公示期为%(start)s至%(end)s，公示期内不能进行下一步，"
                "请在%(end)s之后办理。"
            )
            % {
                "title": notice.title,
                "start": cn_date(notice.starts_on),
                "end": cn_date(notice.ends_on),
            },
            rule="notices.period_open",
        )
    unanswered = notice.objections.filter(status=ObjectionStatus.OPEN).count()
    if unanswered:
        raise RuleViolation(
            _("公示「%(title)s」还有%(n)d条异议未答复，须调查核实并答复后才能进行下一步。")
            % {"title": notice.title, "n": unanswered},
            rule="notices.objection_unanswered",
        )
    return notice
