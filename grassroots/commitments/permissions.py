from grassroots.core.permissions import grant
from grassroots.core.roles import Role

grant(
    "commitments.view",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
    Role.LEADER,
    Role.AUDITOR,
)
# A committee or branch keeps its own letter (and those below it) up to date.
grant(
    "commitments.manage",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
)
# The year-end review is made by the level above (services.can_review).
grant("commitments.review", Role.COUNTY, Role.TOWNSHIP)
