"""Every change to notices, objections and the holiday table: permission-checked, one
transaction, one audit entry.

Other apps publish a notice for their subject by calling :func:`notice_publish` from
their own workflow views (see docs/notices-ballots.md); this app never publishes on its
own initiative.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import request_context, scoping
from grassroots.core.audit import log_action
from grassroots.core.calendar import add_working_days
from grassroots.core.errors import RuleViolation
from grassroots.core.models import CalendarDay, HolidayYear
from grassroots.core.templatetags.grassroots import cn_date
from grassroots.orgs.models import Organization

from .models import Notice, NoticeStatus, Objection, ObjectionStatus

# An IP may lodge this many objections per window (seconds); the cache keeps the count.
OBJECTION_RATE_LIMIT = (5, 3600)
OBJECTION_MAX_LENGTH = 2000
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _rate_limit() -> tuple[int, int]:
    policy: dict[str, Any] = settings.GRASSROOTS
    limit = policy.get("OBJECTION_RATE_LIMIT", OBJECTION_RATE_LIMIT)
    return int(limit[0]), int(limit[1])


def _rate_key(ip: str) -> str:
    return "notices:objection-rate:" + hashlib.sha256(ip.encode()).hexdigest()[:32]


def _require_manage(actor: Any, organization: Organization) -> None:
    scoping.require(actor, "notices.manage", organization)


@transaction.atomic
def notice_publish(
    *,
    actor: Any,
    organization: Organization,
    subject: models.Model,
    purpose: str,
    title: str,
    body: str,
    starts_on: dt.date | None = None,
    working_days: int | None = None,
) -> Notice:
    """Publish a notice of ``subject`` for ``purpose``, open for objections for
    ``working_days`` working days (default: the deployment's NOTICE_WORKING_DAYS).

    A subject has at most one published notice per purpose: withdraw it to publish a
    corrected one. A start date in the past records a notice already posted on paper
    (shown as 补录)."""
    _require_manage(actor, organization)
    if not organization.is_active:
        raise RuleViolation(
            _("「%(name)s」已撤销，不能发布公示。") % {"name": organization.name},
            rule="orgs.dissolved",
        )
    if subject.pk is None:
        raise ValueError("the subject must be saved before its notice is published")
    title, body, purpose = title.strip(), body.strip(), purpose.strip()
    if not title:
        raise RuleViolation(_("请填写公示标题。"), rule="notices.title_required", field="title")
    if not body:
        raise RuleViolation(_("请填写公示内容。"), rule="notices.body_required", field="body")
    if working_days is None:
        policy: dict[str, Any] = settings.GRASSROOTS
        working_days = int(policy["NOTICE_WORKING_DAYS"])
    if working_days < 1:
        raise RuleViolation(
            _("公示期至少为1个工作日。"), rule="notices.working_days", field="working_days"
        )
    starts_on = starts_on or timezone.localdate()
    subject_type = ContentType.objects.get_for_model(subject)
    duplicate = (
        Notice.objects.select_for_update()
        .filter(
            subject_type=subject_type,
            subject_id=str(subject.pk),
            purpose=purpose,
            status=NoticeStatus.PUBLISHED,
        )
        .first()
    )
    if duplicate is not None:
        raise RuleViolation(
            _("该事项已有公示「%(title)s」；如需更正，请先撤回原公示再重新发布。")
            % {"title": duplicate.title},
            rule="notices.duplicate",
        )
    period = add_working_days(starts_on, working_days)
    notice = Notice.objects.create(
        organization=organization,
        subject_type=subject_type,
        subject_id=str(subject.pk),
        purpose=purpose,
        title=title,
        body=body,
        starts_on=starts_on,
        ends_on=period.end,
        working_days=working_days,
        provisional=period.provisional,
        provisional_note=period.note[:300],
        published_by=actor,
        published_at=timezone.now(),
    )
    log_action(
        actor=actor,
        action="notices.notice.published",
        obj=notice,
        data={
            "purpose": purpose,
            "starts_on": starts_on,
            "ends_on": period.end,
            "working_days": working_days,
            "provisional": period.provisional,
            "backdated": starts_on < timezone.localdate(),
        },
    )
    return notice


@transaction.atomic
def notice_withdraw(*, actor: Any, notice: Notice, reason: str) -> Notice:
    """Withdraw (撤回) a published notice. It stays on record; it no longer clears the
    subject's workflow."""
    notice = Notice.objects.select_for_update().select_related("organization").get(pk=notice.pk)
    _require_manage(actor, notice.organization)
    if notice.status != NoticeStatus.PUBLISHED:
        raise RuleViolation(_("该公示已经撤回。"), rule="notices.already_withdrawn")
    reason = reason.strip()
    if not reason:
        raise RuleViolation(
            _("撤回公示须写明原因。"), rule="notices.withdraw_reason", field="reason"
        )
    notice.status = NoticeStatus.WITHDRAWN
    notice.withdrawn_by = actor
    notice.withdrawn_at = timezone.now()
    notice.withdrawn_reason = reason[:300]
    notice.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
    log_action(
        actor=actor,
        action="notices.notice.withdrawn",
        obj=notice,
        changes={"status": [NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]},
        data={"reason": notice.withdrawn_reason},
    )
    return notice


def _new_reference() -> str:
    while True:
        ref = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(10))
        if not Objection.objects.filter(reference=ref).exists():
            return ref


@transaction.atomic
def objection_submit(
    *,
    notice: Notice,
    content: str,
    name: str = "",
    contact: str = "",
    anonymous: bool = False,
    ip: str | None = None,
) -> Objection:
    """Anyone may object to a notice while it is open; an anonymous objection keeps no
    name, contact or IP address (not even in the audit log). Each IP address may lodge
    a limited number of objections per hour."""
    notice = Notice.objects.select_related("organization").get(pk=notice.pk)
    today = timezone.localdate()
    if not notice.is_open_on(today):
        if notice.status != NoticeStatus.PUBLISHED:
            message = _("该公示已撤回，不再受理意见。")
        elif today < notice.starts_on:
            message = _("公示期尚未开始（%(date)s开始），暂不受理意见。") % {
                "date": cn_date(notice.starts_on)
            }
        else:
            message = _("公示期已于%(date)s结束，不再受理意见。") % {
                "date": cn_date(notice.ends_on)
            }
        raise RuleViolation(message, rule="notices.closed")
    content = content.strip()
    if not content:
        raise RuleViolation(_("请填写意见内容。"), rule="notices.content_required", field="content")
    if len(content) > OBJECTION_MAX_LENGTH:
        raise RuleViolation(
            _("意见内容不能超过%(n)d字。") % {"n": OBJECTION_MAX_LENGTH},
            rule="notices.content_length",
            field="content",
        )
    anonymous = anonymous or not name.strip()  # no name given: an anonymous objection
    limit, window = _rate_limit()
    key = _rate_key(ip) if ip else ""
    if key and cache.get(key, 0) >= limit:
        raise RuleViolation(
            _("同一网络地址一小时内最多提出%(n)d条意见，请稍后再试。") % {"n": limit},
            rule="notices.rate_limited",
        )
    objection = Objection.objects.create(
        notice=notice,
        reference=_new_reference(),
        content=content,
        name="" if anonymous else name.strip()[:50],
        contact="" if anonymous else contact.strip()[:100],
        anonymous=anonymous,
        submitted_at=timezone.now(),
    )
    if key and not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=window)
    # An anonymous objection must not be traceable: the audit entry gets no IP either.
    token = request_context.set_current(request_context.RequestContext()) if anonymous else None
    try:
        log_action(
            actor=None,
            action="notices.objection.submitted",
            obj=objection,
            organization=notice.organization,
            data={"notice": notice.title, "reference": objection.reference, "anonymous": anonymous},
        )
    finally:
        if token is not None:
            request_context.reset(token)
    return objection


@transaction.atomic
def objection_answer(
    *, actor: Any, objection: Objection, investigation: str, answer: str
) -> Objection:
    """Record the organization's investigation (调查核实) and answer (答复). Final."""
    objection = (
        Objection.objects.select_for_update()
        .select_related("notice__organization")
        .get(pk=objection.pk)
    )
    _require_manage(actor, objection.notice.organization)
    if objection.status == ObjectionStatus.ANSWERED:
        raise RuleViolation(_("该意见已经答复，答复不能修改。"), rule="notices.objection_answered")
    investigation, answer = investigation.strip(), answer.strip()
    if not investigation:
        raise RuleViolation(
            _("请填写调查核实情况。"), rule="notices.investigation_required", field="investigation"
        )
    if not answer:
        raise RuleViolation(_("请填写答复意见。"), rule="notices.answer_required", field="answer")
    objection.investigation = investigation
    objection.answer = answer
    objection.status = ObjectionStatus.ANSWERED
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(
        update_fields=["investigation", "answer", "status", "answered_by", "answered_at"]
    )
    log_action(
        actor=actor,
        action="notices.objection.answered",
        obj=objection,
        organization=objection.notice.organization,
        data={"notice": objection.notice.title, "reference": objection.reference},
    )
    return objection


# --- the holiday table -------------------------------------------------------------


@transaction.atomic
def holiday_year_save(
    *,
    actor: Any,
    year: int,
    days: list[tuple[dt.date, bool, str]],
    source: str = "",
) -> HolidayYear:
    """Enter (or correct) the official holiday schedule of ``year``: its statutory
    holidays and its make-up working days (调休上班, on weekends). County administrators only.

    Published notices whose period was provisional and is still running are recounted
    on the new schedule."""
    if not scoping.has_permission_anywhere(actor, "calendar.manage"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise RuleViolation(_("年份应在2000至2100之间。"), rule="calendar.year_range", field="year")
    seen: set[dt.date] = set()
    for day, working, _name in days:
        if day.year != year:
            raise RuleViolation(
                _("%(date)s不在%(year)d年内。") % {"date": cn_date(day), "year": year},
                rule="calendar.day_in_year",
                field="days",
            )
        if day in seen:
            raise RuleViolation(
                _("%(date)s重复填写。") % {"date": cn_date(day)},
                rule="calendar.day_twice",
                field="days",
            )
        seen.add(day)
        if working and day.weekday() < 5:
            raise RuleViolation(
                _("%(date)s是周一至周五，本来就是工作日，不必登记为调休上班日。")
                % {"date": cn_date(day)},
                rule="calendar.workday_on_weekday",
                field="days",
            )
    holiday_year, created = HolidayYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": source.strip()[:200]}
    )
    before = {
        d.isoformat(): [w, n]
        for d, w, n in CalendarDay.objects.filter(date__year=year).values_list(
            "date", "is_working_day", "name"
        )
    }
    after = {d.isoformat(): [w, n.strip()[:50]] for d, w, n in days}
    if not created and source.strip():
        holiday_year.source = source.strip()[:200]
        holiday_year.save(update_fields=["source"])
    # Reference data, not a user record: the table is replaced, the audit entry keeps
    # both the old and the new schedule.
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_working_day=w, name=n.strip()[:50]) for d, w, n in days]
    )
    recounted = _recount_provisional_notices(year)
    log_action(
        actor=actor,
        action="calendar.year.created" if created else "calendar.year.updated",
        obj=holiday_year,
        organization=None,
        object_repr=_("%(year)d年节假日安排") % {"year": year},
        data={
            "year": year,
            "holidays": sum(1 for _d, w, _n in days if not w),
            "workdays": sum(1 for _d, w, _n in days if w),
            "changes": {"days": [before, after]} if before != after else {},
            "notices_recounted": recounted,
        },
    )
    return holiday_year


def _recount_provisional_notices(year: int) -> list[int]:
    """Recount running provisional notices whose period reaches into ``year``."""
    today = timezone.localdate()
    changed: list[int] = []
    notices = Notice.objects.select_for_update().filter(
        status=NoticeStatus.PUBLISHED, provisional=True, ends_on__gte=today
    )
    for notice in notices:
        if not notice.starts_on.year <= year <= notice.ends_on.year:
            continue
        period = add_working_days(notice.starts_on, notice.working_days)
        notice.ends_on = period.end
        notice.provisional = period.provisional
        notice.provisional_note = period.note[:300]
        notice.save(update_fields=["ends_on", "provisional", "provisional_note"])
        changed.append(notice.pk)
    return changed
