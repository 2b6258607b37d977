from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from grassroots.core.audit import log_action
from grassroots.demo.models import DemoStep
from grassroots.demo.registry import DEMO_PASSWORD, DemoContext, all_steps


class Command(BaseCommand):
    help = "载入通山县2014年演示数据（可重复执行，已载入的部分会跳过）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        done = set(DemoStep.objects.values_list("name", flat=True))
        for s in all_steps():
            if s.name in done:
                continue
            started = time.monotonic()
            with transaction.atomic():
                s.fn(ctx)
                DemoStep.objects.create(name=s.name)
                log_action(
                    actor=None, action="demo.step.loaded", data={"step": s.name}, object_repr=s.name
                )
            self.stdout.write(f"  ✓ {s.name} ({time.monotonic() - started:.1f}s)")
        if not options["quiet_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        from grassroots.accounts.demo import DEMO_USERS, MORE_ROLES

        self.stdout.write("")
        self.stdout.write(f"演示账号 Demo logins (密码 password: {DEMO_PASSWORD})")
        for username, full_name, role, _code, title in DEMO_USERS:
            labels = [str(role.label)] + [str(r.label) for u, r, *_ in MORE_ROLES if u == username]
            self.stdout.write(f"  {username:<14} {' + '.join(labels):<10} {full_name}（{title}）")
