from grassroots.core.permissions import grant
from grassroots.core.roles import Role

# Committees, branches and auditors see the contact points in their subtree.
grant(
    "liaison.view",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
    Role.AUDITOR,
)
# A leader sees and logs only their own points (inside the subtree of their leader role).
grant("liaison.own", Role.LEADER)
# Anyone who has a contact-point page to go to (the menu entry).
grant(
    "liaison.access",
    Role.COUNTY,
    Role.TOWNSHIP,
    Role.BRANCH_SECRETARY,
    Role.BRANCH_ORGANIZER,
    Role.AUDITOR,
    Role.LEADER,
)
# Committees set up and end points, and may log visits and solutions on a leader's behalf.
grant("liaison.manage", Role.COUNTY, Role.TOWNSHIP)
# The county's own leadership work (standing-committee sessions, symposiums, funds).
grant("liaison.leadership_view", Role.COUNTY, Role.AUDITOR)
grant("liaison.leadership_manage", Role.COUNTY)
