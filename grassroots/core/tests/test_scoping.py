import pytest
from django.http import Http404

from grassroots.core import scoping
from grassroots.core.roles import Role
from grassroots.orgs.models import Organization
from grassroots.orgs.selectors import org_get, org_list

pytestmark = pytest.mark.django_db


def test_minimal_paths_drop_nested_paths():
    assert scoping.minimal_paths(["0001", "00010002", "0002", "00010002"]) == ["0001", "0002"]


def test_subtree_lookup_is_a_prefix_range(world):
    a = world.orgs["a"]
    names = set(Organization.objects.filter(path__subtree=a.path).values_list("name", flat=True))
    assert names == {"甲镇党委", "甲一村党支部", "甲二村党支部"}


def test_subtree_does_not_match_a_sibling_with_a_longer_step(world):
    # 0001 0001 must not match 0001 00010...: paths are fixed-width steps.
    root = world.orgs["root"]
    assert Organization.objects.filter(path__subtree=root.path).count() == 6
    assert Organization.objects.filter(path__subtree=world.orgs["a1"].path).count() == 1


def test_role_covers_its_subtree_only(world):
    township = world.users["township"]
    visible = set(org_list(actor=township).values_list("code", flat=True))
    assert visible == {"TA", "TA1", "OUTA2"}
    with pytest.raises(Http404):
        org_get(actor=township, pk=world.orgs["b1"].pk)


def test_no_role_sees_nothing(world, django_user_model):
    nobody = django_user_model.objects.create(username="nobody")
    assert not org_list(actor=nobody).exists()


def test_several_roles_add_up(world):
    from grassroots.accounts.services import role_grant

    user = world.users["branch_secretary"]
    role_grant(
        actor=world.users["county"],
        user=user,
        role=Role.BRANCH_SECRETARY,
        organization=world.orgs["b1"],
    )
    scoping.forget(user)
    assert set(org_list(actor=user).values_list("code", flat=True)) == {"TA1", "OUTB1"}


def test_revoked_role_no_longer_scopes(world):
    from grassroots.accounts.models import RoleAssignment
    from grassroots.accounts.services import role_revoke

    user = world.users["leader"]
    role_revoke(actor=world.users["county"], assignment=RoleAssignment.objects.get(user=user))
    scoping.forget(user)
    assert not org_list(actor=user).exists()


def test_only_the_county_grants_county_roles(world):
    from grassroots.accounts.services import role_grant
    from grassroots.core.errors import RuleViolation

    with pytest.raises(RuleViolation):
        role_grant(
            actor=world.users["township"],
            user=world.users["leader"],
            role=Role.COUNTY,
            organization=world.orgs["a"],
        )
    role_grant(
        actor=world.users["township"],
        user=world.users["leader"],
        role=Role.BRANCH_SECRETARY,
        organization=world.orgs["a2"],
    )


def test_inactive_user_has_no_scope(world):
    user = world.users["township"]
    user.is_active = False
    user.save()
    scoping.forget(user)
    assert scoping.scope_paths(user, "orgs.view") == []
