"""The rules a ballot can be decided by.

``STATUTORY_BRANCH_MEETING``: the branch general meeting (支部大会) of the national Detailed
Rules on Developing Party Members (admission steps 15 and 23). Members with voting
rights present must be MORE than half of those entitled to attend; the motion needs yes
votes from MORE than half of ALL members with voting rights entitled to attend (not of
those present). Written opinions handed in before the meeting by entitled members who
cannot attend count in the votes, not in the attendance. Probationary members have no
vote. Mass representatives' votes are counted and published beside the members' ones
but do not change the outcome.

``POLICY_MAJORITY``: a county's own ballots (the extra ballots of Tongshan's "1443"
method): yes votes must exceed a threshold share (default one half) of the valid
ballots (yes, no and abstain; invalid ones excluded).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATUTORY_BRANCH_MEETING = "statutory_branch_meeting"
POLICY_MAJORITY = "policy_majority"

RULE_CHOICES = [
    (STATUTORY_BRANCH_MEETING, _("支部大会表决（发展党员工作细则）")),
    (POLICY_MAJORITY, _("按有效票比例表决")),
]
RULES = {key for key, _label in RULE_CHOICES}
