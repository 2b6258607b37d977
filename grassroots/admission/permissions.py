from grassroots.core.permissions import grant
from grassroots.core.roles import BRANCH_ROLES, Role

# Cases hold personal data: only those who work on them see them (not leaders, members
# or auditors; auditors read the audit log).
grant("admission.view", Role.COUNTY, Role.TOWNSHIP, *BRANCH_ROLES)
# The branch records its own steps (application ... archive).
grant("admission.manage", *BRANCH_ROLES)
# The basic-level committee: filings, the committee review, pre-review, talk, approvals.
grant("admission.approve", Role.TOWNSHIP)
# The county organization department: the third review (三审查) and step 18 filing.
grant("admission.county", Role.COUNTY)
# Probation within the party (留党察看) records, which bar sponsoring.
grant("admission.discipline", Role.COUNTY, Role.TOWNSHIP)
# The approval queues: the committee's and the county department's.
grant("admission.queue", Role.COUNTY, Role.TOWNSHIP)
