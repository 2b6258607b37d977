"""The one exception a service raises when a rule refuses an action."""

from __future__ import annotations

from django.utils.functional import Promise


class RuleViolation(Exception):
    """A rule refused the action. ``message`` names the rule, in the user's language.

    ``rule`` is a stable key (``admission.age_18``) for tests, the API and logs;
    ``field`` optionally points at the form field the rule is about.
    """

    def __init__(self, message: str | Promise, *, rule: str = "", field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.rule = rule
        self.field = field

    def __str__(self) -> str:
        return self.message
