"""Roles a user can hold on an organization. A role covers that organization's subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY = "county", _("县委组织部")
    TOWNSHIP = "township", _("基层党委")
    BRANCH_SECRETARY = "branch_secretary", _("支部书记")
    BRANCH_ORGANIZER = "branch_organizer", _("支部组织委员")
    LEADER = "leader", _("联系点领导")
    MEMBER = "member", _("党员")
    AUDITOR = "auditor", _("审计员")


ALL_ROLES = tuple(Role)
STAFF_ROLES = (Role.COUNTY, Role.TOWNSHIP, Role.BRANCH_SECRETARY, Role.BRANCH_ORGANIZER)
BRANCH_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_ORGANIZER)
