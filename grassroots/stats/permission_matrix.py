from grassroots.core.testing.matrix import READERS, Route, allow, org_id_kwargs, org_kwargs

# Statistics are read by every role but the member: 403 on pages that name no object,
# 404 on an organization (the member has no statistics scope, so it is not found), as
# for any organization outside the reader's scope.


def _drill(world, org):  # type: ignore[no-untyped-def]
    return {"pk": org.pk, "key": "members.total"}


def _api_drill(world, org):  # type: ignore[no-untyped-def]
    return {"org_id": org.pk, "key": "members.total"}


READ = allow(READERS, denied=403)
READ_OBJ = allow(READERS)

ROUTES = [
    Route("stats:dashboard", READ, outside=None),
    Route("stats:dashboard_org", READ_OBJ, make=org_kwargs),
    Route("stats:drilldown", READ_OBJ, make=_drill),
    Route("stats:indicators", READ, outside=None),
    Route("stats:reports", allow(READERS, ok=302, denied=403), outside=None),
    Route("stats:report", READ_OBJ, make=org_kwargs),
    Route(
        "stats:report",
        allow(READERS, ok=302),
        method="POST",
        make=org_kwargs,
        data=lambda w, org: {"year": "2014", "fmt": "json"},
    ),
    # API
    Route("api:stats_indicators", READ, api=True, outside=None),
    Route("api:stats_values", READ_OBJ, api=True, make=org_id_kwargs, params={"year": "2014"}),
    Route("api:stats_children", READ_OBJ, api=True, make=_api_drill, params={"year": "2014"}),
    Route(
        "api:stats_report_start",
        allow(READERS, ok=202),
        method="POST",
        api=True,
        json=True,
        make=org_id_kwargs,
        data=lambda w, org: {"year": 2014, "format": "json"},
    ),
]
