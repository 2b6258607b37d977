from grassroots.core.permissions import grant
from grassroots.core.roles import STAFF_ROLES, Role

grant("ballots.view", *STAFF_ROLES, Role.AUDITOR)
grant("ballots.manage", *STAFF_ROLES)
