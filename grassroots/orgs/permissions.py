from grassroots.core.permissions import grant
from grassroots.core.roles import Role

grant("orgs.view", *Role)
grant("orgs.manage", Role.COUNTY, Role.TOWNSHIP)
