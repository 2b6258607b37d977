from grassroots.core.permissions import grant
from grassroots.core.roles import Role

grant(
    "stats.view",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
    Role.LEADER,
    Role.AUDITOR,
)
