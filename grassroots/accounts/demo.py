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
    # Created by the members demo step, which links the account to a member record.
    ("member", "隆鼎丽都党员", Role.MEMBER, "42122410000102", "本人信息自助查询"),
]
# Logins that a later step creates (they need records this step cannot see yet).
CREATED_ELSEWHERE = {"member"}


@step("accounts.demo_users", order=20)
def seed_users(ctx: DemoContext) -> None:
    demo_users = [u for u in DEMO_USERS if u[0] not in CREATED_ELSEWHERE]
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[u[3] for u in demo_users])}
    probe = User()
    probe.set_password(DEMO_PASSWORD)  # hash once: all demo users share the demo password
    users = [
        User(username=u, full_name=name, password=probe.password) for u, name, *_rest in demo_users
    ]
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in demo_users])}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=by_name[u], role=role, organization=orgs[code], title=title)
            for u, _n, role, code, title in demo_users
        ]
    )
    for u, _n, role, code, _t in demo_users:
        ctx.logins.append((u, str(Role(role).label), orgs[code].name))
