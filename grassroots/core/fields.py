from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Lookup


class PathField(models.CharField):
    """A materialized path of the organization tree; supports the ``subtree`` lookup."""


@PathField.register_lookup
class Subtree(Lookup):
    """``path__subtree=P``: the node at P and everything below it.

    A prefix range on the indexed path: ``path >= P AND path < P || '~'`` ('~' sorts
    after every character of the path alphabet in binary order), which SQLite answers
    from the index. PostgreSQL uses ``LIKE 'P%'``, answered by the
    ``varchar_pattern_ops`` index Django creates beside the plain one, whatever the
    database collation.
    """

    lookup_name = "subtree"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        lhs_params, rhs_params = list(lhs_params), list(rhs_params)
        path = str(rhs_params[0])
        return f"({lhs} >= {rhs} AND {lhs} < {rhs})", [*lhs_params, path, *lhs_params, path + "~"]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        lhs_params, rhs_params = list(lhs_params), list(rhs_params)
        escaped = str(rhs_params[0]).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE {rhs}", [*lhs_params, escaped + "%"]
