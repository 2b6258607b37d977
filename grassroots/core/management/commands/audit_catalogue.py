from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from grassroots.core.audit import registered_types

HEADER = """# Audit action catalogue (审计操作目录)

Every state change writes one entry to the append-only audit log (`grassroots/core/audit.py`).
This list is generated from the registry by `python manage.py audit_catalogue --write`;
a test fails when it is out of date.

| action type | sentence (zh-hans) |
|---|---|
"""


def render() -> str:
    with translation.override("zh-hans"):
        rows = [
            f"| `{key}` | {action.template} |" for key, action in sorted(registered_types().items())
        ]
    return HEADER + "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = "打印（或写入 docs/audit.md）审计操作目录。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["write"]:
            (Path(settings.BASE_DIR) / "docs" / "audit.md").write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
