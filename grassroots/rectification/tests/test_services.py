import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.rectification import services
from grassroots.rectification.models import (
    Action,
    ActionKind,
    CaseStatus,
    Heading,
    RectificationCase,
)
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _propose(world, org_key="a1", actor="township", **kw):
    kw.setdefault("reasons", ["economy", "secretary"])
    return services.case_propose(
        actor=world.users[actor],
        organization=world.orgs[org_key],
        year=2014,
        proposed_on=dt.date(2014, 3, 1),
        **kw,
    )


def _open_case(world, org_key="a1"):
    case = _propose(world, org_key)
    return services.case_approve(
        actor=world.users["county"], case=case, decided_on=dt.date(2014, 3, 20)
    )


def _act(world, case, kind, actor="township", **kw):
    kw.setdefault("occurred_on", dt.date(2014, 5, 1))
    kw.setdefault("title", ActionKind(kind).label)
    kw.setdefault("evidence", "会议记录")
    return services.action_record(actor=world.users[actor], case=case, kind=kind, **kw)


def test_a_township_proposes_and_only_the_county_approves(world):
    case = _propose(world)
    assert case.status == CaseStatus.PROPOSED
    assert "提出将「甲一村党支部（2014年）」列为软弱涣散党组织" in LogEntry.objects.get().sentence
    with pytest.raises(PermissionDenied):
        services.case_approve(actor=world.users["township"], case=case)
    services.case_approve(actor=world.users["county"], case=case, decided_on=dt.date(2014, 3, 20))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.decided_by == world.users["county"]


def test_the_weak_marking_counts_only_after_county_approval(world):
    case = _propose(world)
    year = Period.year(2014)
    assert compute("rectification.weak_villages", world.root, year) == 0
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.COORDINATION_MEETING)
    assert exc.value.rule == "rectification.not_approved"
    services.case_approve(actor=world.users["county"], case=case, decided_on=dt.date(2014, 3, 20))
    assert compute("rectification.weak_villages", world.root, year) == 1
    assert compute("rectification.weak_villages", world.orgs["b"], year) == 0
    assert compute("rectification.weak_villages", world.root, Period.year(2015)) == 0


def test_rejection_needs_a_reason_and_frees_the_year(world):
    case = _propose(world)
    with pytest.raises(RuleViolation) as exc:
        services.case_reject(actor=world.users["county"], case=case, note=" ")
    assert exc.value.rule == "rectification.reject_reason"
    services.case_reject(actor=world.users["county"], case=case, note="班子运转正常")
    assert compute("rectification.weak_villages", world.root, Period.year(2014)) == 0
    assert _propose(world).status == CaseStatus.PROPOSED  # may be proposed again


def test_proposal_rules(world):
    with pytest.raises(RuleViolation) as exc:
        _propose(world, reasons=[])
    assert exc.value.rule == "rectification.reasons_required"
    assert _propose(world, reasons=[], other_reasons="村务长期不公开").reasons == []
    with pytest.raises(RuleViolation) as exc:
        _propose(world)
    assert exc.value.rule == "rectification.case_duplicate"
    with pytest.raises(RuleViolation) as exc:  # a township does not mark itself
        _propose(world, org_key="a")
    assert exc.value.rule == "rectification.propose_from_above"
    with pytest.raises(PermissionDenied):
        _propose(world, org_key="b1")
    with pytest.raises(PermissionDenied):
        _propose(world, actor="branch_secretary")


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        ("29999.99", False),
        ("30000", True),
        ("50000", True),
        ("70000", True),
        ("70000.01", False),
    ],
)
def test_service_centre_subsidy_is_between_30000_and_70000_yuan(world, amount, ok):
    case = _open_case(world)
    if ok:
        action = _act(world, case, ActionKind.SERVICE_CENTRE_SUBSIDY, amount_yuan=amount)
        assert action.amount_yuan == Decimal(amount) and action.heading == Heading.CONDITIONS
    else:
        with pytest.raises(RuleViolation) as exc:
            _act(world, case, ActionKind.SERVICE_CENTRE_SUBSIDY, amount_yuan=amount)
        assert exc.value.rule == "rectification.subsidy_range"
        assert "3万元至7万元" in exc.value.message


def test_the_subsidy_is_given_once_per_case(world):
    case = _open_case(world)
    _act(world, case, ActionKind.SERVICE_CENTRE_SUBSIDY, amount_yuan="40000")
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.SERVICE_CENTRE_SUBSIDY, amount_yuan="30000")
    assert exc.value.rule == "rectification.subsidy_once"


def test_action_fields_depend_on_the_kind(world):
    case = _open_case(world)
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.SECRETARY_ADJUSTED)
    assert exc.value.rule == "rectification.person_required"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.HOT_ISSUE)
    assert exc.value.rule == "rectification.area"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.RULE_ESTABLISHED, area="finance")
    assert exc.value.rule == "rectification.rule_type"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.AID_FUNDS)
    assert exc.value.rule == "rectification.amount_required"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, amount_yuan="100")
    assert exc.value.rule == "rectification.amount_not_applicable"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, evidence="")
    assert exc.value.rule == "rectification.evidence_required"
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, occurred_on=dt.date(2013, 12, 31))
    assert exc.value.rule == "rectification.action_year"
    assert _act(world, case, ActionKind.HOT_ISSUE, area="land").area_label == "土地承包"
    with pytest.raises(PermissionDenied):
        _act(world, case, ActionKind.GOOD_DEED, actor="branch_secretary")


def test_a_village_trains_two_to_three_reserve_cadres(world):
    case = _open_case(world)
    _act(world, case, ActionKind.COORDINATION_MEETING)
    _act(world, case, ActionKind.RESERVE_CADRE, person_name="李一")
    with pytest.raises(RuleViolation) as exc:  # one is not enough to pass
        services.case_review(
            actor=world.users["county"],
            case=case,
            passed=True,
            note="达标",
            reviewed_on=dt.date(2014, 12, 20),
        )
    assert exc.value.rule == "rectification.reserve_cadres_min"
    _act(world, case, ActionKind.RESERVE_CADRE, person_name="李二")
    _act(world, case, ActionKind.RESERVE_CADRE, person_name="李三")
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.RESERVE_CADRE, person_name="李四")
    assert exc.value.rule == "rectification.reserve_cadres_max"
    services.case_review(
        actor=world.users["county"],
        case=case,
        passed=True,
        note="达标",
        reviewed_on=dt.date(2014, 12, 20),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RECTIFIED
    assert compute("rectification.reserve_cadres_trained", world.root, Period.year(2014)) == 3
    assert compute("rectification.rectified", world.root, Period.year(2014)) == 1
    with pytest.raises(RuleViolation) as exc:  # closed: nothing more is recorded
        _act(world, case, ActionKind.GOOD_DEED)
    assert exc.value.rule == "rectification.case_closed"


def test_review_is_the_county_and_needs_actions_and_a_note(world):
    case = _open_case(world)
    with pytest.raises(PermissionDenied):
        services.case_review(actor=world.users["township"], case=case, passed=False, note="x")
    with pytest.raises(RuleViolation) as exc:
        services.case_review(actor=world.users["county"], case=case, passed=True, note="通过")
    assert exc.value.rule == "rectification.review_no_actions"
    with pytest.raises(RuleViolation) as exc:
        services.case_review(actor=world.users["county"], case=case, passed=False, note="")
    assert exc.value.rule == "rectification.review_note"


def _county_leader(world, username="w_county_leader"):
    from grassroots.accounts.models import RoleAssignment, User
    from grassroots.core.roles import Role

    user = User.objects.create(username=username, full_name="县政协副主席")
    RoleAssignment.objects.create(user=user, role=Role.LEADER, organization=world.root)
    return user


def test_a_failed_review_carries_the_case_into_the_next_year(world):
    case = _open_case(world)
    leader = _county_leader(world)
    services.case_assign(
        actor=world.users["county"],
        case=case,
        leader=leader,
        leader_body="party",
        leader_post="县委常委",
        first_secretary="王明",
        first_secretary_unit="县财政局",
        first_secretary_sent_on=dt.date(2014, 4, 1),
    )
    services.case_review(
        actor=world.users["county"],
        case=case,
        passed=False,
        note="集体经济仍未破零",
        reviewed_on=dt.date(2014, 12, 20),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CARRIED_OVER
    nxt = RectificationCase.objects.get(carried_from=case)
    assert (nxt.year, nxt.status, nxt.first_secretary, nxt.leader) == (
        2015,
        CaseStatus.OPEN,
        "王明",
        leader,
    )
    assert compute("rectification.weak_villages", world.root, Period.year(2014)) == 1
    assert compute("rectification.weak_villages", world.root, Period.year(2015)) == 1
    entry = LogEntry.objects.filter(action_type="rectification.case.reviewed").get()
    assert "验收未通过，转入下一年度" in entry.sentence


def test_assignment_rules(world):
    case = _open_case(world)
    with pytest.raises(RuleViolation) as exc:
        services.case_assign(actor=world.users["county"], case=case, leader=world.users["leader"])
    assert exc.value.rule == "rectification.leader_body"
    with pytest.raises(RuleViolation) as exc:
        services.case_assign(actor=world.users["county"], case=case, first_secretary="王明")
    assert exc.value.rule == "rectification.first_secretary"
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=world.users["township"], case=case, first_secretary="王明")


def test_only_a_county_level_leader_is_assigned(world):
    from django.utils import timezone

    from grassroots.accounts.models import RoleAssignment

    case = _open_case(world)
    kwargs = {"actor": world.users["county"], "case": case, "leader_body": "cppcc"}
    # A township's contact-point leader (leader role on 甲镇) is not a county leader.
    with pytest.raises(RuleViolation) as exc:
        services.case_assign(leader=world.users["leader"], **kwargs)
    assert exc.value.rule == "rectification.leader_not_county"
    assert "不是县级领导干部" in exc.value.message
    # Nor is a county department user without the leader role.
    with pytest.raises(RuleViolation):
        services.case_assign(leader=world.users["county"], **kwargs)
    assert not LogEntry.objects.filter(action_type="rectification.case.assigned").exists()
    leader = _county_leader(world)
    services.case_assign(leader=leader, leader_post="县政协副主席", **kwargs)
    case.refresh_from_db()
    assert (case.leader, case.leader_body) == (leader, "cppcc")
    assert LogEntry.objects.filter(action_type="rectification.case.assigned").count() == 1
    # A revoked role no longer qualifies.
    RoleAssignment.objects.filter(user=leader).update(revoked_at=timezone.now())
    with pytest.raises(RuleViolation):
        services.case_assign(leader=leader, leader_post="县政协主席", **kwargs)


def test_the_assignment_form_offers_only_county_leaders(world):
    from django.urls import reverse

    case = _open_case(world)
    leader = _county_leader(world)
    client = world.client("county")
    url = reverse("rectification:case_assign", args=[case.pk])
    field = client.get(url).context["form"].fields["leader"]
    assert list(field.queryset) == [leader]
    response = client.post(url, {"leader": world.users["leader"].pk, "leader_body": "party"})
    assert response.status_code == 200 and not response.context["form"].is_valid()
    case.refresh_from_db()
    assert case.leader is None


def test_evidence_files_are_checked(world):
    case = _open_case(world)
    big = SimpleUploadedFile("会议.png", PNG + b"\x00" * (10 * 1024 * 1024), "image/png")
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, evidence="", evidence_file=big)
    assert exc.value.rule == "uploads.too_large"
    exe = SimpleUploadedFile("记录.exe", b"MZ\x90\x00", "application/octet-stream")
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, evidence="", evidence_file=exe)
    assert exc.value.rule == "uploads.type"
    fake = SimpleUploadedFile("照片.jpg", b"<html>not a photo</html>", "image/jpeg")
    with pytest.raises(RuleViolation) as exc:
        _act(world, case, ActionKind.GOOD_DEED, evidence="", evidence_file=fake)
    assert exc.value.rule == "uploads.content_mismatch"
    ok = SimpleUploadedFile("现场照片.png", PNG, "image/png")
    action = _act(world, case, ActionKind.GOOD_DEED, evidence="", evidence_file=ok)
    assert action.evidence_name == "现场照片.png" and action.evidence_type == "image/png"
    assert "现场照片" not in action.evidence_file.name  # stored under a random name
    assert not Action.objects.filter(evidence_name="照片.jpg").exists()
