from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from grassroots.core.audit import log_action
from grassroots.core.calendar import seed_from_package


class Command(BaseCommand):
    help = "把 chinese-calendar 包中的法定节假日安排补入节假日表（已有年份不覆盖）。"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            years = seed_from_package()
            if years:
                log_action(
                    actor=None,
                    action="calendar.year.seeded",
                    object_repr="法定节假日安排",
                    data={"years": ", ".join(str(y) for y in years)},
                )
        self.stdout.write(
            f"已补入：{', '.join(map(str, years))}"
            if years
            else "节假日表已包含程序包中的全部年份。"
        )
