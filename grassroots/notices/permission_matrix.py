"""Notices: staff routes are scoped; public routes serve everyone the same published
notice (made at A1 whatever the org: public pages have no scope to leak)."""

from typing import Any

from grassroots.core.testing.matrix import ALL, Route, allow

READ = ("county", "township", "branch_secretary", "branch_organizer", "auditor")
MANAGE = ("county", "township", "branch_secretary", "branch_organizer")


def _notice(world: Any, org: Any) -> Any:
    from grassroots.notices.services import notice_publish

    return notice_publish(
        actor=world.users["county"],
        organization=org,
        subject=org,
        purpose="test.matrix",
        title=world.marker(org) + "入党积极分子公示",
        body=world.marker(org) + "张三，男，1990年生。",
    )


def _objection(world: Any, org: Any) -> Any:
    from grassroots.notices.services import objection_submit

    return objection_submit(
        notice=_notice(world, org), content=world.marker(org) + "有意见", name="李四"
    )


def notice_kwargs(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _notice(world, org).pk}


def notice_id_kwargs(world: Any, org: Any) -> dict[str, Any]:
    return {"notice_id": _notice(world, org).pk}


def objection_kwargs(world: Any, org: Any) -> dict[str, Any]:
    return {"pk": _objection(world, org).pk}


def objection_id_kwargs(world: Any, org: Any) -> dict[str, Any]:
    return {"objection_id": _objection(world, org).pk}


def public_notice_kwargs(world: Any, org: Any) -> dict[str, Any]:
    from grassroots.notices.models import Notice

    a1 = world.orgs["a1"]
    existing = Notice.objects.filter(organization=a1, purpose="test.matrix").first()
    return {"pk": (existing or _notice(world, a1)).pk}


ROUTES = [
    Route("notices:list", allow(READ, denied=403), outside=None),
    Route("notices:detail", allow(READ), make=notice_kwargs),
    Route("notices:withdraw", allow(MANAGE), make=notice_kwargs),
    Route("notices:withdraw", allow(MANAGE), method="POST", make=notice_kwargs),
    Route("notices:objection_answer", allow(MANAGE), make=objection_kwargs),
    Route("notices:objection_answer", allow(MANAGE), method="POST", make=objection_kwargs),
    Route("notices:holidays", allow(["county"], denied=403), outside=None),
    Route("notices:holiday_edit", allow(["county"], denied=403), outside=None),
    Route("notices:holiday_edit", allow(["county"], denied=403), method="POST", outside=None),
    # public: no login; an empty POST is a form with errors, changing nothing
    Route("notices:public_list", allow(ALL), anon=200, public=True, outside=None),
    Route(
        "notices:public_detail",
        allow(ALL),
        anon=200,
        public=True,
        make=public_notice_kwargs,
        outside=None,
    ),
    Route(
        "notices:public_objection",
        allow(ALL),
        anon=200,
        public=True,
        make=public_notice_kwargs,
        outside=None,
    ),
    Route(
        "notices:public_objection",
        allow(ALL),
        method="POST",
        anon=200,
        public=True,
        make=public_notice_kwargs,
        outside=None,
    ),
    Route("notices:public_objection_lookup", allow(ALL), anon=200, public=True, outside=None),
    Route(
        "notices:public_objection_lookup",
        allow(ALL),
        method="POST",
        anon=200,
        public=True,
        outside=None,
    ),
    # API
    Route("api:notice_list", allow(READ, denied=200), api=True, outside=None),
    Route("api:notice_detail", allow(READ), api=True, make=notice_id_kwargs),
    Route("api:notice_objections", allow(READ), api=True, make=notice_id_kwargs),
    Route(
        "api:objection_answer",
        allow(MANAGE, ok=(200, 422)),  # the first answer is final: later ones are refused
        method="POST",
        api=True,
        json=True,
        make=objection_id_kwargs,
        data=lambda w, org: {"investigation": "经核实", "answer": "反映问题不属实"},
    ),
]
