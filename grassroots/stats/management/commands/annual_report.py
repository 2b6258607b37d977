from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from grassroots.orgs.models import Organization
from grassroots.stats.reports import FORMATS, render_report
from grassroots.stats.selectors import root_organization


class Command(BaseCommand):
    help = "生成年度党建工作报告（Word/PDF/Excel/JSON），统计范围为某组织及其全部下级。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="统计年度，如 2014")
        parser.add_argument("--org", default="", help="组织代码（默认：组织树的根）")
        parser.add_argument("--format", choices=sorted(FORMATS), default="json", dest="fmt")
        parser.add_argument("--output", required=True, help="输出文件；“-”表示标准输出")
        parser.add_argument(
            "--date",
            default="",
            help="成文日期，格式 YYYY-MM-DD（默认：统计年度的12月31日）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["org"]
        try:
            org = Organization.objects.get(code=code) if code else root_organization()
        except Organization.DoesNotExist as exc:
            raise CommandError(f"找不到组织代码「{code}」。" if code else "组织树为空。") from exc
        fmt = options["fmt"]
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"成文日期「{options['date']}」格式不正确，应为 YYYY-MM-DD。"
                ) from exc

        def progress(message: str) -> None:
            if options["output"] != "-" and options["verbosity"] > 1:
                self.stderr.write(message)

        content = render_report(org, options["year"], fmt, progress=progress, date=date)
        if options["output"] == "-":
            sys.stdout.flush()
            self.stdout.flush()
            if fmt == "json":
                self.stdout.write(content.decode("utf-8"), ending="")
            else:
                sys.stdout.buffer.write(content)
                sys.stdout.buffer.flush()
            return
        Path(options["output"]).write_bytes(content)
        if options["verbosity"] > 0:
            self.stderr.write(
                f"已生成 {options['output']}（{org.name}，{options['year']}年，{fmt}）"
            )
