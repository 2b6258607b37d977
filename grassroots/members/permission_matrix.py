"""Every member route as every role, inside (A1) and outside (B1) the role's scope.

Dual management (双联双管) has its own entries: ``_dual`` makes, for A1, a mobile member
whose home branch lies under 乙镇 (outside the A1 roles' scope, with a neutral name)
but who is managed by A1 — A1's roles must see them; for B1 it makes a plain B1 member
that they must not see.
"""

import datetime as dt
import itertools

from grassroots.core.testing import factories
from grassroots.core.testing.matrix import COMMITTEES, STAFF, Route, allow
from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import OrgKind, Sector

_serial = itertools.count(1)
BRANCH = ("branch_secretary", "branch_organizer")


def _member(world, org):  # type: ignore[no-untyped-def]
    m = factories.member(organization=org, name=world.marker(org) + "党员")
    return {"pk": m.pk}


def _member_id(world, org):  # type: ignore[no-untyped-def]
    return {"member_id": _member(world, org)["pk"]}


def _dual(world, org):  # type: ignore[no-untyped-def]
    if org.pk == world.orgs["a1"].pk:
        tb = TreeBuilder()
        b = type(world.orgs["b"]).objects.get(pk=world.orgs["b"].pk)
        home = tb.add(
            b,
            name="远方村党支部",
            code=f"FARHOME{next(_serial)}",
            kind=OrgKind.BRANCH,
            sector=Sector.VILLAGE,
        )
        tb.save()
        m = factories.member(
            organization=home,
            name="甲一村流动党员",
            managing_organization=org,
            mobile_destination="广东省广州市",
            mobile_since=dt.date(2012, 3, 1),
        )
    else:
        m = factories.member(organization=org, name=world.marker(org) + "流动党员")
    return {"pk": m.pk}


def _dual_id(world, org):  # type: ignore[no-untyped-def]
    return {"member_id": _dual(world, org)["pk"]}


def _dual_list(world, org):  # type: ignore[no-untyped-def]
    _dual(world, org)
    return {}


def _transfer(world, org):  # type: ignore[no-untyped-def]
    from grassroots.members.models import Transfer, TransferKind

    m = factories.member(organization=org, name=world.marker(org) + "转出党员")
    t = Transfer.objects.create(
        member=m,
        kind=TransferKind.OUT,
        from_organization=org,
        external_place="外县某党支部",
        letter_number="2014-001",
        transfer_on=dt.date(2014, 6, 1),
        created_by=world.users["county"],
    )
    return {"pk": t.pk}


def _transfer_id(world, org):  # type: ignore[no-untyped-def]
    return {"transfer_id": _transfer(world, org)["pk"], "step": "cancel"}


def _import_job(world, org):  # type: ignore[no-untyped-def]
    from grassroots.core.models import Job

    job = Job.objects.create(
        kind="members.import",
        title=world.marker(org) + "导入",
        created_by=world.users["county"],
        organization=org,
        params={"path": "imports/none.xlsx", "org_id": org.pk, "dry_run": True},
    )
    return {"pk": job.pk}


def _nothing(world, org):  # type: ignore[no-untyped-def]
    return {}


def _bad_member(world, org):  # type: ignore[no-untyped-def]
    return {
        "organization_id": org.pk,
        "name": "新党员",
        "sex": "male",
        "birth_date": "1980-05-01",
        "id_number": "421224198005010010",  # wrong check digit: refused
        "joined_on": "2005-07-01",
        "full_member_on": "2006-07-01",
    }


REVEAL = {**allow(COMMITTEES), "branch_secretary": 403, "branch_organizer": 403}
STAFF_PAGE = allow(STAFF, denied=403)

ROUTES = [
    Route("members:list", STAFF_PAGE),
    Route("members:list", STAFF_PAGE, make=_dual_list, outside=None),  # dual management
    Route("members:list", STAFF_PAGE, params={"q": "zs", "status": "", "mobile": "1"}),
    Route("members:detail", allow(STAFF), make=_member),
    Route("members:detail", allow(STAFF), make=_dual),  # dual management
    Route("members:me", allow(["member"]), outside=None),
    Route("members:create", STAFF_PAGE),
    Route("members:create", STAFF_PAGE, method="POST"),
    Route("members:edit", allow(STAFF), make=_member),
    Route("members:edit", allow(STAFF), method="POST", make=_member),
    Route("members:reveal", REVEAL, method="POST", make=_member),
    Route("members:status", allow(STAFF), make=_member),
    Route("members:status", allow(STAFF), method="POST", make=_member),
    Route("members:transfer_send", allow(STAFF), make=_member),
    Route("members:transfer_send", allow(STAFF), method="POST", make=_member),
    Route("members:mobile_set", allow(STAFF), make=_member),
    Route("members:mobile_set", allow(STAFF), method="POST", make=_member),
    Route("members:mobile_end", allow(STAFF, 302), method="POST", make=_member),
    Route("members:contact_create", allow(STAFF), make=_dual),  # the managing side logs contacts
    Route("members:contact_create", allow(STAFF), method="POST", make=_dual),
    Route("members:community_register", allow(STAFF), make=_member),
    Route("members:community_register", allow(STAFF), method="POST", make=_member),
    Route("members:community_end", allow(STAFF, 302), method="POST", make=_member),
    Route("members:transfers", STAFF_PAGE, make=_dual_list, outside=None),
    Route("members:transfers", STAFF_PAGE, params={"status": ""}),
    Route("members:transfer_in", STAFF_PAGE),
    Route("members:transfer_in", STAFF_PAGE, method="POST"),
    Route("members:transfer", allow(STAFF), make=_transfer),
    Route(
        "members:transfer_act",
        allow(STAFF),
        method="POST",
        make=_transfer,
        data=lambda w, org: {"action": "cancel", "reason": ""},  # no reason: refused
    ),
    Route("members:mobile", STAFF_PAGE, make=_dual_list, outside=None),
    Route("members:mobile", STAFF_PAGE, params={"overdue": "1"}),
    Route("members:community", STAFF_PAGE),
    Route("members:import", allow(COMMITTEES, denied=403)),
    Route("members:import", allow(COMMITTEES, denied=403), method="POST"),
    Route("members:import_template", allow(COMMITTEES, denied=403)),
    Route("members:import_job", allow(["county"]), make=_import_job),
    Route("members:import_confirm", allow(["county"], 302), method="POST", make=_import_job),
    Route("members:export", STAFF_PAGE),
    Route(
        "members:export",
        allow(STAFF, 302, denied=403),
        method="POST",
        data=lambda w, o: {"columns": ["name"]},
    ),
    # API
    Route("api:member_list", STAFF_PAGE, api=True),
    Route("api:member_list", STAFF_PAGE, api=True, make=_dual_list, outside=None),
    Route("api:member_search", STAFF_PAGE, api=True, params={"q": "张"}),
    Route("api:member_me", allow(["member"]), api=True, outside=None),
    Route("api:member_mobile_list", STAFF_PAGE, api=True, make=_dual_list, outside=None),
    Route("api:member_transfer_list", STAFF_PAGE, api=True, params={"status": ""}),
    Route(
        "api:member_transfer_in",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_nothing,
        data=lambda w, org: {
            **_bad_member(w, org),
            "external_place": "外县某党支部",
            "letter_number": "2014-009",
            "transfer_on": "2014-06-01",
        },
    ),
    Route(
        "api:member_transfer_detail",
        allow(STAFF),
        api=True,
        make=lambda w, o: {"transfer_id": _transfer(w, o)["pk"]},
    ),
    Route(
        "api:member_transfer_step",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_transfer_id,
        data=lambda w, org: {"reason": ""},
    ),
    Route(
        "api:member_create",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_nothing,
        data=_bad_member,
    ),
    Route("api:member_detail", allow(STAFF), api=True, make=_member_id),
    Route("api:member_detail", allow(STAFF), api=True, make=_dual_id),  # dual management
    Route(
        "api:member_update",
        allow(STAFF),
        method="PATCH",
        api=True,
        json=True,
        make=_member_id,
        data=lambda w, org: {"native_place": "湖北通山"},
    ),
    Route(
        "api:member_status",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_member_id,
        data=lambda w, org: {"new_status": "deceased", "changed_on": "2014-06-01", "reason": ""},
    ),
    Route("api:member_reveal", REVEAL, method="POST", api=True, make=_member_id),
    Route(
        "api:member_transfer_send",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_member_id,
        data=lambda w, org: {"kind": "out", "transfer_on": "2014-06-01"},  # no letter: refused
    ),
    Route("api:member_contacts", allow(STAFF), api=True, make=_dual_id),
    Route(
        "api:member_contact_create",
        allow(STAFF, 422),
        method="POST",
        api=True,
        json=True,
        make=_member_id,
        data=lambda w, org: {"contacted_on": "2014-06-01", "channel": "phone", "content": "问候"},
    ),
]
