"""The service-centre subsidy (以奖代补) is 30,000–70,000 yuan: the service refuses other
amounts with a message, and the database refuses them whatever the way in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grassroots.rectification.models import (
    Action,
    ActionKind,
    CaseStatus,
    Heading,
    RectificationCase,
)

pytestmark = pytest.mark.django_db


def _case(world):
    return RectificationCase.objects.create(
        organization=world.orgs["a1"],
        year=2014,
        reasons=["economy"],
        status=CaseStatus.OPEN,
        proposed_on=dt.date(2014, 3, 1),
    )


def _action(case, kind, amount):
    return Action(
        case=case,
        heading=Heading.CONDITIONS,
        kind=kind,
        occurred_on=dt.date(2014, 6, 1),
        title="服务中心建设",
        amount_yuan=amount,
    )


@pytest.mark.parametrize("amount", ["29999.99", "70000.01", "0", None])
def test_the_database_refuses_a_subsidy_out_of_range(world, amount):
    case = _case(world)
    value = Decimal(amount) if amount is not None else None
    with pytest.raises(IntegrityError), transaction.atomic():
        _action(case, ActionKind.SERVICE_CENTRE_SUBSIDY, value).save()
    Action.objects.create(heading=Heading.CONDITIONS, **_fields(case, 40000))
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(case=case).update(amount_yuan=value)
    assert Action.objects.get(case=case).amount_yuan == Decimal("40000")


def _fields(case, amount):
    return {
        "case": case,
        "kind": ActionKind.SERVICE_CENTRE_SUBSIDY,
        "occurred_on": dt.date(2014, 6, 1),
        "title": "服务中心建设",
        "amount_yuan": Decimal(amount),
    }


@pytest.mark.parametrize("amount", ["30000", "70000", "52000.50"])
def test_the_database_accepts_a_subsidy_in_range(world, amount):
    _action(_case(world), ActionKind.SERVICE_CENTRE_SUBSIDY, Decimal(amount)).save()
    assert Action.objects.get().amount_yuan == Decimal(amount)


def test_other_kinds_are_not_limited_to_the_subsidy_range(world):
    _action(_case(world), ActionKind.AID_FUNDS, Decimal("500")).save()
    assert Action.objects.count() == 1


def test_model_validation_names_the_rule_in_chinese(world):
    action = _action(_case(world), ActionKind.SERVICE_CENTRE_SUBSIDY, Decimal("80000"))
    with pytest.raises(ValidationError) as exc:
        action.validate_constraints()
    assert "3万元至7万元" in str(exc.value)
