from grassroots.core.testing.matrix import ALL, COMMITTEES, Route, allow, org_id_kwargs, org_kwargs

ROUTES = [
    Route("orgs:tree", allow(ALL)),
    Route("orgs:search", allow(ALL), params={"q": "村"}),
    Route("orgs:detail", allow(ALL), make=org_kwargs),
    Route("orgs:children", allow(ALL), make=org_kwargs),
    Route("orgs:create", allow(COMMITTEES), make=org_kwargs),
    Route("orgs:create", allow(COMMITTEES), method="POST", make=org_kwargs),
    Route("orgs:edit", allow(COMMITTEES), make=org_kwargs),
    Route("orgs:edit", allow(COMMITTEES), method="POST", make=org_kwargs),
    Route("orgs:move", allow(COMMITTEES), make=org_kwargs),
    Route("orgs:move", allow(COMMITTEES), method="POST", make=org_kwargs),
    Route("orgs:dissolve", allow(COMMITTEES), make=org_kwargs),
    Route("orgs:dissolve", allow(COMMITTEES), method="POST", make=org_kwargs),
    Route("orgs:secretary", allow(COMMITTEES), make=org_kwargs),
    Route(
        "orgs:secretary",
        allow(COMMITTEES, 302),
        method="POST",
        make=org_kwargs,
        data=lambda w, org: {"member": _member_at(w, org).pk},
    ),
    # API
    Route("api:org_list", allow(ALL), api=True),
    Route("api:org_detail", allow(ALL), api=True, make=org_id_kwargs),
    Route("api:org_children", allow(ALL), api=True, make=org_id_kwargs),
    Route("api:org_audit", allow(ALL), api=True, make=org_id_kwargs),
    Route(
        "api:org_create",
        allow(COMMITTEES, ok=422),
        method="POST",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {
            "name": "新党小组",
            "code": "TA1",
            "kind": "party_group",
        },  # code taken: refused
    ),
    Route(
        "api:org_update",
        allow(COMMITTEES),
        method="PATCH",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {"phone": "0715-2322222"},
    ),
    Route(
        "api:org_move",
        allow(COMMITTEES, ok=422),
        method="POST",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {"new_parent_id": w.orgs["a1"].pk},  # into itself or a branch: refused
    ),
    Route(
        "api:org_secretary",
        allow(COMMITTEES),
        method="POST",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {"member_id": _member_at(w, org).pk},
    ),
    Route(
        "api:org_dissolve",
        allow(COMMITTEES, ok=422),
        method="POST",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {"dissolved_on": "2014-01-01", "reason": ""},  # no reason: refused
    ),
]


def _member_at(world, org):  # type: ignore[no-untyped-def]
    """The world's member kept in ``org`` (A1 or B1)."""
    return world.members["a1" if org.pk == world.orgs["a1"].pk else "b1"]
