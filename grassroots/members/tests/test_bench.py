"""The benchmark framework at a tiny scale, so it cannot rot (``make bench`` is not a test)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_bench_runs_at_tiny_scale(tmp_path, settings):
    from bench import Context, run, table

    settings.MEDIA_ROOT = tmp_path
    results = run(
        ["members"], Context(rows=60, scale="60", repeats=1, workdir=tmp_path), out_dir=tmp_path
    )
    assert {r.name for r in results} == {"members_import", "members_list"}
    data = json.loads((tmp_path / "members_list.json").read_text(encoding="utf-8"))
    assert {
        "operation",
        "scale",
        "database",
        "platform_ms",
        "floor_ms",
        "ratio",
        "queries",
        "peak_mb",
        "commit",
    } <= set(data)
    assert data["queries"] < 10
    assert "members_import" in table(results)
