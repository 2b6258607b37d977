from grassroots.core.permissions import grant
from grassroots.core.roles import Role

grant("accounts.manage_roles", Role.COUNTY, Role.TOWNSHIP)
grant("audit.view", Role.COUNTY, Role.AUDITOR)
# Resetting second factors and deactivating logins.
grant("accounts.manage_security", Role.COUNTY)
