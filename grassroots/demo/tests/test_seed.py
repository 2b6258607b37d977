"""The Tongshan demo as ``seed_demo`` loads it: the article's organization figures, a
second run that changes nothing, and every printed login working.

Seeding takes a while, so the module seeds once, inside one transaction that is rolled
back at the end: the tests see the demo, the rest of the suite never does.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from grassroots.orgs.models import Organization, OrgKind, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _active(**filters):  # type: ignore[no-untyped-def]
    return Organization.objects.filter(dissolved_on__isnull=True, **filters)


def _under(code: str):  # type: ignore[no-untyped-def]
    return _active(path__startswith=Organization.objects.get(code=code).path)


def test_the_county_and_its_twelve_townships(seeded):
    root = Organization.objects.get(depth=1)
    assert (root.name, root.code, root.division.code) == ("中共通山县委", "421224", "421224")
    townships = _active(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("code")
    assert [t.short_name for t in townships] == [
        "通羊镇党委", "南林桥镇党委", "黄沙铺镇党委", "厦铺镇党委", "九宫山镇党委", "闯王镇党委",
        "洪港镇党委", "大畈镇党委", "杨芳林乡党委", "燕厦乡党委", "大路乡党委", "慈口乡党委",
    ]  # fmt: skip
    assert all(t.parent_path == root.path for t in townships)


def test_187_village_branches_in_the_townships(seeded):
    villages = _active(sector=Sector.VILLAGE, kind=OrgKind.BRANCH)
    assert villages.count() == 187
    township_paths = set(_active(kind=OrgKind.TOWNSHIP_COMMITTEE).values_list("path", flat=True))
    assert all(v.parent_path in township_paths for v in villages)
    assert all(v.name.endswith("村党支部") for v in villages)


def test_xincheng_community_holds_longding_lidu(seeded):
    xincheng = Organization.objects.get(name="通羊镇新城社区党委")
    assert xincheng.parent_path == Organization.objects.get(code="421224100").path
    longding = Organization.objects.get(name="隆鼎丽都小区党支部")
    assert longding.parent_path == xincheng.path and longding.sector == Sector.COMMUNITY
    groups = _active(kind=OrgKind.PARTY_GROUP, path__startswith=longding.path)
    assert groups.count() >= 1  # the building party groups (楼栋党小组)


def test_organs_and_institutions_at_least_114(seeded):
    units = _active(kind=OrgKind.BRANCH, sector__in=[Sector.ORGAN, Sector.INSTITUTION])
    assert units.count() >= 114


def test_private_enterprises_and_remote_chambers(seeded):
    private = Organization.objects.get(name="中共通山县非公有制经济组织委员会")
    enterprises = _under(private.code).filter(kind=OrgKind.BRANCH, sector=Sector.PRIVATE_ENTERPRISE)
    assert enterprises.count() >= 17
    chambers = _under(private.code).filter(
        kind=OrgKind.GENERAL_BRANCH, sector=Sector.REMOTE_CHAMBER
    )
    assert chambers.count() == 6
    places = " ".join(chambers.values_list("address", flat=True))
    assert "广东" in places and "北京" in places
    chamber_branches = _active(
        kind=OrgKind.BRANCH,
        sector=Sector.REMOTE_CHAMBER,
        path__regex=r"^(" + "|".join(re.escape(c.path) for c in chambers) + r")",
    )
    assert chamber_branches.count() == 20


def test_seeding_again_adds_nothing(seeded):
    from django.apps import apps

    def counts() -> dict[str, int]:
        return {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if m._meta.app_label.split(".")[-1] not in {"sessions", "axes"}
        }

    before = counts()
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert counts() == before


def _printed_logins(output: str) -> list[str]:
    block = output.split("Demo logins", 1)[1]
    return re.findall(r"^  (\w+)\s", block, re.M)


def test_every_printed_login_logs_in_by_name_and_by_mobile(seeded, client):
    from grassroots.accounts.models import User
    from grassroots.demo.registry import DEMO_PASSWORD

    logins = _printed_logins(seeded)
    assert {"county", "tongyang", "longding", "leader", "auditor", "member"} <= set(logins)
    for username in logins:
        user = User.objects.get(username=username)
        assert user.mobile, username
        for login in (username, user.mobile):
            response = client.post(
                reverse("accounts:login"), {"username": login, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 302, login
            assert int(client.session["_auth_user_id"]) == user.pk
            client.post(reverse("accounts:logout"))


def test_a_demo_login_holds_two_scopes(seeded):
    from grassroots.accounts.demo import MORE_ROLES
    from grassroots.accounts.models import RoleAssignment

    username = MORE_ROLES[0][0]
    held = RoleAssignment.objects.filter(user__username=username, revoked_at__isnull=True)
    assert held.count() == 2
    paths = [a.organization.path for a in held.select_related("organization")]
    assert not paths[0].startswith(paths[1]) and not paths[1].startswith(paths[0])
