from grassroots.core.permissions import grant
from grassroots.core.roles import STAFF_ROLES, Role

grant("notices.view", *STAFF_ROLES, Role.AUDITOR)
grant("notices.manage", *STAFF_ROLES)
# The holiday table (节假日安排) is kept by the county organization department.
grant("calendar.manage", Role.COUNTY)
