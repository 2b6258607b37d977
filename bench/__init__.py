"""Benchmarks (``make bench`` = ``python -m bench``): see shared spec bench.md.

Every benchmark times the platform's operation and its *floor* on the same data in the
same process, interleaved (A B A B ...), and reports the median of each and the median
of the pair ratios; absolute times on shared machines move, ratios measured side by side
do not. An area adds benchmarks in its own module (``bench/members.py``), discovered by
name::

    from bench import Context, Result, benchmark, interleave

    @benchmark("members_list")
    def members_list(ctx: Context) -> Result: ...

Results go to ``bench/results/<name>.json`` and a table on the terminal.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).with_name("results")


@dataclass
class Context:
    """What every benchmark gets: the scale, the seed, how often to repeat."""

    rows: int = 100_000
    scale: str = "100k"
    seed: int = 2014
    repeats: int = 5
    workdir: Path = field(default_factory=lambda: Path("/tmp"))


@dataclass
class Result:
    name: str
    operation: str
    scale: str
    database: str
    platform_ms: float
    floor_ms: float
    ratio: float
    queries: int | None = None
    peak_mb: float | None = None
    target: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    commit: str = ""
    measured_at: str = ""

    @property
    def ok(self) -> bool | None:
        """Whether the target (``ratio<=1.5``, ``rows_per_s>=2000``, ``queries<10`` ...) holds."""
        if not self.target:
            return None
        checks = []
        for part in self.target.split(","):
            part = part.strip()
            for op in ("<=", ">=", "<"):
                if op in part:
                    key, bound = part.split(op)
                    value = getattr(self, key.strip(), None)
                    if value is None:
                        value = self.extra.get(key.strip())
                    b = float(bound)
                    checks.append(
                        value is not None
                        and (value <= b if op == "<=" else value >= b if op == ">=" else value < b)
                    )
                    break
        return all(checks)


Bench = Callable[[Context], Result | list[Result]]
_registry: dict[str, Bench] = {}


def benchmark(name: str) -> Callable[[Bench], Bench]:
    def decorator(fn: Bench) -> Bench:
        _registry[name] = fn
        return fn

    return decorator


def discover() -> dict[str, Bench]:
    """Import every area module of the package (``bench/<area>.py``)."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return dict(_registry)


def interleave(
    platform: Callable[[], Any], floor: Callable[[], Any], *, repeats: int, warmup: int = 1
) -> tuple[float, float, float]:
    """Time A and B alternately; medians of each (ms) and the median of the pair ratios."""
    for _ in range(warmup):
        platform()
        floor()
    a_times: list[float] = []
    b_times: list[float] = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        platform()
        t1 = time.perf_counter()
        floor()
        t2 = time.perf_counter()
        a_times.append((t1 - t0) * 1000)
        b_times.append((t2 - t1) * 1000)
    ratios = [a / b for a, b in zip(a_times, b_times, strict=True) if b > 0]
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def count_queries(fn: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except OSError:
        return ""


def run(
    names: Iterable[str] | None = None, ctx: Context | None = None, out_dir: Path | None = None
) -> list[Result]:
    """Run the benchmarks whose name starts with one of ``names`` (all if None)."""
    ctx = ctx or Context()
    out_dir = out_dir or RESULTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = list(names or [])
    results: list[Result] = []
    rev = commit()
    for name, fn in sorted(discover().items()):
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        produced = fn(ctx)
        for result in produced if isinstance(produced, list) else [produced]:
            result.commit = rev
            result.measured_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            payload = {**asdict(result), "ok": result.ok}
            (out_dir / f"{result.name}.json").write_text(
                json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            results.append(result)
    return results


def table(results: list[Result]) -> str:
    lines = [
        f"{'benchmark':<16} {'scale':<7} {'db':<8} {'platform ms':>12} {'floor ms':>10} "
        f"{'ratio':>6} {'queries':>7} {'peak MB':>8}  target / extra"
    ]
    for r in results:
        extra = " ".join(f"{k}={v}" for k, v in r.extra.items())
        verdict = {True: "OK", False: "MISSED", None: ""}[r.ok]
        lines.append(
            f"{r.name:<16} {r.scale:<7} {r.database:<8} {r.platform_ms:>12.1f} {r.floor_ms:>10.1f} "
            f"{r.ratio:>6.2f} {r.queries if r.queries is not None else '-':>7} "
            f"{r.peak_mb if r.peak_mb is not None else '-':>8}  {r.target} {verdict} {extra}"
        )
    return "\n".join(lines)
