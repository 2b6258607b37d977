from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from grassroots.accounts.models import User
from grassroots.members.importing import import_members
from grassroots.orgs.models import Organization


class Command(BaseCommand):
    help = "从 Excel 文件导入党员（先用 --dry-run 检查；有任何错误则不导入任何数据）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="按导入模板填写的 .xlsx 文件")
        parser.add_argument("--org", required=True, help="导入到的组织代码（含下级）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--user", default="", help="以该用户的身份和权限导入（默认：服务器操作员，不限范围）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist as exc:
            raise CommandError(f"找不到组织代码 {options['org']}") from exc
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"找不到用户 {options['user']}")
        started = time.monotonic()
        result = import_members(
            actor=actor, organization=org, source=options["file"], dry_run=options["dry_run"]
        )
        elapsed = time.monotonic() - started
        for e in result.errors:
            self.stdout.write(f"第{e.row}行 [{e.column}] {e.message}")
        if result.error_count > len(result.errors):
            self.stdout.write(f"……另有 {result.error_count - len(result.errors)} 处错误未列出")
        self.stdout.write(result.summary())
        rate = result.rows / elapsed if elapsed else 0
        self.stdout.write(f"用时 {elapsed:.1f} 秒（{rate:.0f} 行/秒）")
        if not result.ok:
            raise CommandError("导入文件有错误，未写入任何数据。")
