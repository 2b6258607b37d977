from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from grassroots.stats import registry as reg

SHARED = [
    Path("/work/shared/spec/indicators.yaml"),
    Path(settings.BASE_DIR).parent / "shared" / "spec" / "indicators.yaml",
]


def test_catalogue_is_the_shared_one() -> None:
    shared = next((p for p in SHARED if p.exists()), None)
    if shared is None:
        pytest.skip("shared/spec/indicators.yaml is not present on this machine")
    assert reg.CATALOGUE_PATH.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


def test_catalogue_keys_are_unique_and_complete() -> None:
    import yaml

    data = yaml.safe_load(reg.CATALOGUE_PATH.read_text(encoding="utf-8"))
    keys = [item["key"] for items in data.values() for item in items]
    assert len(keys) == len(set(keys)) == len(reg.catalogue())
    for entry in reg.catalogue().values():
        assert entry.zh and entry.en and entry.unit is not None
        assert entry.match in {"exact", "at_least", "percent"}


def test_every_catalogue_key_is_available_or_listed_unavailable() -> None:
    unavailable = set(reg.unavailable_keys())
    for key in reg.catalogue():
        assert (key in reg.registry()) != (key in unavailable)


def test_unregistered_key_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = reg.registry()
    key = next(iter(reg.catalogue()))
    if key in registry:
        monkeypatch.delitem(reg._registry, key)
    assert key in reg.unavailable_keys()
    assert not reg.available(key)


def test_a_key_cannot_be_registered_by_two_functions() -> None:
    def first(scope, period):  # type: ignore[no-untyped-def]
        return 1

    def second(scope, period):  # type: ignore[no-untyped-def]
        return 2

    reg.indicator("test.twice", zh="测试", en="test", unit="个")(first)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            reg.indicator("test.twice", zh="测试", en="test", unit="个")(second)
    finally:
        del reg._registry["test.twice"]


def test_a_key_outside_the_catalogue_needs_labels() -> None:
    with pytest.raises(ValueError, match="not in the catalogue"):
        reg.indicator("test.unlabelled")(lambda scope, period: 0)


def test_definitions_are_written() -> None:
    for key, ind in reg.registry().items():
        assert ind.definition, f"{key} has no definition text"
