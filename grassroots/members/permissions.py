from grassroots.core.permissions import grant
from grassroots.core.roles import Role

# Reading the registry and keeping it: the county, township committees, branch officers.
grant("members.view", Role.COUNTY, Role.TOWNSHIP, Role.BRANCH_SECRETARY, Role.BRANCH_ORGANIZER)
grant("members.manage", Role.COUNTY, Role.TOWNSHIP, Role.BRANCH_SECRETARY, Role.BRANCH_ORGANIZER)
grant("members.export", Role.COUNTY, Role.TOWNSHIP, Role.BRANCH_SECRETARY, Role.BRANCH_ORGANIZER)
# Decisions of a committee: status changes such as 转正/停止党籍/除名, confirming transfers.
grant("members.approve", Role.COUNTY, Role.TOWNSHIP)
# Seeing full ID numbers (each reveal audited) and importing whole files.
grant("members.reveal_id", Role.COUNTY, Role.TOWNSHIP)
grant("members.import", Role.COUNTY, Role.TOWNSHIP)
# Self-service: a member's own record (through the account's linked member).
grant("members.self", Role.MEMBER)
