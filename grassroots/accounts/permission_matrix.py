from grassroots.accounts.models import RoleAssignment
from grassroots.accounts.services import token_create, user_create
from grassroots.core.testing.matrix import ALL, COMMITTEES, Route, allow

ROUTES = [
    Route("accounts:login", allow(ALL, 302), anon=200, public=True),
    Route("accounts:login", allow(ALL, 302), method="POST", anon=200, public=True),
    Route("accounts:logout", allow(ALL, 302), method="POST", anon=302, public=True),
    Route("accounts:otp_verify", allow(ALL)),
    Route(
        "accounts:otp_setup", {**allow(ALL), "county": 302}
    ),  # county is verified already: to profile
    # An empty or wrong code re-renders the form with the error; nothing changes.
    Route("accounts:otp_verify", allow(ALL), method="POST"),
    Route("accounts:otp_setup", {**allow(ALL), "county": 302}, method="POST"),
    Route("accounts:profile", allow(ALL)),
    Route("accounts:password_change", allow(ALL, 400), method="POST"),
    Route("accounts:token_create", allow(ALL, 400), method="POST"),
    Route(
        "accounts:token_revoke",
        allow(["county"], 302),
        method="POST",
        make=lambda w, org: {"pk": token_create(actor=w.users["county"], name="matrix")[0].pk},
    ),
    Route("accounts:scope_switch", allow(ALL, 302), method="POST"),
    Route("home", allow(ALL, 302)),
    Route("accounts:users", allow(COMMITTEES, denied=403)),
    Route("accounts:user_create", allow(COMMITTEES, 400, denied=403), method="POST"),
    Route("accounts:role_grant", allow(COMMITTEES, 400, denied=403), method="POST"),
    Route(
        "accounts:role_revoke",
        allow(COMMITTEES, 302),
        method="POST",
        make=lambda w, org: {"pk": _assignment(w, org)},
    ),
    # Without an authenticator there are no backup codes to renew: back to the profile.
    Route("accounts:otp_backup_renew", {**allow(ALL, 302), "county": 200}, method="POST"),
    # The matrix user has no authenticator, so the reset is refused with a message.
    Route(
        "accounts:user_otp_reset",
        allow(["county"], 302),
        method="POST",
        make=lambda w, org: {"pk": _managed_user(w, org)},
    ),
    Route(
        "accounts:user_deactivate",
        allow(["county"]),
        make=lambda w, org: {"pk": _managed_user(w, org)},
    ),
    # No reason given: the form comes back with the error; nothing changes.
    Route(
        "accounts:user_deactivate",
        allow(["county"]),
        method="POST",
        make=lambda w, org: {"pk": _managed_user(w, org)},
    ),
    Route("set_language", allow(ALL, 302), method="POST", anon=302, public=True),
]


def _assignment(world, org):  # type: ignore[no-untyped-def]
    user = user_create(
        actor=None,
        username=f"u{org.pk}x{RoleAssignment.objects.count()}",
        password=None,
        full_name=world.marker(org) + "书记",
        role="branch_secretary",
        organization=org,
    )
    return user.role_assignments.get().pk


def _managed_user(world, org):  # type: ignore[no-untyped-def]
    return RoleAssignment.objects.get(pk=_assignment(world, org)).user_id
