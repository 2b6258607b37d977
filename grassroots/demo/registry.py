"""Demo data steps. Each app contributes steps in its ``demo.py``:

    @step("members", order=30)
    def seed_members(ctx: DemoContext) -> None: ...

Steps run once each, in order, each in its own transaction; re-running ``seed_demo``
skips loaded steps. Generated history is bulk-inserted without per-row audit entries;
each step leaves one audit entry saying what it loaded.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "Tongshan@2014"
SEED = 2014


@dataclass
class DemoContext:
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    data: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (username, role, organization)


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    fn: Callable[[DemoContext], None]


_steps: dict[str, Step] = {}


def step(
    name: str, *, order: int
) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    def decorator(fn: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _steps[name] = Step(name, order, fn)
        return fn

    return decorator


def all_steps() -> list[Step]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))
