import datetime as dt

import pytest

from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.orgs import services
from grassroots.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def test_township_creates_a_branch_with_one_audit_entry(world):
    before = LogEntry.objects.count()
    org = services.organization_create(
        actor=world.users["township"],
        parent=world.orgs["a"],
        name="甲三村党支部",
        code="TA3",
        kind=OrgKind.BRANCH,
    )
    assert org.path.startswith(world.orgs["a"].path) and org.depth == 3
    assert org.name_initials == "jscdzb"
    entries = LogEntry.objects.filter(action_type="orgs.organization.created")
    assert LogEntry.objects.count() == before + 1
    assert entries.get().organization == org
    assert "甲三村党支部" in entries.get().sentence and "甲镇党委" in entries.get().sentence


def test_create_outside_scope_is_refused(world):
    with pytest.raises(Exception) as exc:
        services.organization_create(
            actor=world.users["township"],
            parent=world.orgs["b"],
            name="乙镇二村党支部",
            code="TB2",
            kind=OrgKind.BRANCH,
        )
    assert exc.type.__name__ == "PermissionDenied"
    assert not Organization.objects.filter(code="TB2").exists()


def test_branch_cannot_hold_a_branch(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_create(
            actor=world.users["county"],
            parent=world.orgs["a1"],
            name="错误支部",
            code="X1",
            kind=OrgKind.BRANCH,
        )
    assert exc.value.rule == "orgs.kind_hierarchy"
    assert "不能设立党支部" in exc.value.message


def test_code_must_be_unique(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_create(
            actor=world.users["county"],
            parent=world.orgs["a"],
            name="重复",
            code="TA1",
            kind=OrgKind.BRANCH,
        )
    assert exc.value.rule == "orgs.code_unique"


def test_rename_records_old_and_new_name(world):
    services.organization_rename(
        actor=world.users["township"], org=world.orgs["a1"], name="甲一社区党支部"
    )
    entry = LogEntry.objects.get(action_type="orgs.organization.renamed")
    assert entry.data["changes"]["name"] == ["甲一村党支部", "甲一社区党支部"]
    assert "将组织「甲一村党支部」更名为「甲一社区党支部」" in entry.sentence
    assert Organization.objects.get(pk=world.orgs["a1"].pk).name_pinyin.startswith("jiayishequ")


def test_a_township_cannot_rename_itself(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_rename(
            actor=world.users["township"], org=world.orgs["a"], name="甲镇新党委"
        )
    assert exc.value.rule == "orgs.manage_from_above"


def test_move_reparents_the_whole_subtree(world):
    group = services.organization_create(
        actor=world.users["county"],
        parent=world.orgs["a1"],
        name="第一党小组",
        code="TA1G1",
        kind=OrgKind.PARTY_GROUP,
    )
    services.organization_move(
        actor=world.users["county"], org=world.orgs["a1"], new_parent=world.orgs["b"]
    )
    a1 = Organization.objects.get(pk=world.orgs["a1"].pk)
    group.refresh_from_db()
    assert a1.path.startswith(world.orgs["b"].path)
    assert group.path.startswith(a1.path)
    assert Organization.objects.get(pk=world.orgs["b"].pk).numchild == 2
    assert Organization.objects.get(pk=world.orgs["a"].pk).numchild == 1
    entry = LogEntry.objects.get(action_type="orgs.organization.moved")
    assert entry.data["old_parent"] == "甲镇党委" and entry.data["new_parent"] == "乙镇党委"


def test_move_into_own_subtree_is_refused(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(
            actor=world.users["county"], org=world.orgs["a"], new_parent=world.orgs["a1"]
        )
    assert exc.value.rule == "orgs.move_into_self"


def test_township_cannot_move_a_branch_out_of_its_scope(world):
    with pytest.raises(Exception) as exc:
        services.organization_move(
            actor=world.users["township"], org=world.orgs["a1"], new_parent=world.orgs["b"]
        )
    assert exc.type.__name__ == "PermissionDenied"
    assert Organization.objects.get(pk=world.orgs["a1"].pk).path.startswith(world.orgs["a"].path)


def test_dissolve_keeps_the_record(world):
    a2 = world.orgs["a2"]
    world.members["a2"].status = "transferred_out"
    world.members["a2"].save()
    services.organization_dissolve(
        actor=world.users["township"], org=a2, dissolved_on=dt.date(2014, 6, 30), reason="合并"
    )
    a2 = Organization.objects.get(pk=a2.pk)
    assert a2.dissolved_on == dt.date(2014, 6, 30) and not a2.is_active
    with pytest.raises(RuleViolation) as exc:
        services.organization_rename(actor=world.users["county"], org=a2, name="复活")
    assert exc.value.rule == "orgs.dissolved"


def test_dissolve_refuses_while_members_remain(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(
            actor=world.users["township"],
            org=world.orgs["a1"],
            dissolved_on=dt.date(2014, 6, 30),
            reason="合并",
        )
    assert exc.value.rule == "orgs.dissolve_members"
    assert "还有1名党员" in exc.value.message


def test_dissolve_refuses_while_children_are_active(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(
            actor=world.users["county"],
            org=world.orgs["a"],
            dissolved_on=dt.date(2014, 6, 30),
            reason="撤并",
        )
    assert exc.value.rule == "orgs.dissolve_children"


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        (dt.date(1979, 12, 31), "orgs.dissolve_before_founded"),
        (dt.date(2999, 1, 1), "orgs.dissolve_future"),
    ],
)
def test_dissolve_dates_in_order(world, day, rule):
    world.members["a1"].status = "transferred_out"
    world.members["a1"].save()
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(
            actor=world.users["township"], org=world.orgs["a1"], dissolved_on=day, reason="撤并"
        )
    assert exc.value.rule == rule


def test_dissolve_needs_a_reason(world):
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(
            actor=world.users["township"],
            org=world.orgs["a2"],
            dissolved_on=dt.date(2014, 1, 1),
            reason="  ",
        )
    assert exc.value.rule == "orgs.dissolve_reason"
