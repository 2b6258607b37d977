"""``python -m bench [--only NAME ...] [--rows N] [--repeats N]``

Runs in a throwaway database (a fresh SQLite file unless ``BENCH_DATABASE_URL`` names
another, e.g. a PostgreSQL database to be created), never the development database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", nargs="*", default=[], help="benchmark name prefixes")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="grassroots-bench-"))
    os.environ.setdefault("GRASSROOTS_ENV", "test")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bench import Context, run, table

    scale = f"{args.rows // 1000}k" if args.rows >= 1000 else str(args.rows)
    ctx = Context(
        rows=args.rows, scale=scale, seed=args.seed, repeats=args.repeats, workdir=workdir
    )
    results = run(args.only or None, ctx)
    print(table(results))
    print(f"\nJSON: bench/results/<name>.json · throwaway data in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
