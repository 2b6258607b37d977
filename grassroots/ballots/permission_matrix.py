"""Ballots: staff routes are scoped; the voting page and the receipt list are public and
serve everyone the same ballot (made at A1 whatever the org: nothing to leak)."""

from typing import Any

from grassroots.core.testing.matrix import ALL, Route, allow

READ = ("county", "township", "branch_secretary", "branch_organizer", "auditor")
MANAGE = ("county", "township", "branch_secretary", "branch_organizer")


def _draft(world: Any, org: Any, **kw: Any) -> Any:
    from grassroots.ballots.services import ballot_create

    return ballot_create(
        actor=world.users["county"],
        organization=org,
        subject=None,
        purpose="test.matrix",
        title=world.marker(org) + "支部大会表决",
        questions=[world.marker(org) + "接收张三为预备党员"],
        rule="statutory_branch_meeting",
        **kw,
    )


def _frozen(world: Any, org: Any) -> Any:
    from grassroots.ballots.services import ballot_freeze_roll

    return ballot_freeze_roll(actor=world.users["county"], ballot=_draft(world, org))


def _open(world: Any, org: Any) -> Any:
    from grassroots.ballots import services

    county = world.users["county"]
    ballot = _frozen(world, org)
    services.ballot_record_attendance(
        actor=county, ballot=ballot, present=list(ballot.roll.values_list("id", flat=True))
    )
    return services.ballot_open(actor=county, ballot=ballot)


def _closed(world: Any, org: Any) -> Any:
    from grassroots.ballots.services import ballot_close

    return ballot_close(actor=world.users["county"], ballot=_open(world, org))


def draft(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _draft(world, org).pk}


def draft_with_masses(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _draft(world, org, include_masses=True).pk}


def frozen(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _frozen(world, org).pk}


def frozen_entry(world: Any, org: Any) -> dict[str, Any]:
    ballot = _frozen(world, org)
    return {"pk": ballot.pk, "entry_pk": ballot.roll.first().pk}


def opened(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _open(world, org).pk}


def closed(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _closed(world, org).pk}


def closed_kind(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _closed(world, org).pk, "kind": "member"}


def api_draft(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _draft(world, org).pk}


def api_closed(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _closed(world, org).pk}


def api_frozen(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _frozen(world, org).pk}


def api_frozen_entry(world: Any, org: Any) -> dict[str, Any]:
    ballot = _frozen(world, org)
    return {"ballot_id": ballot.pk, "entry_id": ballot.roll.first().pk}


def api_draft_with_masses(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _draft(world, org, include_masses=True).pk}


def api_opened(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _open(world, org).pk}


def api_closed_kind(world: Any, org: Any) -> dict[str, Any]:
    return {"ballot_id": _closed(world, org).pk, "kind": "member"}


def _empty_tally(world: Any, org: Any) -> dict[str, Any]:
    return {"collected": 0, "lines": {"0": {"yes": 0, "no": 0, "abstain": 0, "invalid": 0}}}


def api_tallied_kind(world: Any, org: Any) -> dict[str, Any]:
    from grassroots.ballots.services import ballot_enter_paper_tally

    ballot = _closed(world, org)
    ballot_enter_paper_tally(
        actor=world.users["county"], ballot=ballot, collected=0, lines={0: (0, 0, 0, 0)}
    )
    return {"ballot_id": ballot.pk, "kind": "member"}


# A state change succeeds for the first manager to ask (the county) and is then refused
# by the state machine (422) for the next ones; other roles do not find the ballot (404).
FIRST_WINS = (200, 422)


def _public(world: Any, org: Any) -> Any:
    from grassroots.ballots.models import Ballot

    a1 = world.orgs["a1"]
    return Ballot.objects.filter(organization=a1, purpose="test.matrix").first() or _open(world, a1)


def public(world: Any, org: Any) -> dict[str, Any]:
    return {"public_id": _public(world, org).public_id}


ROUTES = [
    Route("ballots:list", allow(READ, denied=403), outside=None),
    Route("ballots:create", allow(MANAGE, denied=403), outside=None),
    Route("ballots:create", allow(MANAGE, denied=403), method="POST", outside=None),
    Route("ballots:detail", allow(READ), make=draft),
    Route("ballots:roll", allow(READ), make=frozen),
    Route("ballots:mass_add", allow(MANAGE, 302), method="POST", make=draft_with_masses),
    Route("ballots:freeze", allow(MANAGE, 302), method="POST", make=draft),
    Route("ballots:attendance", allow(MANAGE), make=frozen),
    Route("ballots:attendance", allow(MANAGE, 302), method="POST", make=frozen),
    Route("ballots:written_opinion", allow(MANAGE), make=frozen_entry),
    Route("ballots:written_opinion", allow(MANAGE), method="POST", make=frozen_entry),
    Route("ballots:codes", allow(MANAGE), make=frozen),
    Route("ballots:codes", allow(MANAGE), method="POST", make=frozen),
    Route("ballots:open", allow(MANAGE, 302), method="POST", make=frozen),
    Route("ballots:close", allow(MANAGE, 302), method="POST", make=opened),
    Route("ballots:tally", allow(MANAGE), make=closed_kind),
    Route("ballots:tally", allow(MANAGE), method="POST", make=closed_kind),
    Route("ballots:tally_sign", allow(MANAGE, 302), method="POST", make=closed_kind),
    Route("ballots:result", allow(READ), make=closed),
    Route("ballots:publish", allow(MANAGE, 302), method="POST", make=closed),
    # public: no login; an empty POST is a form with errors, changing nothing
    Route("ballots:public_vote", allow(ALL), anon=200, public=True, make=public, outside=None),
    Route(
        "ballots:public_vote",
        allow(ALL),
        method="POST",
        anon=200,
        public=True,
        make=public,
        outside=None,
    ),
    Route("ballots:public_receipts", allow(ALL), anon=200, public=True, make=public, outside=None),
    Route(
        "ballots:public_receipts",
        allow(ALL),
        method="POST",
        anon=200,
        public=True,
        make=public,
        outside=None,
    ),
    # API
    Route("api:ballot_list", allow(ALL), api=True, outside=None),
    Route("api:ballot_detail", allow(READ), api=True, make=api_draft),
    Route("api:ballot_result", allow(READ), api=True, make=api_closed),
    Route("api:ballot_receipts", allow(READ), api=True, make=api_closed),
    Route(
        "api:ballot_create",
        allow(MANAGE, ok=201),
        method="POST",
        api=True,
        json=True,
        make=lambda w, org: {},
        data=lambda w, org: {
            "organization_id": org.pk,
            "title": w.marker(org) + "表决",
            "questions": [w.marker(org) + "事项"],
            "rule": "statutory_branch_meeting",
        },
    ),
    Route("api:ballot_roll", allow(READ), api=True, make=api_frozen),
    Route(
        "api:ballot_mass_add",
        allow(MANAGE, ok=201),
        method="POST",
        api=True,
        json=True,
        make=api_draft_with_masses,
        data=lambda w, org: {"name": "群众代表", "chosen_how": "村民小组推选"},
    ),
    Route(
        "api:ballot_freeze",
        allow(MANAGE, ok=FIRST_WINS),
        method="POST",
        api=True,
        make=api_draft,
    ),
    Route(
        "api:ballot_attendance",
        allow(MANAGE),
        method="POST",
        api=True,
        json=True,
        make=api_frozen,
        data=lambda w, org: {"present": []},
    ),
    Route(
        "api:ballot_written_opinion",
        allow(MANAGE, ok=(201, 422)),  # once per member
        method="POST",
        api=True,
        json=True,
        make=api_frozen_entry,
        data=lambda w, org: {"choices": {"0": "yes"}},
    ),
    Route(
        "api:ballot_codes",
        allow(MANAGE, ok=202),
        method="POST",
        api=True,
        json=True,
        make=api_frozen,
        data=lambda w, org: {"count": 1},
    ),
    Route("api:ballot_open", allow(MANAGE, ok=422), method="POST", api=True, make=api_frozen),
    Route(
        "api:ballot_close", allow(MANAGE, ok=FIRST_WINS), method="POST", api=True, make=api_opened
    ),
    Route("api:ballot_tally", allow(MANAGE), api=True, make=api_tallied_kind),
    Route(
        "api:ballot_tally_enter",
        allow(MANAGE),
        method="POST",
        api=True,
        json=True,
        make=api_closed_kind,
        data=_empty_tally,
    ),
    Route(
        "api:ballot_tally_sign",
        allow(MANAGE, ok=FIRST_WINS),  # teller, scrutineer, then refused
        method="POST",
        api=True,
        make=api_tallied_kind,
    ),
    Route(
        "api:ballot_publish",
        allow(MANAGE, ok=422),  # the paper tally is not entered: refused
        method="POST",
        api=True,
        make=api_closed,
    ),
    Route(
        "api:ballot_public_receipts",
        allow(ALL),
        api=True,
        anon=200,
        public=True,
        make=public,
        outside=None,
    ),
    Route(
        "api:ballot_cast",
        allow(ALL, 422),
        method="POST",
        api=True,
        json=True,
        anon=422,
        public=True,
        make=public,
        outside=None,
        data=lambda w, org: {"code": "22222-33333", "choices": {"0": "yes"}},  # unknown code
    ),
]
