"""A small organization tree with one user per role, for scoping tests.

    测试县委 (root, county department, auditor at A)
    ├── 甲镇党委 A          township committee, leader, auditor
    │   ├── 甲一村党支部 A1  branch secretary, organizing member, member (self)
    │   └── 甲二村党支部 A2  outside the A1 roles' scope  (marker 甲二村 / OUTA2)
    └── 乙镇党委 B          outside everyone's scope but the county's (marker 乙镇 / OUTB)
        └── 乙镇一村党支部 B1

Everything created in a subtree carries that subtree's marker in its name, so a test
can assert that no out-of-scope record shows up in a response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.roles import Role
from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import Organization, OrgKind, Sector

PASSWORD = "Test-password-2014"

ROLE_USERS = {
    "county": (Role.COUNTY, "root"),
    "township": (Role.TOWNSHIP, "a"),
    "branch_secretary": (Role.BRANCH_SECRETARY, "a1"),
    "branch_organizer": (Role.BRANCH_ORGANIZER, "a1"),
    "leader": (Role.LEADER, "a"),
    "member": (Role.MEMBER, "a1"),
    "auditor": (Role.AUDITOR, "a"),
}
ROLES = (*ROLE_USERS, "anon")

MARKERS = {"b": ("乙镇", "OUTB"), "a2": ("甲二村", "OUTA2")}


@dataclass
class World:
    orgs: dict[str, Organization]
    users: dict[str, User]
    members: dict[str, Any] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Organization:
        return self.orgs["root"]

    def marker(self, org: Organization) -> str:
        """A name prefix that marks objects created under ``org``."""
        for key, (word, _code) in MARKERS.items():
            if org.path.startswith(self.orgs[key].path):
                return word
        return "甲一村" if org.path.startswith(self.orgs["a1"].path) else ""

    def forbidden_markers(self, role: str) -> tuple[str, ...]:
        """Strings that must not appear in any response to ``role``."""
        if role in ("county", "anon"):
            return ()
        scope_key = ROLE_USERS[role][1]
        out: list[str] = list(MARKERS["b"])
        if scope_key == "a1":
            out += MARKERS["a2"]
        return tuple(out)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anon":
            user = self.users[role]
            client.force_login(user, backend="grassroots.accounts.backends.UsernameOrMobileBackend")
            from grassroots.accounts.selectors import requires_second_factor

            if requires_second_factor(user):
                verify_second_factor(client, user)
        return client

    def token(self, role: str) -> str:
        if role not in self._tokens:
            from grassroots.accounts.services import token_create

            _tok, secret = token_create(actor=self.users[role], name="matrix")
            self._tokens[role] = secret
        return self._tokens[role]

    def api_headers(self, role: str) -> dict[str, str]:
        return {} if role == "anon" else {"HTTP_AUTHORIZATION": f"Bearer {self.token(role)}"}


def verify_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed the TOTP step (as django_otp.login does)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def build_world() -> World:
    tb = TreeBuilder()
    root = tb.add(None, name="测试县委", code="T", kind=OrgKind.COUNTY_COMMITTEE)
    a = tb.add(root, name="甲镇党委", code="TA", kind=OrgKind.TOWNSHIP_COMMITTEE)
    a1 = tb.add(
        a,
        name="甲一村党支部",
        code="TA1",
        kind=OrgKind.BRANCH,
        sector=Sector.VILLAGE,
        founded_on=dt.date(1980, 1, 1),
    )
    a2 = tb.add(a, name="甲二村党支部", code="OUTA2", kind=OrgKind.BRANCH, sector=Sector.VILLAGE)
    b = tb.add(root, name="乙镇党委", code="OUTB", kind=OrgKind.TOWNSHIP_COMMITTEE)
    b1 = tb.add(b, name="乙镇一村党支部", code="OUTB1", kind=OrgKind.BRANCH, sector=Sector.VILLAGE)
    tb.save()
    orgs = {"root": root, "a": a, "a1": a1, "a2": a2, "b": b, "b1": b1}
    users: dict[str, User] = {}
    for key, (role, org_key) in ROLE_USERS.items():
        user = User(username=f"w_{key}", full_name=f"测试{key}")
        user.set_password(PASSWORD)
        user.save()
        RoleAssignment.objects.create(user=user, role=role, organization=orgs[org_key])
        users[key] = user
    world = World(orgs=orgs, users=users)
    from grassroots.core.testing import factories

    world.members["a1"] = factories.member(organization=a1, name="甲一村张三")
    world.members["b1"] = factories.member(organization=b1, name="乙镇李四")
    world.members["a2"] = factories.member(organization=a2, name="甲二村王五")
    users["member"].member = world.members["a1"]
    users["member"].save(update_fields=["member"])
    return world
