from grassroots.core.permissions import grant
from grassroots.core.roles import Role

grant(
    "rectification.view",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
    Role.AUDITOR,
)
# Townships (and the county) find and propose weak organizations below them and record
# the actions taken; only the county department approves the marking, assigns the leader
# and the first secretary, and holds the acceptance review.
grant("rectification.propose", Role.COUNTY, Role.TOWNSHIP)
grant("rectification.record", Role.COUNTY, Role.TOWNSHIP)
grant("rectification.approve", Role.COUNTY)
