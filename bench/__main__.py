"""``python -m bench [--only NAME ...] [--scale county|100k|N] [--rows N] [--repeats N]
[--out DIR]``

``--scale`` names the data size (``100k``: 100,000 generated rows, the default;
``county``: about the Tongshan demo's 16,000 members; a number such as ``20k`` or
``5000``); ``--rows`` overrides it with an exact row count. ``--out`` is where the JSON
results go (default ``bench/results/``).

Runs in a throwaway database (a fresh SQLite file unless ``BENCH_DATABASE_URL`` names
another, e.g. ``postgres://postgres@127.0.0.1:5432/grassroots_bench``: a PostgreSQL
database that does not exist is created, one that does is reused), never the
development database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SCALES = {"county": 16_000, "100k": 100_000, "province": 4_000_000}


def parse_scale(text: str) -> int:
    """Rows for a scale name: ``county``, ``100k``, ``province``, ``20k``, ``5000``."""
    text = text.strip().lower()
    if text in SCALES:
        return SCALES[text]
    if text.endswith("k") and text[:-1].isdigit():
        return int(text[:-1]) * 1000
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise ValueError(text)


def _create_postgres_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names if it does not exist yet."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", nargs="*", default=[], help="benchmark name prefixes")
    parser.add_argument(
        "--scale", default="100k", help="county (~16k members), 100k, or a row count (20k, 5000)"
    )
    parser.add_argument(
        "--rows", type=int, default=None, help="exact row count (overrides --scale)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="directory for the JSON results (bench/results/)"
    )
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
    _create_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bench import RESULTS_DIR, Context, run, table

    if args.rows is not None:
        rows = args.rows
        scale = f"{rows // 1000}k" if rows >= 1000 and rows % 1000 == 0 else str(rows)
    else:
        try:
            rows = parse_scale(args.scale)
        except ValueError:
            parser.error(f"unknown --scale {args.scale!r}: county, 100k or a row count")
        scale = args.scale
    ctx = Context(rows=rows, scale=scale, seed=args.seed, repeats=args.repeats, workdir=workdir)
    out_dir = args.out or RESULTS_DIR
    results = run(args.only or None, ctx, out_dir=out_dir)
    print(table(results))
    print(f"\nJSON: {out_dir}/<name>.json · throwaway data in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
