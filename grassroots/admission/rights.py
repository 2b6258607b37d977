"""Members' rights on a day (党员权利). A member on probation within the party (留党察看)
whose rights are not restored may not vote, stand for election or sponsor an applicant;
on the day their rights are restored (``restored_on``) they have them again.

One definition for the ballots app's roll (who votes at the branch general meeting, and
so whom the statutory thresholds count) and for admission's sponsors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from grassroots.members.models import Member, MemberStatus

from .models import DisciplinaryProbation


def probation_in_force_q(day: dt.date) -> Q:
    """Probations in force on ``day`` (the query form of ``in_force_on``)."""
    return Q(started_on__lte=day) & (Q(restored_on__isnull=True) | Q(restored_on__gt=day))


def rights_suspended(member: Member, on: dt.date) -> DisciplinaryProbation | None:
    """The probation within the party that suspends ``member``'s rights on ``on``."""
    return (
        DisciplinaryProbation.objects.filter(member=member)
        .filter(probation_in_force_q(on))
        .order_by("-started_on", "-id")
        .first()
    )


def members_with_voting_rights(organization: Any, on: dt.date) -> QuerySet[Member]:
    """Members with voting rights in ``organization``'s subtree on ``on``: full members
    (probationary members have none) whose rights are not suspended by 留党察看."""
    suspended = DisciplinaryProbation.objects.filter(probation_in_force_q(on)).values("member_id")
    return Member.objects.filter(
        organization__path__subtree=organization.path, status=MemberStatus.FULL
    ).exclude(pk__in=suspended)
