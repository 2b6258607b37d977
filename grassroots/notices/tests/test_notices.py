"""Notices: publication, the working-day period, objections, the workflow guard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from grassroots.core.errors import RuleViolation
from grassroots.core.models import CalendarDay, HolidayYear, LogEntry
from grassroots.notices import selectors, services
from grassroots.notices.models import NoticeStatus, ObjectionStatus

pytestmark = pytest.mark.django_db
D = dt.date


def publish(
    world: Any, *, starts_on: dt.date | None = None, purpose: str = "admission.activist", **kw: Any
) -> Any:
    return services.notice_publish(
        actor=world.users["branch_secretary"],
        organization=world.orgs["a1"],
        subject=world.members["a1"],
        purpose=purpose,
        title="关于确定甲一村张三为入党积极分子的公示",
        body="张三，男，1980年5月生，高中文化。",
        starts_on=starts_on,
        **kw,
    )


def test_publish_counts_working_days_over_national_day(world: Any) -> None:
    notice = publish(world, starts_on=D(2025, 9, 30))
    assert notice.working_days == 5  # settings.GRASSROOTS["NOTICE_WORKING_DAYS"]
    assert notice.ends_on == D(2025, 10, 13)
    assert not notice.provisional and notice.status == NoticeStatus.PUBLISHED
    entry = LogEntry.objects.get(action_type="notices.notice.published")
    assert entry.data["ends_on"] == "2025-10-13" and entry.data["backdated"] is True


def test_publish_into_an_unknown_year_is_provisional(world: Any) -> None:
    notice = publish(world, starts_on=D(2026, 12, 28))
    assert notice.ends_on == D(2027, 1, 1)
    assert notice.provisional
    assert "2027年" in notice.provisional_note


def test_entering_the_new_year_recounts_running_provisional_notices(
    world: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2026, 12, 28))
    notice = publish(world, starts_on=D(2026, 12, 28))
    services.holiday_year_save(
        actor=world.users["county"],
        year=2027,
        days=[(D(2027, 1, 1), False, "元旦"), (D(2027, 1, 2), False, "元旦")],
        source="国办发明电〔2026〕",
    )
    notice.refresh_from_db()
    assert notice.ends_on == D(2027, 1, 4) and not notice.provisional
    entry = LogEntry.objects.get(action_type="calendar.year.created")
    assert entry.data["notices_recounted"] == [notice.pk]


def test_working_days_setting_and_argument(world: Any, settings: Any) -> None:
    settings.GRASSROOTS = {**settings.GRASSROOTS, "NOTICE_WORKING_DAYS": 7}
    # 29, 30 Sep; 8, 9, 10, 11 (make-up Saturday), 13 Oct
    assert publish(world, starts_on=D(2014, 9, 29)).ends_on == D(2014, 10, 13)
    other = publish(world, starts_on=D(2014, 9, 29), purpose="admission.candidate", working_days=1)
    assert other.ends_on == D(2014, 9, 29)
    with pytest.raises(RuleViolation) as exc:
        publish(world, purpose="admission.full", working_days=0)
    assert exc.value.rule == "notices.working_days"


def test_one_published_notice_per_subject_and_purpose(world: Any) -> None:
    notice = publish(world)
    with pytest.raises(RuleViolation) as exc:
        publish(world)
    assert exc.value.rule == "notices.duplicate"
    services.notice_withdraw(
        actor=world.users["branch_secretary"], notice=notice, reason="姓名有误"
    )
    assert publish(world).pk != notice.pk


def test_only_managers_in_scope_publish(world: Any) -> None:
    for role in ("member", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            services.notice_publish(
                actor=world.users[role],
                organization=world.orgs["a1"],
                subject=world.members["a1"],
                purpose="x",
                title="t",
                body="b",
            )
    with pytest.raises(PermissionDenied):
        services.notice_publish(
            actor=world.users["township"],
            organization=world.orgs["b1"],
            subject=world.members["b1"],
            purpose="x",
            title="t",
            body="b",
        )


def test_withdraw_needs_a_reason_and_happens_once(world: Any) -> None:
    notice = publish(world)
    with pytest.raises(RuleViolation) as exc:
        services.notice_withdraw(actor=world.users["township"], notice=notice, reason=" ")
    assert exc.value.rule == "notices.withdraw_reason"
    services.notice_withdraw(actor=world.users["township"], notice=notice, reason="重新公示")
    with pytest.raises(RuleViolation) as exc:
        services.notice_withdraw(actor=world.users["township"], notice=notice, reason="again")
    assert exc.value.rule == "notices.already_withdrawn"


# --- objections -----------------------------------------------------------------------


def test_objections_only_during_the_period(world: Any, monkeypatch: Any) -> None:
    notice = publish(world, starts_on=D(2014, 9, 29))  # ends 10 Oct 2014
    for today, ok in (
        (D(2014, 9, 28), False),
        (D(2014, 9, 29), True),
        (D(2014, 10, 10), True),
        (D(2014, 10, 11), False),
    ):
        monkeypatch.setattr(timezone, "localdate", lambda *a, _d=today: _d)
        if ok:
            services.objection_submit(notice=notice, content="有意见", name="李四")
        else:
            with pytest.raises(RuleViolation) as exc:
                services.objection_submit(notice=notice, content="有意见", name="李四")
            assert exc.value.rule == "notices.closed"


def test_anonymous_objection_keeps_no_name_contact_or_ip(world: Any) -> None:
    from grassroots.core import request_context

    notice = publish(world)
    token = request_context.set_current(request_context.RequestContext(ip="10.1.2.3"))
    try:
        objection = services.objection_submit(
            notice=notice,
            content="他不符合条件",
            name="王五",
            contact="13800000000",
            anonymous=True,
            ip="10.1.2.3",
        )
        named = services.objection_submit(
            notice=notice, content="实名意见", name="赵六", ip="10.1.2.4"
        )
    finally:
        request_context.reset(token)
    assert (objection.name, objection.contact, objection.anonymous) == ("", "", True)
    entries = LogEntry.objects.filter(action_type="notices.objection.submitted").order_by("id")
    assert [e.ip for e in entries] == [None, "10.1.2.3"]
    assert named.submitter_label == "赵六" and objection.submitter_label == "匿名"
    # No name given: anonymous.
    assert services.objection_submit(notice=notice, content="意见").anonymous


def test_objections_are_rate_limited_per_ip(world: Any) -> None:
    notice = publish(world)
    limit = services.OBJECTION_RATE_LIMIT[0]
    for i in range(limit):
        services.objection_submit(notice=notice, content=f"意见{i}", ip="10.0.0.1")
    with pytest.raises(RuleViolation) as exc:
        services.objection_submit(notice=notice, content="再来一条", ip="10.0.0.1")
    assert exc.value.rule == "notices.rate_limited"
    assert notice.objections.count() == limit
    services.objection_submit(notice=notice, content="别的地址", ip="10.0.0.2")


def test_objection_content_required_and_bounded(world: Any) -> None:
    notice = publish(world)
    with pytest.raises(RuleViolation) as exc:
        services.objection_submit(notice=notice, content="  ")
    assert exc.value.rule == "notices.content_required"
    services.objection_submit(notice=notice, content="字" * 2000)
    with pytest.raises(RuleViolation) as exc:
        services.objection_submit(notice=notice, content="字" * 2001)
    assert exc.value.rule == "notices.content_length"


def test_answer_is_required_and_final(world: Any) -> None:
    notice = publish(world)
    objection = services.objection_submit(notice=notice, content="有意见", name="李四")
    with pytest.raises(PermissionDenied):
        services.objection_answer(
            actor=world.users["leader"], objection=objection, investigation="x", answer="y"
        )
    with pytest.raises(RuleViolation) as exc:
        services.objection_answer(
            actor=world.users["branch_secretary"], objection=objection, investigation="", answer="y"
        )
    assert exc.value.field == "investigation"
    answered = services.objection_answer(
        actor=world.users["branch_secretary"],
        objection=objection,
        investigation="走访了三名群众",
        answer="反映的问题不属实",
    )
    assert answered.status == ObjectionStatus.ANSWERED and answered.answered_by is not None
    with pytest.raises(RuleViolation) as exc:
        services.objection_answer(
            actor=world.users["township"], objection=objection, investigation="x", answer="y"
        )
    assert exc.value.rule == "notices.objection_answered"


# --- the guard ------------------------------------------------------------------------


def test_require_notice_cleared(world: Any) -> None:
    subject = world.members["a1"]
    with pytest.raises(RuleViolation) as exc:
        selectors.require_notice_cleared(subject, purpose="admission.activist")
    assert exc.value.rule == "notices.not_published"
    notice = publish(world, starts_on=D(2014, 9, 29))  # ends Fri 10 Oct 2014
    for on in (D(2014, 9, 29), D(2014, 10, 10)):
        with pytest.raises(RuleViolation) as exc:
            selectors.require_notice_cleared(subject, purpose="admission.activist", on=on)
        assert exc.value.rule == "notices.period_open"
        assert "2014年10月10日" in exc.value.message
    assert (
        selectors.require_notice_cleared(subject, purpose="admission.activist", on=D(2014, 10, 11))
        == notice
    )
    # An unanswered objection blocks, even after the period.
    objection = notice.objections.create(reference="TESTREF001", content="有意见")
    with pytest.raises(RuleViolation) as exc:
        selectors.require_notice_cleared(subject, purpose="admission.activist", on=D(2014, 10, 20))
    assert exc.value.rule == "notices.objection_unanswered" and "1条异议" in exc.value.message
    services.objection_answer(
        actor=world.users["branch_secretary"],
        objection=objection,
        investigation="核实",
        answer="答复",
    )
    assert selectors.require_notice_cleared(
        subject, purpose="admission.activist", on=D(2014, 10, 20)
    )
    # Another purpose is another notice; a withdrawn notice clears nothing.
    with pytest.raises(RuleViolation):
        selectors.require_notice_cleared(subject, purpose="admission.candidate", on=D(2014, 10, 20))
    services.notice_withdraw(actor=world.users["township"], notice=notice, reason="撤回")
    with pytest.raises(RuleViolation) as exc:
        selectors.require_notice_cleared(subject, purpose="admission.activist", on=D(2014, 10, 20))
    assert exc.value.rule == "notices.not_published"
    assert selectors.latest_notice(subject, purpose="admission.activist") == notice


# --- holiday table --------------------------------------------------------------------


def test_holiday_year_rules(world: Any) -> None:
    county = world.users["county"]
    with pytest.raises(PermissionDenied):
        services.holiday_year_save(actor=world.users["township"], year=2027, days=[])
    with pytest.raises(RuleViolation) as exc:
        services.holiday_year_save(actor=county, year=2027, days=[(D(2026, 12, 31), False, "x")])
    assert exc.value.rule == "calendar.day_in_year"
    with pytest.raises(RuleViolation) as exc:  # 4 Jan 2027 is a Monday
        services.holiday_year_save(actor=county, year=2027, days=[(D(2027, 1, 4), True, "调休")])
    assert exc.value.rule == "calendar.workday_on_weekday"
    services.holiday_year_save(
        actor=county,
        year=2027,
        days=[(D(2027, 1, 1), False, "元旦"), (D(2027, 2, 6), True, "春节调休上班")],
    )
    assert HolidayYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == 2
    # Correcting the year replaces its days; the audit entry keeps both versions.
    services.holiday_year_save(actor=county, year=2027, days=[(D(2027, 1, 1), False, "元旦")])
    assert CalendarDay.objects.filter(date__year=2027).count() == 1
    entry = LogEntry.objects.filter(action_type="calendar.year.updated").get()
    before, after = entry.data["changes"]["days"]
    assert "2027-02-06" in before and "2027-02-06" not in after
