"""Demo logins, one for every role (printed by ``make run``)."""

from __future__ import annotations

from grassroots.core.roles import Role
from grassroots.demo.registry import DEMO_PASSWORD, DemoContext, step
from grassroots.orgs.models import Organization

from .models import RoleAssignment, User

# (username, full name, role, organization code, title)
DEMO_USERS = [
    ("county", "组织部管理员", Role.COUNTY, "421224", "县委组织部组织科"),
    ("tongyang", "通羊镇组织委员", Role.TOWNSHIP, "421224100", "通羊镇党委组织委员"),
    ("xincheng", "新城社区书记", Role.TOWNSHIP, "421224100001", "新城社区党委书记"),
    ("longding", "隆鼎丽都支部书记", Role.BRANCH_SECRETARY, "42122410000102", "支部书记"),
    ("longding_zz", "隆鼎丽都组织委员", Role.BRANCH_ORGANIZER, "42122410000102", "组织委员"),
    ("leader", "县级联系点领导", Role.LEADER, "421224100", "县委常委"),
    ("auditor", "审计员", Role.AUDITOR, "421224", "县纪委派驻审计"),
    # Holds two scopes: a township committee seat in 通羊镇 and, as first secretary
    # (第一书记) sent to a village, that village's branch in 南林桥镇 (see MORE_ROLES).
    ("shuangzhi", "通羊镇党委委员", Role.TOWNSHIP, "421224100", "通羊镇党委委员"),
    # Created by the members demo step, which links the account to a member record.
    ("member", "隆鼎丽都党员", Role.MEMBER, "42122410000102", "本人信息自助查询"),
]
# Further role assignments of demo logins: (username, role, organization code, title).
MORE_ROLES = [
    ("shuangzhi", Role.BRANCH_SECRETARY, "421224101201", "驻村第一书记"),
]
# Logins that a later step creates (they need records this step cannot see yet).
CREATED_ELSEWHERE = {"member"}
# Each demo login also signs in by mobile number: 1390715 and two digits, in list order.
MOBILE_PREFIX = "1390715"


def demo_mobile(username: str) -> str:
    index = [u[0] for u in DEMO_USERS].index(username)
    return f"{MOBILE_PREFIX}{index + 1:04d}"


@step("accounts.demo_users", order=20)
def seed_users(ctx: DemoContext) -> None:
    demo_users = [u for u in DEMO_USERS if u[0] not in CREATED_ELSEWHERE]
    codes = [u[3] for u in demo_users] + [r[2] for r in MORE_ROLES]
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    probe = User()
    probe.set_password(DEMO_PASSWORD)  # hash once: all demo users share the demo password
    users = [
        User(username=u, full_name=name, password=probe.password, mobile=demo_mobile(u))
        for u, name, *_rest in demo_users
    ]
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in demo_users])}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=by_name[u], role=role, organization=orgs[code], title=title)
            for u, _n, role, code, title in demo_users
        ]
        + [
            RoleAssignment(user=by_name[u], role=role, organization=orgs[code], title=title)
            for u, role, code, title in MORE_ROLES
        ]
    )
    for u, _n, role, code, _t in demo_users:
        ctx.logins.append((u, str(Role(role).label), orgs[code].name))


@step("accounts.demo_mobiles", order=90)
def seed_mobiles(ctx: DemoContext) -> None:
    """Mobile numbers for the logins that later steps created (and for databases seeded
    before demo logins had numbers), so every demo login also works by number."""
    users = list(User.objects.filter(username__in=[u[0] for u in DEMO_USERS], mobile__isnull=True))
    for user in users:
        user.mobile = demo_mobile(user.username)
    User.objects.bulk_update(users, ["mobile"])
