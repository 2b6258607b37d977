"""Commitment letters: readers see their subtree; committees and branches keep their own
letters (403 for leaders and auditors, who only read); the review is for the level above
(county and township on a branch letter; 403 for the branch itself). Public pages show
published letters to everyone (made at A1 whatever the org: nothing scoped to leak) and
404 for a draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grassroots.core.testing.matrix import ALL, Route, allow

from .models import CommitmentItem, CommitmentLetter, LetterStatus, Milestone

VIEW = ("county", "township", "branch_secretary", "branch_organizer", "leader", "auditor")
MANAGE = ("county", "township", "branch_secretary", "branch_organizer")
REVIEW = ("county", "township")


def _acting(ok: Any, roles: tuple = MANAGE) -> dict:
    """``ok`` for ``roles``; 403 for other readers; 404 for the member."""
    return {role: ok if role in roles else 403 if role in VIEW else 404 for role in ALL}


def _letter(world: Any, org: Any, status: str = LetterStatus.DRAFT) -> CommitmentLetter:
    letter = CommitmentLetter.objects.create(
        organization=org,
        year=2014,
        secretary_name=world.marker(org) + "书记",
        secretary_post="党支部书记",
        title=world.marker(org) + "2014年度抓基层党建工作公开承诺书",
        status=status,
    )
    for n, weight in ((1, 60), (2, 30)):  # weights sum to 90: publishing is refused
        CommitmentItem.objects.create(
            letter=letter,
            number=n,
            category="organization",
            content=f"{world.marker(org)}承诺事项{n}",
            responsible="支部书记",
            due_on=dt.date(2014, 12, 31),
            verification="查阅台账",
            weight=weight,
            percent=50,
        )
    return letter


def _draft(world: Any, org: Any) -> dict:
    return {"pk": _letter(world, org).pk}


def _published_item(world: Any, org: Any) -> dict:
    return {"pk": _letter(world, org, LetterStatus.PUBLISHED).items.first().pk}  # type: ignore[union-attr]


def _draft_item(world: Any, org: Any) -> dict:
    return {"pk": _letter(world, org).items.first().pk}  # type: ignore[union-attr]


def _milestone(world: Any, org: Any) -> dict:
    item = _letter(world, org, LetterStatus.PUBLISHED).items.first()
    assert item is not None
    milestone = Milestone.objects.create(
        item=item, title=world.marker(org) + "节点", due_on=dt.date(2014, 6, 30)
    )
    return {"pk": milestone.pk}


def _listed(world: Any, org: Any) -> dict:
    _letter(world, org, LetterStatus.PUBLISHED)
    return {}


def _public_letter(world: Any, org: Any) -> dict:
    a1 = world.orgs["a1"]
    existing = CommitmentLetter.objects.filter(
        organization=a1, status=LetterStatus.PUBLISHED
    ).first()
    return {"pk": (existing or _letter(world, a1, LetterStatus.PUBLISHED)).pk}


def _public_org(world: Any, org: Any) -> dict:
    _public_letter(world, org)
    return {"org_id": world.orgs["a1"].pk}


def _public_draft(world: Any, org: Any) -> dict:
    a1 = world.orgs["a1"]
    existing = CommitmentLetter.objects.filter(organization=a1, status=LetterStatus.DRAFT).first()
    return {"pk": (existing or _letter(world, a1)).pk}


def _public_listed(world: Any, org: Any) -> dict:
    _public_letter(world, org)
    return {}


def _no_evidence(world: Any, org: Any) -> dict:
    return {"pk": 999999}


def _id(make: Any, key: str) -> Any:
    return lambda w, o: {key: make(w, o)["pk"]}


ROUTES = [
    Route("commitments:letter_list", allow(VIEW, denied=403), make=_listed, outside=None),
    Route("commitments:letter_create", allow(MANAGE, denied=403)),
    Route(
        "commitments:letter_create",
        allow(MANAGE, denied=403),
        method="POST",
        data=lambda w, o: {"year": ""},
    ),
    Route("commitments:letter_detail", allow(VIEW), make=_draft),
    Route("commitments:letter_edit", _acting(200), make=_draft),
    Route(
        "commitments:letter_edit",
        _acting(200),
        method="POST",
        make=_draft,
        data=lambda w, o: {"title": ""},
    ),
    Route("commitments:letter_publish", _acting(200), make=_draft),
    Route(
        "commitments:letter_publish",
        _acting(200),  # weights sum to 90: refused, the form shows the rule
        method="POST",
        make=_draft,
        data=lambda w, o: {"starts_on": "2014-03-01", "working_days": "5"},
    ),
    Route("commitments:item_create", _acting(200), make=_draft),
    Route(
        "commitments:item_create",
        _acting(200),
        method="POST",
        make=_draft,
        data=lambda w, o: {"content": ""},
    ),
    Route("commitments:item_detail", allow(VIEW), make=_draft_item),
    Route("commitments:item_edit", _acting(200), make=_draft_item),
    Route(
        "commitments:item_edit",
        _acting(200),
        method="POST",
        make=_published_item,
        data=lambda w, o: {"content": ""},
    ),
    # On a published letter removing is refused: back to the item with the message.
    Route("commitments:item_remove", _acting(302), method="POST", make=_published_item),
    Route("commitments:progress_create", _acting(200), make=_published_item),
    Route(
        "commitments:progress_create",
        _acting(200),
        method="POST",
        make=_published_item,
        data=lambda w, o: {"percent": "150", "text": "x"},
    ),
    Route("commitments:milestone_create", _acting(200), make=_published_item),
    Route(
        "commitments:milestone_create",
        _acting(200),
        method="POST",
        make=_published_item,
        data=lambda w, o: {"title": ""},
    ),
    Route("commitments:milestone_done", _acting(200), make=_milestone),
    Route(
        "commitments:milestone_done",
        _acting(200),
        method="POST",
        make=_milestone,
        data=lambda w, o: {"done_on": ""},
    ),
    Route("commitments:shortfall", _acting(200), make=_published_item),
    Route(
        "commitments:shortfall",
        _acting(200),
        method="POST",
        make=_published_item,
        data=lambda w, o: {"note": ""},
    ),
    Route("commitments:item_review", _acting(200, REVIEW), make=_published_item),
    Route(
        "commitments:item_review",
        _acting(200, REVIEW),
        method="POST",
        make=_published_item,
        data=lambda w, o: {"reviewed_on": ""},
    ),
    # No such evidence: 404 (downloads are tested in the app's tests).
    Route("commitments:evidence", allow([], 404), make=_no_evidence),
    # public: no login
    Route(
        "commitments:public_overview",
        allow(ALL),
        anon=200,
        public=True,
        make=_public_listed,
        outside=None,
    ),
    Route(
        "commitments:public_organization",
        allow(ALL),
        anon=200,
        public=True,
        make=_public_org,
        outside=None,
    ),
    Route(
        "commitments:public_letter",
        allow(ALL),
        anon=200,
        public=True,
        make=_public_letter,
        outside=None,
    ),
    Route(
        "commitments:public_letter",
        allow([], 404),  # a draft is not public
        anon=404,
        public=True,
        make=_public_draft,
        outside=None,
    ),
    Route(
        "commitments:public_evidence",
        allow([], 404),
        anon=404,
        public=True,
        make=_no_evidence,
        outside=None,
    ),
    # API
    Route("api:commitments_letter_list", allow(ALL), api=True, make=_listed, outside=None),
    Route("api:commitments_letter_detail", allow(VIEW), api=True, make=_id(_draft, "letter_id")),
    Route(
        "api:commitments_letter_create",
        allow(MANAGE, ok=422),
        method="POST",
        api=True,
        json=True,
        make=lambda w, o: {},
        data=lambda w, org: {
            "organization_id": org.pk,
            "year": 2014,
            "secretary_name": "",  # refused
            "secretary_post": "党支部书记",
        },
    ),
    Route(
        "api:commitments_item_create",
        _acting(201),
        method="POST",
        api=True,
        json=True,
        make=_id(_draft, "letter_id"),
        data=lambda w, o: {
            "category": "team",
            "content": "培养后备干部2名",
            "responsible": "支部书记",
            "due_on": "2014-11-30",
            "verification": "查阅名册",
            "weight": 10,
        },
    ),
    Route(
        "api:commitments_item_update",
        _acting(422),
        method="PATCH",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),
        data=lambda w, o: {"weight": 70},  # weights are locked once public
    ),
    Route(
        "api:commitments_letter_publish",
        _acting(422),
        method="POST",
        api=True,
        json=True,
        make=_id(_draft, "letter_id"),
        data=lambda w, o: {},  # weights sum to 90: refused
    ),
    Route(
        "api:commitments_progress_create",
        _acting(201),
        method="POST",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),
        data=lambda w, o: {"percent": 80, "text": "已完成阵地改造", "reported_on": "2014-09-01"},
    ),
    Route(
        "api:commitments_evidence_upload",
        _acting(422),
        method="POST",
        api=True,
        make=_id(_published_item, "item_id"),
        # A valid report without any file: refused (uploads are tested in the app's tests).
        data=lambda w, o: {"percent": 80, "text": "已完成阵地改造", "reported_on": "2014-09-01"},
    ),
    Route(
        "api:commitments_item_remove",
        _acting(422),
        method="POST",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),  # a public letter's items stay: refused
    ),
    Route(
        "api:commitments_milestone_create",
        _acting(201),
        method="POST",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),
        data=lambda w, o: {"title": "完成阵地改造", "due_on": "2014-09-30"},
    ),
    Route(
        "api:commitments_milestone_complete",
        _acting(422),
        method="POST",
        api=True,
        json=True,
        make=_id(_milestone, "milestone_id"),
        data=lambda w, o: {"done_on": "2999-07-01"},  # in the future: refused
    ),
    Route(
        "api:commitments_shortfall",
        _acting(422),
        method="POST",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),
        data=lambda w, o: {"note": ""},
    ),
    Route(
        "api:commitments_item_review",
        _acting(422, REVIEW),
        method="POST",
        api=True,
        json=True,
        make=_id(_published_item, "item_id"),
        data=lambda w, o: {"fulfilled": True},  # at 50% without a note: refused
    ),
    Route(
        "api:commitments_public_letters",
        allow(ALL),
        api=True,
        anon=200,
        public=True,
        make=_public_listed,
        outside=None,
    ),
]
