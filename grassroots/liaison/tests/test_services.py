import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.core.roles import Role
from grassroots.liaison import selectors, services
from grassroots.liaison.models import LeaderLevel, MeetingKind, Problem, ProblemCategory

pytestmark = pytest.mark.django_db


def _point(world, org_key="a1", leader=None, level=LeaderLevel.TOWNSHIP, actor="township"):
    return services.contact_point_create(
        actor=world.users[actor],
        leader=leader or world.users["leader"],
        leader_level=level,
        leader_post="镇党委副书记",
        organization=world.orgs[org_key],
        started_on=dt.date(2014, 1, 10),
    )


def _second_leader(world, org_key="a"):
    user = User.objects.create(username="leader2", full_name="第二位领导")
    RoleAssignment.objects.create(user=user, role=Role.LEADER, organization=world.orgs[org_key])
    return user


def test_township_sets_up_a_point_with_one_audit_entry(world):
    before = LogEntry.objects.count()
    point = _point(world)
    assert LogEntry.objects.count() == before + 1
    entry = LogEntry.objects.get(action_type="liaison.point.created")
    assert "甲一村党支部" in entry.sentence and "测试leader" in entry.sentence
    assert entry.organization == world.orgs["a1"]
    assert point.is_active


def test_county_leader_points_are_set_up_by_the_county_only(world):
    with pytest.raises(RuleViolation) as exc:
        _point(world, level=LeaderLevel.COUNTY, actor="township")
    assert exc.value.rule == "liaison.county_point_by_county"
    point = _point(world, level=LeaderLevel.COUNTY, actor="county")
    assert point.leader_level == LeaderLevel.COUNTY


def test_the_leader_must_hold_a_leader_role_over_the_point(world):
    # The world's leader holds the role on 甲镇 (A): a point in 乙镇 would be invisible to them.
    with pytest.raises(RuleViolation) as exc:
        _point(world, org_key="b1", actor="county")
    assert exc.value.rule == "liaison.leader_role"
    with pytest.raises(RuleViolation) as exc:
        _point(world, leader=world.users["branch_secretary"])
    assert exc.value.rule == "liaison.leader_role"


def test_no_second_open_point_for_the_same_leader_and_organization(world):
    point = _point(world)
    with pytest.raises(RuleViolation) as exc:
        _point(world)
    assert exc.value.rule == "liaison.point_duplicate"
    services.contact_point_end(
        actor=world.users["township"], point=point, ended_on=dt.date(2014, 6, 1), reason="调整"
    )
    assert _point(world).is_active  # after the first one ended, a new one may start


def test_outside_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.contact_point_create(
            actor=world.users["township"],
            leader=world.users["leader"],
            leader_level=LeaderLevel.TOWNSHIP,
            leader_post="x",
            organization=world.orgs["b1"],
            started_on=dt.date(2014, 1, 1),
        )


def test_ending_needs_a_reason_and_a_date_not_before_the_start(world):
    point = _point(world)
    with pytest.raises(RuleViolation) as exc:
        services.contact_point_end(
            actor=world.users["township"], point=point, ended_on=dt.date(2014, 6, 1), reason=" "
        )
    assert exc.value.rule == "liaison.end_reason"
    with pytest.raises(RuleViolation) as exc:
        services.contact_point_end(
            actor=world.users["township"], point=point, ended_on=dt.date(2014, 1, 9), reason="调"
        )
    assert exc.value.rule == "liaison.ended_before_start"
    services.contact_point_end(
        actor=world.users["township"], point=point, ended_on=dt.date(2014, 1, 10), reason="调"
    )


def test_the_leader_logs_a_visit_with_problems_solved_on_the_spot(world):
    point = _point(world)
    visit = services.visit_log(
        actor=world.users["leader"],
        point=point,
        visited_on=dt.date(2014, 3, 5),
        visitors="测试leader及随行1人",
        aid_funds_yuan=Decimal("20000"),
        aid_goods_yuan=Decimal("3000"),
        aid_goods_description="化肥",
        disputes_mediated=2,
        problems=[
            services.ProblemEntry("infrastructure", "通组公路硬化"),
            services.ProblemEntry("livelihood", "低保申报", resolution="现场协调民政所办理"),
            services.ProblemEntry("other", "  "),  # an empty row is skipped
        ],
    )
    problems = list(visit.problems.order_by("id"))
    assert len(problems) == 2
    assert problems[0].resolved_on is None
    assert problems[1].resolved_on == dt.date(2014, 3, 5)
    entry = LogEntry.objects.get(action_type="liaison.visit.logged")
    assert "新提出困难问题2件，当场解决1件" in entry.sentence


def test_visits_are_logged_by_the_own_leader_or_a_committee_only(world):
    point = _point(world)
    other = _second_leader(world)
    kwargs = {"point": point, "visited_on": dt.date(2014, 3, 5), "visitors": "x"}
    for role in ("branch_secretary", "auditor", "member"):
        with pytest.raises(PermissionDenied):
            services.visit_log(actor=world.users[role], **kwargs)
    with pytest.raises(PermissionDenied):
        services.visit_log(actor=other, **kwargs)
    services.visit_log(actor=world.users["township"], **kwargs)


def test_a_visit_must_fall_in_the_point_period(world):
    point = _point(world)
    with pytest.raises(RuleViolation) as exc:
        services.visit_log(
            actor=world.users["leader"], point=point, visited_on=dt.date(2014, 1, 9), visitors="x"
        )
    assert exc.value.rule == "liaison.date_in_period"
    services.visit_log(
        actor=world.users["leader"], point=point, visited_on=dt.date(2014, 1, 10), visitors="x"
    )
    with pytest.raises(RuleViolation) as exc:
        services.visit_log(
            actor=world.users["leader"],
            point=point,
            visited_on=dt.date.today() + dt.timedelta(days=1),
            visitors="x",
        )
    assert exc.value.rule == "liaison.visit_future"


def test_goods_need_a_description(world):
    point = _point(world)
    with pytest.raises(RuleViolation) as exc:
        services.visit_log(
            actor=world.users["leader"],
            point=point,
            visited_on=dt.date(2014, 3, 5),
            visitors="x",
            aid_goods_yuan=Decimal("100"),
        )
    assert exc.value.rule == "liaison.goods_description"


def test_resolving_a_problem(world):
    point = _point(world)
    problem = services.problem_add(
        actor=world.users["leader"],
        point=point,
        category=ProblemCategory.FUNDS,
        description="运转经费缺口",
        raised_on=dt.date(2014, 4, 1),
    )
    with pytest.raises(RuleViolation) as exc:
        services.problem_resolve(
            actor=world.users["leader"],
            problem=problem,
            resolved_on=dt.date(2014, 3, 31),
            resolution="已拨付",
        )
    assert exc.value.rule == "liaison.resolved_before_raised"
    with pytest.raises(RuleViolation) as exc:
        services.problem_resolve(
            actor=world.users["leader"],
            problem=problem,
            resolved_on=dt.date(2014, 4, 1),
            resolution="",
        )
    assert exc.value.rule == "liaison.resolution"
    services.problem_resolve(
        actor=world.users["leader"],
        problem=problem,
        resolved_on=dt.date(2014, 4, 1),
        resolution="已拨付",
    )
    assert Problem.objects.get(pk=problem.pk).resolved_by == world.users["leader"]
    with pytest.raises(RuleViolation) as exc:
        services.problem_resolve(
            actor=world.users["leader"],
            problem=problem,
            resolved_on=dt.date(2014, 4, 2),
            resolution="再",
        )
    assert exc.value.rule == "liaison.problem_resolved"


def test_a_leader_sees_only_their_own_points_inside_their_role(world):
    own = _point(world)
    other = _point(world, org_key="a2", leader=_second_leader(world))
    outside = _point(world, org_key="b1", actor="county", leader=_second_leader_b(world))
    leader = world.users["leader"]
    assert list(selectors.contact_point_list(actor=leader)) == [own]
    assert set(selectors.contact_point_list(actor=world.users["township"])) == {own, other}
    assert set(selectors.contact_point_list(actor=world.users["county"])) == {own, other, outside}
    assert list(selectors.contact_point_list(actor=world.users["branch_secretary"])) == [own]
    assert list(selectors.contact_point_list(actor=world.users["member"])) == []


def _second_leader_b(world):
    user = User.objects.create(username="leader_b", full_name="乙镇领导")
    RoleAssignment.objects.create(user=user, role=Role.LEADER, organization=world.orgs["b"])
    return user


def test_a_leader_loses_an_own_point_outside_their_role(world):
    point = _point(world)
    RoleAssignment.objects.filter(user=world.users["leader"]).update(organization=world.orgs["a2"])
    leader = User.objects.get(pk=world.users["leader"].pk)
    assert not selectors.contact_point_list(actor=leader).filter(pk=point.pk).exists()


def test_leadership_work_is_recorded_on_the_county_committee(world):
    county = world.users["county"]
    with pytest.raises(RuleViolation) as exc:
        services.meeting_record(
            actor=county,
            organization=world.orgs["a"],
            kind=MeetingKind.STANDING_COMMITTEE,
            held_on=dt.date(2014, 2, 1),
            title="镇党委会",
            topics="党建",
        )
    assert exc.value.rule == "liaison.leadership_county"
    with pytest.raises(RuleViolation) as exc:
        services.meeting_record(
            actor=county,
            organization=world.root,
            kind=MeetingKind.SYMPOSIUM,
            held_on=dt.date(2014, 2, 1),
            title="座谈会",
            topics="意见建议",
        )
    assert exc.value.rule == "liaison.symposium_sector"
    meeting = services.meeting_record(
        actor=county,
        organization=world.root,
        kind=MeetingKind.STANDING_COMMITTEE,
        held_on=dt.date(2014, 2, 1),
        title="常委会",
        topics="党建",
    )
    with pytest.raises(PermissionDenied):
        services.meeting_record(
            actor=world.users["township"],
            organization=world.root,
            kind=MeetingKind.STANDING_COMMITTEE,
            held_on=dt.date(2014, 2, 1),
            title="常委会",
            topics="党建",
        )
    with pytest.raises(RuleViolation) as exc:
        services.fund_record(
            actor=county,
            organization=world.root,
            source="county_budget",
            purpose="运转经费",
            amount_yuan=Decimal("0"),
            allocated_on=dt.date(2014, 3, 1),
        )
    assert exc.value.rule == "liaison.fund_amount"
    fund = services.fund_record(
        actor=county,
        organization=world.root,
        source="county_budget",
        purpose="运转经费",
        amount_yuan=Decimal("0.01"),
        allocated_on=dt.date(2014, 3, 1),
        meeting=meeting,
    )
    assert fund.meeting == meeting
    assert "0.01元" in LogEntry.objects.get(action_type="liaison.fund.recorded").sentence
