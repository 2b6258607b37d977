"""Build large parts of the tree in a few queries (demo data, benchmarks, imports).

Paths are computed in memory the way treebeard would compute them, then rows are
inserted with ``bulk_create``. Not for interactive changes: those go through services.
"""

from __future__ import annotations

from typing import Any

from grassroots.core.pinyin import pinyin_keys

from .models import Organization


class TreeBuilder:
    def __init__(self) -> None:
        self._new: list[Organization] = []
        self._childcount: dict[str, int] = {}
        self._existing_parents: dict[str, Organization] = {}

    def _next_child_path(self, parent: Organization | None) -> tuple[str, int]:
        if parent is None:
            key = ""
            if key not in self._childcount:
                self._childcount[key] = Organization.objects.filter(depth=1).count()
            depth = 1
        else:
            key = parent.path
            if key not in self._childcount:
                self._childcount[key] = parent.numchild if parent.pk else 0
                if parent.pk:
                    self._existing_parents[key] = parent
            depth = parent.depth + 1
        self._childcount[key] += 1
        return Organization._get_path(key or None, depth, self._childcount[key]), depth

    def add(self, parent: Organization | None, **fields: Any) -> Organization:
        path, depth = self._next_child_path(parent)
        full, initials = pinyin_keys(fields["name"])
        node = Organization(
            path=path, depth=depth, numchild=0, name_pinyin=full, name_initials=initials, **fields
        )
        self._new.append(node)
        return node

    def save(self) -> list[Organization]:
        for node in self._new:
            node.numchild = self._childcount.get(node.path, 0)
        Organization.objects.bulk_create(self._new, batch_size=500)
        for path, parent in self._existing_parents.items():
            Organization.objects.filter(pk=parent.pk).update(numchild=self._childcount[path])
            parent.numchild = self._childcount[path]
        if not all(n.pk for n in self._new):  # SQLite before 3.35 returns no ids
            by_code = dict(
                Organization.objects.filter(code__in=[n.code for n in self._new]).values_list(
                    "code", "pk"
                )
            )
            for node in self._new:
                node.pk = by_code[node.code]
        created, self._new = self._new, []
        return created
